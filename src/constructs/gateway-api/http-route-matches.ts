/**
 * One Istio `HTTPMatchRequest` (as src/routing/http-match.ts renders it) → one Gateway API
 * `HTTPRouteMatch` that istiod translates back into a match for the same requests:
 * - istiod conversion.go createURIMatch / createHeadersMatch / createQueryParamsMatch /
 *   createMethodMatch turn the Gateway match into an Istio match;
 * - route.go TranslateRouteMatch then builds Envoy's match with `UseGatewaySemantics`: a
 *   `PathPrefix` becomes a path-separated prefix (`/api` matches `/api` and `/api/x`, never
 *   `/apix`), a RegularExpression a safe_regex over the whole path without its query string.
 * Every match carries an explicit `path`: the CRD defaults a missing one to `PathPrefix /`, and
 * istiod (and its sort) only ever sees the defaulted form.
 */
import { MAX_HEADER_VALUE, MAX_MATCH_CONDITIONS, MAX_QUERY_VALUE, checkMax, pathValueProblem } from './crd-limits';
import { KEEP_ISTIO, noGatewayApiForm } from './no-form';
import { exactRegex, prefixRegex } from './re2-literal';

/** The rendered Istio `StringMatch`. */
export interface IstioStringMatch {
  readonly exact?: string;
  readonly prefix?: string;
  readonly regex?: string;
}

/** A Gateway API path match. */
export interface GatewayPath {
  readonly type: 'Exact' | 'PathPrefix' | 'RegularExpression';
  readonly value: string;
}

/** Where a converted match's path came from: decides how a rewrite of the path maps. */
export type PathOrigin =
  /** `exact`: Istio replaces the whole path (Envoy prefix_rewrite of the whole matched path). */
  | 'exact'
  /** `regex`: Istio replaces the whole path. */
  | 'regex'
  /** `prefix: /` or no path: Istio replaces the leading `/`. */
  | 'root'
  /** `prefix: P/` + `exact: P` in one rule (the segment idiom), now one `PathPrefix P`. */
  | 'segment'
  /** Any other string prefix, now a RegularExpression: no prefix rewrite can follow it. */
  | 'string-prefix';

/** A converted match with what the rule conversion needs to know about its path. */
export interface ConvertedMatch {
  /** The Gateway API `HTTPRouteMatch`. */
  readonly match: Record<string, unknown>;
  readonly origin: PathOrigin;
  /** For `segment` and `string-prefix`: the Istio prefix (with its trailing `/` for `segment`). */
  readonly prefix?: string;
  /** The construct path(s) of the Istio match entries this match stands for. */
  readonly sources: readonly string[];
}

/** Match fields that exist only in Istio, with the alternative to name in the error. */
const ISTIO_ONLY: Record<string, { feature: string; fix: string }> = {
  ignoreUriCase: { feature: 'case-insensitive path matching (ignorePathCase)', fix: 'match the path with a RegularExpression such as PathMatch.regex("(?i)/api/.*")' },
  withoutHeaders: { feature: 'negative header matches (withoutHeaders)', fix: 'match the wanted header values positively (exact or regex), or route the excluded values with an earlier rule' },
  authority: { feature: 'matching the authority (Host) per match', fix: "route by host with the route's hosts (HTTPRoute hostnames) instead" },
  port: { feature: 'matching the destination port per match', fix: 'attach the route to the listener of that port (parentRefs port/sectionName) instead' },
  sourceLabels: { feature: 'matching the calling workload by labels (sourceLabels)', fix: 'restrict callers with an AuthorizationPolicy instead of routing on them' },
  sourceNamespace: { feature: 'matching the calling namespace (sourceNamespace)', fix: 'restrict callers with an AuthorizationPolicy instead of routing on them' },
  gateways: { feature: 'per-match gateways', fix: 'use one route per gateway (HTTPRoute parentRefs)' },
  statPrefix: { feature: 'per-match stat prefixes (statPrefix)', fix: 'drop statPrefix' },
  scheme: { feature: 'matching the scheme', fix: 'attach the route only to the HTTP or the HTTPS listener (parentRefs sectionName)' },
  name: { feature: 'match names (they only name Envoy\'s route in access logs and explain traces)', fix: 'drop the match name and name the rule instead' },
};

