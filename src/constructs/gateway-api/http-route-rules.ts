/**
 * A route's Istio HTTP rules (what src/routing/http-rule.ts renderHttpRule returns) → the
 * `spec.rules` of an HTTPRoute (Gateway API v1.5.1 standard channel) that istiod
 * (pilot/pkg/config/kube/gateway/conversion.go convertHTTPRoute) translates back into a
 * VirtualService giving every request the same answer: same backends and weights, same rewritten
 * path and host, same redirect, headers, mirror, timeout and CORS. What has no such form fails
 * with CIT020 naming the feature and the alternative; nothing is dropped.
 */
import { BackendRef, BackendResolver } from './backend-resolver';
import {
  MAX_BACKEND_REFS, MAX_HTTP_RULES, MAX_MATCHES_PER_ROUTE, MAX_MATCHES_PER_RULE, MAX_PATH_VALUE, SECTION_NAME, checkMax,
} from './crd-limits';
import { corsFilter, destinationOf, headerModifierFilter, mirrorFilter, redirectFilter, rewriteHostname } from './http-route-filters';
import { ConvertedMatch, toHttpRouteMatches } from './http-route-matches';
import { gatewayDuration, istioDurationMillis } from './gateway-duration';
import { KEEP_ISTIO, noGatewayApiForm } from './no-form';
import { SourcedRule, checkRulePrecedence } from './rule-precedence';

type Json = Record<string, unknown>;

/** Rule fields with a Gateway API form; the others are refused below, by name. */
const CONVERTED = new Set(['name', 'match', 'route', 'redirect', 'directResponse', 'rewrite', 'timeout', 'mirror', 'mirrorPercentage', 'headers', 'corsPolicy']);

/** Rule fields without one, with the alternative. */
const NO_FORM: Record<string, { feature: string; fix: string }> = {
  retries: {
    feature: 'retry policies: HTTPRoute v1.5.1 (standard channel) has no retry field (HTTPRouteRetry is experimental)',
    fix: "drop retries (then Istio's default retry policy applies on both APIs)",
  },
  fault: { feature: 'fault injection', fix: 'inject faults from a test-only route' },
  delegate: { feature: 'delegation', fix: 'write the delegated rules into this route' },
  mirrors: { feature: 'several mirrors', fix: 'mirror to one destination' },
};

/**
 * Converts `rules` (in VirtualService order) into HTTPRoute rules. `where` is the route's
 * construct path; errors name `${where}.http[i]…`.
 */
export function toHttpRouteRules(rules: readonly Json[], backends: BackendResolver, where: string): Json[] {
  const converted = rules.flatMap((rule, i) => convertRule(rule, backends, `${where}.http[${i}]`));
  checkMax(converted.length, MAX_HTTP_RULES, `${where}.http`, 'HTTPRoute rules (after one rule per prefix rewrite)', 'split the route into several routes');
  const matchCount = converted.reduce((n, r) => n + (r.rule.matches as unknown[]).length, 0);
  checkMax(matchCount, MAX_MATCHES_PER_ROUTE, `${where}.http`, 'matches in one route', 'split the route into several routes');
  checkUniqueNames(converted, where);
  checkRulePrecedence(converted, where);
  return converted.map((r) => r.rule);
}

/** "This name MUST be unique within a Route if it is set" (HTTPRouteRule.name); Istio allows repeats. */
function checkUniqueNames(rules: readonly SourcedRule[], where: string): void {
  const seen = new Map<string, string>();
  for (const { rule, sources } of rules) {
    const name = rule.name as string | undefined;
    if (name === undefined) continue;
    const at = sources[0]?.[0] ?? where;
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw noGatewayApiForm(at, `the rule name "${name}" is already used by ${earlier}; Gateway API rule names must be unique within a route`, name,
        `give each rule its own name (a rule split for a prefix rewrite takes "<name>-2", "<name>-3", …), ${KEEP_ISTIO}`);
    }
    seen.set(name, at);
  }
}

function convertRule(rule: Json, backends: BackendResolver, where: string): SourcedRule[] {
  for (const key of Object.keys(rule)) {
    const none = NO_FORM[key];
    if (none) throw noGatewayApiForm(`${where}.${key}`, `the Gateway API has no form for ${none.feature}`, rule[key], `${none.fix}, ${KEEP_ISTIO}`);
    if (!CONVERTED.has(key)) throw noGatewayApiForm(`${where}.${key}`, `the rule field "${key}" has no Gateway API form`, rule[key], `drop it, ${KEEP_ISTIO}`);
  }
  const matches = toHttpRouteMatches(rule.match as Json[] | undefined, where);
  const common = commonParts(rule, backends, where);
  const groups = groupByRewrite(matches, rule.rewrite as Json | undefined, where);
  return groups.map((group, n) => {
    checkMax(group.matches.length, MAX_MATCHES_PER_RULE, `${where}.matches`, 'matches in one rule', 'split the rule');
    const out: Json = {};
    if (rule.name !== undefined) out.name = ruleName(rule.name, n, where);
    out.matches = group.matches.map((m) => m.match);
    const filters = [...common.filtersBefore, ...(group.rewrite ? [group.rewrite] : []), ...common.filtersAfter];
    if (filters.length > 0) out.filters = filters;
    if (common.backendRefs) out.backendRefs = common.backendRefs;
    if (common.timeouts) out.timeouts = common.timeouts;
    return { rule: out, sources: group.matches.map((m) => m.sources) };
  });
}

interface CommonParts {
  filtersBefore: Json[];
  filtersAfter: Json[];
  backendRefs?: Json[];
  timeouts?: Json;
}

/** Everything of a rule that does not depend on which of its matches fired. */
function commonParts(rule: Json, backends: BackendResolver, where: string): CommonParts {
  const out: CommonParts = { filtersBefore: [], filtersAfter: [] };
  const headers = rule.headers as Json | undefined;
  if (headers) {
    for (const key of Object.keys(headers)) {
      if (key !== 'request' && key !== 'response') throw noGatewayApiForm(`${where}.headers.${key}`, `"headers.${key}" has no Gateway API form`, headers[key], `use request or response, ${KEEP_ISTIO}`);
    }
    const request = headerModifierFilter(headers.request as Json | undefined, 'RequestHeaderModifier', `${where}.requestHeaders`);
    const response = headerModifierFilter(headers.response as Json | undefined, 'ResponseHeaderModifier', `${where}.responseHeaders`);
    if (request) out.filtersBefore.push(request);
    if (response) out.filtersBefore.push(response);
  }
  if (rule.mirror !== undefined) out.filtersAfter.push(mirrorFilter(rule.mirror as Json, rule.mirrorPercentage as Json | undefined, backends, where));
  else if (rule.mirrorPercentage !== undefined) throw noGatewayApiForm(`${where}.mirrorPercentage`, 'a mirror percentage without a mirror', rule.mirrorPercentage, 'set mirror or drop mirrorPercentage');
  if (rule.corsPolicy !== undefined) out.filtersAfter.push(corsFilter(rule.corsPolicy as Json, `${where}.cors`));
  if (rule.redirect !== undefined) out.filtersAfter.push(redirectFilter(rule.redirect as Json, `${where}.redirect`));
  if (rule.route !== undefined) out.backendRefs = backendRefs(rule.route as Json[], backends, `${where}.route`);
  if (rule.directResponse !== undefined) directResponse(rule.directResponse as Json, `${where}.directResponse`);
  if (rule.timeout !== undefined) {
    const ms = istioDurationMillis(rule.timeout);
    const request = ms === undefined ? undefined : gatewayDuration(ms);
    if (request === undefined) throw noGatewayApiForm(`${where}.timeout`, 'the timeout does not fit a Gateway API duration', rule.timeout, `use at most 99999 hours, ${KEEP_ISTIO}`);
    // istiod convertHTTPRoute: timeouts.request → the VirtualService timeout.
    out.timeouts = { request };
  }
  return out;
}