/** The construct option each rendered field comes from, so errors name what the user wrote. */
const OPTION_NAMES: Record<string, string> = { uri: 'path', ignoreUriCase: 'ignorePathCase', queryParams: 'queryParameters' };

function optionPath(source: string, field: string): string {
  return `${source}.${OPTION_NAMES[field] ?? field}`;
}

/** HTTPHeaderName / HTTPHeaderMatch name (also query parameter names): an RFC 7230 token. */
const TOKEN = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/**
 * Converts the match entries of one Istio rule. The segment idiom — `startsWith('/svc1/')`
 * together with `exactly('/svc1')` and otherwise equal conditions — becomes one `PathPrefix /svc1`,
 * which matches exactly the same requests with Gateway API semantics.
 */
export function toHttpRouteMatches(matches: readonly Record<string, unknown>[] | undefined, where: string): ConvertedMatch[] {
  if (!matches || matches.length === 0) {
    // Istio: no match = every request. The CRD's default `matches` is this one match.
    return [{ match: { path: { type: 'PathPrefix', value: '/' } }, origin: 'root', sources: [where] }];
  }
  return mergeSegmentIdiom(matches, where).map(({ istio, sources, segment }) => convertMatch(istio, sources, segment));
}

interface MatchEntry {
  readonly istio: Record<string, unknown>;
  /** The construct paths of the Istio entries: two when the idiom's exact half was folded in. */
  readonly sources: string[];
  /** Set on the prefix half of the idiom: the segment (`/svc1`). */
  segment?: string;
}

function mergeSegmentIdiom(matches: readonly Record<string, unknown>[], where: string): MatchEntry[] {
  const entries: MatchEntry[] = matches.map((istio, i) => ({ istio, sources: [`${where}.matches[${i}]`] }));
  const folded = new Set<number>();
  entries.forEach((entry, i) => {
    const prefix = (entry.istio.uri as IstioStringMatch | undefined)?.prefix;
    if (prefix === undefined || prefix.length < 2 || !prefix.endsWith('/')) return;
    const segment = prefix.slice(0, -1);
    const rest = conditionsKey(entry.istio);
    const partner = entries.findIndex((other, j) => j !== i && !folded.has(j)
      && (other.istio.uri as IstioStringMatch | undefined)?.exact === segment && conditionsKey(other.istio) === rest);
    if (partner < 0) return;
    folded.add(partner);
    entry.segment = segment;
    entry.sources.push(...entries[partner].sources);
  });
  return entries.filter((_, i) => !folded.has(i));
}

/** Everything of a match but its path, canonically: two idiom halves must agree on it. */
function conditionsKey(match: Record<string, unknown>): string {
  const { uri: _uri, ...rest } = match;
  return JSON.stringify(Object.keys(rest).sort().map((k) => [k, rest[k]]));
}

function convertMatch(istio: Record<string, unknown>, sources: readonly string[], segment: string | undefined): ConvertedMatch {
  const source = sources[0];
  for (const key of Object.keys(istio)) {
    const only = ISTIO_ONLY[key];
    if (only) throw noGatewayApiForm(optionPath(source, key), `the Gateway API has no form for ${only.feature}`, istio[key], `${only.fix}, ${KEEP_ISTIO}`);
    if (!['uri', 'headers', 'queryParams', 'method'].includes(key)) {
      throw noGatewayApiForm(optionPath(source, key), `the match field "${key}" has no Gateway API form`, istio[key], `drop it, ${KEEP_ISTIO}`);
    }
  }
  const path = convertPath(istio.uri as IstioStringMatch | undefined, segment, optionPath(source, 'uri'));
  const match: Record<string, unknown> = { path: path.path };
  const headers = convertConditions(istio.headers, `${source}.headers`, 'header', MAX_HEADER_VALUE);
  if (headers) match.headers = headers;
  const query = convertConditions(istio.queryParams, optionPath(source, 'queryParams'), 'query parameter', MAX_QUERY_VALUE);
  if (query) match.queryParams = query;
  if (istio.method !== undefined) match.method = convertMethod(istio.method as IstioStringMatch, `${source}.method`);
  return { match, origin: path.origin, prefix: path.prefix, sources };
}