/**
 * A rule with no backendRefs is istiod's only direct response: convertHTTPRoute answers it with
 * `directResponse: { status: 500 }` (weightSum 0, no redirect), the same Envoy route as an Istio
 * `HttpAction.respond(500)` without body. Any other status or a body has no form.
 */
function directResponse(response: Json, where: string): void {
  if (response.status === 500 && response.body === undefined) return;
  throw noGatewayApiForm(where, 'the Gateway API has no direct responses (istiod answers a rule without backends with 500 and no body, nothing else)', response,
    `route to a backend that answers, or use HttpAction.respond(500) without body, ${KEEP_ISTIO}`);
}

/** `route[]` → weighted backendRefs (istiod buildHTTPDestination: weights pass through, a lone backend gets all traffic). */
function backendRefs(route: Json[], backends: BackendResolver, where: string): Json[] {
  checkMax(route.length, MAX_BACKEND_REFS, where, 'destinations in one split', 'split over fewer versions');
  return route.map((d, i) => {
    const at = `${where}[${i}]`;
    for (const key of Object.keys(d)) {
      if (key !== 'destination' && key !== 'weight') throw noGatewayApiForm(`${at}.${key}`, `the destination field "${key}" has no Gateway API form`, d[key], `drop it, ${KEEP_ISTIO}`);
    }
    const ref: Json = { ...stripUndefined(backends.backendRefFor(destinationOf(d.destination as Json, `${at}.destination`), `${at}.destination`)) };
    if (route.length > 1) ref.weight = d.weight;
    return ref;
  });
}

function stripUndefined(ref: BackendRef): Json {
  return Object.fromEntries(Object.entries(ref).filter(([, v]) => v !== undefined));
}

function ruleName(name: unknown, part: number, where: string): string {
  const full = part === 0 ? name : `${name}-${part + 1}`;
  if (typeof full !== 'string' || full.length > 253 || !SECTION_NAME.test(full)) {
    throw noGatewayApiForm(`${where}.name`, 'a Gateway API rule name must be a lowercase DNS subdomain (letters, digits, "-" and ".")', name,
      `rename the rule, e.g. "${String(name).toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'rule'}", ${KEEP_ISTIO}`);
  }
  return full;
}

interface RuleGroup {
  matches: ConvertedMatch[];
  rewrite?: Json;
}

/**
 * Splits the rule's matches into HTTPRoute rules so each gets the URLRewrite that means what
 * Istio's one `rewrite` does after that match (route.go applyHTTPRouteDestination):
 * - after an exact or regex match Istio replaces the whole path → ReplaceFullPath (istiod turns
 *   it into a regex rewrite of `/.*`, the whole path);
 * - after `prefix: /` (or no path) Istio replaces the leading `/`; ReplacePrefixMatch on
 *   `PathPrefix /` (istiod: prefix_rewrite of the value without its trailing `/`, or a regex
 *   that keeps the rest for `/`) matches it when the new prefix is `/` or has no trailing `/`;
 * - after the segment idiom `prefix: P/` + `exact: P`, Istio turns `P/x` into `R` + `x` and `P`
 *   into `R`; Gateway API `PathPrefix P` + ReplacePrefixMatch `R` gives `R` + `/x` trimmed the
 *   same way, and `P` → `R` without its trailing `/`. So `R = /` is one rule; `R` ending in `/`
 *   is an Exact `P` rule (ReplaceFullPath `R`, ranked first by istiod) plus the PathPrefix rule;
 *   any other `R` glues segments (`/svc1/x` → `/apix`) and has no form.
 * ReplacePrefixMatch needs exactly one PathPrefix match in its rule (the CRD's CEL), so each such
 * match is a rule of its own; consecutive full-path matches share one. Without a path rewrite the
 * rule stays one rule.
 */