/** The path: follows createURIMatch backwards, choosing the form istiod turns into the same Envoy match. */
function convertPath(uri: IstioStringMatch | undefined, segment: string | undefined, where: string): { path: GatewayPath; origin: PathOrigin; prefix?: string } {
  if (segment !== undefined) {
    // PathPrefix P: route.go makes it path_separated_prefix P = {P} ∪ P/… = exact P ∪ prefix P/.
    const problem = pathValueProblem(segment);
    if (problem === undefined) return { path: { type: 'PathPrefix', value: segment }, origin: 'segment', prefix: `${segment}/` };
    return { path: { type: 'RegularExpression', value: `${exactRegex(segment)}(/.*)?` }, origin: 'string-prefix', prefix: `${segment}/` };
  }
  if (uri === undefined || uri.prefix === '/') return { path: { type: 'PathPrefix', value: '/' }, origin: 'root' };
  if (uri.exact !== undefined) {
    // An exact value the CRD's Exact rules refuse is still the full-match regex of itself.
    if (pathValueProblem(uri.exact) === undefined) return { path: { type: 'Exact', value: uri.exact }, origin: 'exact' };
    return { path: { type: 'RegularExpression', value: exactRegex(uri.exact) }, origin: 'exact' };
  }
  if (uri.regex !== undefined) return { path: { type: 'RegularExpression', value: uri.regex }, origin: 'regex' };
  if (uri.prefix !== undefined) {
    // Istio's prefix is a string prefix of :path (query included); a Gateway PathPrefix is
    // path-separated. `<prefix>.*` over the path without its query is the same set unless the
    // prefix itself reaches into the query.
    if (/[?#]/.test(uri.prefix)) {
      throw noGatewayApiForm(where, 'a path prefix that reaches into the query string has no Gateway API form (Gateway API matches the path without its query)', uri.prefix,
        `match the path only and the query with queryParameters, ${KEEP_ISTIO}`);
    }
    return { path: { type: 'RegularExpression', value: prefixRegex(uri.prefix) }, origin: 'string-prefix', prefix: uri.prefix };
  }
  throw noGatewayApiForm(where, 'an empty path match has no Gateway API form', uri, `use PathMatch.exactly/startsWith/regex, ${KEEP_ISTIO}`);
}

/**
 * Header or query conditions: Exact stays Exact, a regex stays a RegularExpression (istiod passes
 * both through; Envoy full-matches the regex), a prefix becomes `<quoted prefix>.*`, presence
 * (`{}`, Envoy present_match) becomes `.*`, which matches every present value, empty ones included.
 * An empty exact value becomes `^$` (the CRD requires a non-empty value).
 */
function convertConditions(conditions: unknown, where: string, what: string, maxValue: number): Record<string, unknown>[] | undefined {
  if (conditions === undefined) return undefined;
  const entries = Object.entries(conditions as Record<string, IstioStringMatch>);
  checkMax(entries.length, MAX_MATCH_CONDITIONS, where, `${what} conditions in one match`, 'split the conditions over several rules');
  return entries.map(([name, m]) => {
    const at = `${where}.${name}`;
    if (!TOKEN.test(name) || name.length > 256) {
      throw noGatewayApiForm(at, `a Gateway API ${what} name must be an HTTP token of at most 256 characters`, name, `rename the ${what}, ${KEEP_ISTIO}`);
    }
    let condition: { type: 'Exact' | 'RegularExpression'; value: string };
    if (m.exact !== undefined) condition = m.exact === '' ? { type: 'RegularExpression', value: exactRegex('') } : { type: 'Exact', value: m.exact };
    else if (m.prefix !== undefined) condition = { type: 'RegularExpression', value: prefixRegex(m.prefix) };
    else if (m.regex !== undefined) condition = { type: 'RegularExpression', value: m.regex };
    else condition = { type: 'RegularExpression', value: '.*' };
    if (condition.value.length > maxValue) {
      throw noGatewayApiForm(at, `the ${what} value is ${condition.value.length} characters, the Gateway API CRD allows at most ${maxValue}`, condition.value,
        `shorten the value or the regex, ${KEEP_ISTIO}`);
    }
    return { name, type: condition.type, value: condition.value };
  });
}

function convertMethod(method: IstioStringMatch, where: string): string {
  if (method.exact !== undefined && METHODS.has(method.exact)) return method.exact;
  throw noGatewayApiForm(where, 'the Gateway API matches methods only exactly, one of its nine methods', method, `match one HttpMethod per match entry, ${KEEP_ISTIO}`);
}