function groupByRewrite(matches: ConvertedMatch[], rewrite: Json | undefined, where: string): RuleGroup[] {
  const at = `${where}.rewrite`;
  const hostname = rewrite?.authority !== undefined ? rewriteHostname(rewrite.authority, `${at}.authority`) : undefined;
  for (const key of Object.keys(rewrite ?? {})) {
    if (key === 'uriRegexRewrite') throw noGatewayApiForm(`${at}.uriRegexRewrite`, 'the Gateway API has no regex rewrites', rewrite![key], `rewrite with a path (ReplaceFullPath/ReplacePrefixMatch), ${KEEP_ISTIO}`);
    if (key !== 'uri' && key !== 'authority') throw noGatewayApiForm(`${at}.${key}`, `the rewrite field "${key}" has no Gateway API form`, rewrite![key], `drop it, ${KEEP_ISTIO}`);
  }
  const uri = rewrite?.uri as string | undefined;
  const filter = (path?: Json): Json | undefined => {
    if (!path && hostname === undefined) return undefined;
    const urlRewrite: Json = {};
    if (hostname !== undefined) urlRewrite.hostname = hostname;
    if (path) urlRewrite.path = path;
    return { type: 'URLRewrite', urlRewrite };
  };
  if (uri === undefined) return [{ matches, rewrite: filter() }];
  if (uri.length > MAX_PATH_VALUE) throw noGatewayApiForm(`${at}.path`, `the rewrite path is longer than the CRD's ${MAX_PATH_VALUE} characters`, uri, `shorten it, ${KEEP_ISTIO}`);
  const full = filter({ type: 'ReplaceFullPath', replaceFullPath: uri });
  const prefix = filter({ type: 'ReplacePrefixMatch', replacePrefixMatch: uri });
  const groups: RuleGroup[] = [];
  const addFull = (m: ConvertedMatch) => {
    const last = groups[groups.length - 1];
    if (last && last.rewrite === full) last.matches.push(m);
    else groups.push({ matches: [m], rewrite: full });
  };
  for (const m of matches) {
    switch (m.origin) {
      case 'exact':
      case 'regex':
        addFull(m);
        break;
      case 'root':
        if (uri !== '/' && uri.endsWith('/')) {
          throw noGatewayApiForm(`${at}.path`, `after a match on every path, Istio turns "/x" into "${uri}x", the Gateway API (istiod) into "${uri.slice(0, -1)}x"`, uri,
            `rewrite to "${uri.slice(0, -1)}" (no trailing "/") or to "/", ${KEEP_ISTIO}`);
        }
        groups.push({ matches: [m], rewrite: prefix });
        break;
      case 'segment': {
        const segment = m.prefix!.slice(0, -1);
        if (uri === '/') {
          groups.push({ matches: [m], rewrite: prefix });
        } else if (uri.endsWith('/')) {
          groups.push({ matches: [{ ...m, match: { ...m.match, path: { type: 'Exact', value: segment } }, origin: 'exact' }], rewrite: full });
          groups.push({ matches: [m], rewrite: prefix });
        } else {
          throw noGatewayApiForm(`${at}.path`, `Istio glues "${m.prefix}x" into "${uri}x"; a Gateway API prefix rewrite keeps the "/" ("${uri}/x")`, uri,
            `end the rewrite path with "/" ("${uri}/"), ${KEEP_ISTIO}`);
        }
        break;
      }
      default:
        throw noGatewayApiForm(`${at}.path`,
          `a prefix rewrite needs a Gateway API PathPrefix match, and the string prefix "${m.prefix}" is not a path segment (Gateway API prefixes are path-separated)`, m.prefix,
          `match the segment with the idiom PathMatch.startsWith("${segmentIdiom(m.prefix!)}/") + PathMatch.exactly("${segmentIdiom(m.prefix!)}") in the same rule, ${KEEP_ISTIO}`);
    }
  }
  return groups;
}

function segmentIdiom(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  return trimmed === '' ? '/x' : trimmed;
}
