/**
 * Property: for every random rule list the conversion accepts, every request gets the same rule
 * on both APIs — the VirtualService's first match (Istio semantics: string prefixes over the
 * whole :path, query included) and the first match in istiod's order over the converted HTTPRoute
 * (Gateway semantics: path-separated prefixes, RE2 full matches). Both matchers and istiod's sort
 * are written out here, independently of src/constructs/gateway-api, over RE2 (src/simulate/regex).
 * CI runs a bounded, seeded number of cases; FUZZ_RUNS / FUZZ_SEED as in topology.property.test.ts.
 */
import * as fc from 'fast-check';
import { IstioTrafficError } from '../../src';
import { toHttpRouteRules } from '../../src/constructs/gateway-api/http-route-rules';
import { Destination, HeaderMatch, HttpAction, HttpMethod, HttpRouteMatch, HttpRuleOptions, PathMatch, QueryParameterMatch, renderHttpRule } from '../../src/routing';
import { compileRe2, fullMatch, regexReplaceAll } from '../../src/simulate/regex';
import { quoteRe2 } from '../../src/constructs/gateway-api/re2-literal';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;

interface Request {
  path: string;
  query: Record<string, string>;
  method: string;
  headers: Record<string, string>;
}

// ---- random rules -------------------------------------------------------------------------

const SEGMENTS = ['/a', '/b', '/ab', '/a/b', '/a/bc'];
const pathMatch: fc.Arbitrary<PathMatch> = fc.oneof(
  fc.constantFrom(...SEGMENTS, '/').map((p) => PathMatch.exactly(p)),
  fc.constantFrom(...SEGMENTS.map((p) => `${p}/`), '/', '/a', '/ab').map((p) => PathMatch.startsWith(p)),
  fc.constantFrom('/a/.*', '/(a|b)', '/[ab]+', '.*b').map((p) => PathMatch.regex(p)),
);
const headerMatch = fc.oneof(
  fc.constantFrom('1', '2', '').map((v) => HeaderMatch.valueIs('x-v', v)),
  fc.constantFrom('1').map((v) => HeaderMatch.valueStartsWith('x-v', v)),
  fc.constant(HeaderMatch.valueMatchesRegex('x-v', '[12]')),
  fc.constant(HeaderMatch.isPresent('x-v')),
);
const queryMatch = fc.oneof(
  fc.constant(QueryParameterMatch.valueIs('q', '1')),
  fc.constant(QueryParameterMatch.valueMatchesRegex('q', '[0-9]+')),
  fc.constant(QueryParameterMatch.isPresent('q')),
);
const matchEntry: fc.Arbitrary<HttpRouteMatch> = fc.record({
  path: fc.option(pathMatch, { nil: undefined }),
  method: fc.option(fc.constantFrom(HttpMethod.GET, HttpMethod.POST), { nil: undefined }),
  headers: fc.option(headerMatch.map((h) => [h]), { nil: undefined }),
  queryParameters: fc.option(queryMatch.map((q) => [q]), { nil: undefined }),
}, { requiredKeys: [] });
/** The segment idiom: `startsWith(P/)` + `exactly(P)`. */
const idiom: fc.Arbitrary<HttpRouteMatch[]> = fc.constantFrom('/a', '/ab', '/a/b').map((p) => [{ path: PathMatch.startsWith(`${p}/`) }, { path: PathMatch.exactly(p) }]);
const matches = fc.oneof(fc.constant(undefined), fc.array(matchEntry, { minLength: 1, maxLength: 2 }), idiom);
const rewrite = fc.option(fc.constantFrom('/', '/api/', '/api', '/x/y/'), { nil: undefined });
const ruleList = fc.array(fc.tuple(matches, rewrite), { minLength: 1, maxLength: 4 }).map((list) => list.map(([m, path], i): HttpRuleOptions => ({
  matches: m, action: HttpAction.to(Destination.host(`svc-${i}.shop.svc.cluster.local`)), ...(path === undefined ? {} : { rewrite: { path } }),
})));

// ---- all requests of a small universe -----------------------------------------------------

const PATHS = ['/', '/a', '/a/', '/a/b', '/a/bc', '/ab', '/abc', '/ab/x', '/b', '/b/a', '/x'];
const QUERIES: Record<string, string>[] = [{}, { q: '1' }, { q: 'x' }];
const HEADERS: Record<string, string>[] = [{}, { 'x-v': '1' }, { 'x-v': '2' }, { 'x-v': '' }, { 'x-v': '12' }];
const REQUESTS: Request[] = PATHS.flatMap((path) => QUERIES.flatMap((query) => ['GET', 'POST'].flatMap((method) =>
  HEADERS.map((headers) => ({ path, query, method, headers })))));

function queryString(r: Request): string {
  const q = Object.entries(r.query).map(([k, v]) => `${k}=${v}`).join('&');
  return q ? `?${q}` : '';
}

/** `:path` as Envoy sees it, query included. */
function rawPath(r: Request): string {
  return r.path + queryString(r);
}

const re = (pattern: string, value: string) => fullMatch(compileRe2(pattern, 'property'), value);

// ---- the VirtualService: first matching rule, Istio/Envoy semantics -----------------------

function istioString(m: any, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (m.exact !== undefined) return value === m.exact;
  if (m.prefix !== undefined) return value.startsWith(m.prefix);
  if (m.regex !== undefined) return re(m.regex, value);
  return true; // {} = present
}

function istioMatch(m: any, r: Request): boolean {
  if (m.uri) {
    // Envoy: prefix compares the whole :path (query included), exact and regex the path without it.
    if (m.uri.prefix !== undefined) { if (!rawPath(r).startsWith(m.uri.prefix)) return false; } else if (!istioString(m.uri, r.path)) return false;
  }
  if (m.method && r.method !== m.method.exact) return false;
  for (const [name, sm] of Object.entries<any>(m.headers ?? {})) if (!istioString(sm, r.headers[name])) return false;
  for (const [name, sm] of Object.entries<any>(m.queryParams ?? {})) if (!istioString(sm, r.query[name])) return false;
  return true;
}

/**
 * Envoy's prefix_rewrite as Istio configures it: after a prefix match the matched prefix of the
 * :path is replaced, after an exact or regex match the whole path (the query stays).
 */
function istioRewrite(m: any, rewrite: string | undefined, r: Request): string {
  if (rewrite === undefined) return rawPath(r);
  const uri = m?.uri;
  if (!uri) return rewrite + rawPath(r).slice(1);
  if (uri.prefix !== undefined) return rewrite + rawPath(r).slice(uri.prefix.length);
  return rewrite + queryString(r);
}

function virtualServiceAnswer(rules: any[], r: Request): string {
  for (const rule of rules) {
    const m = rule.match ? rule.match.find((x: any) => istioMatch(x, r)) : {};
    if (m) return `${rule.route[0].destination.host.split('.')[0]} ${istioRewrite(m, rule.rewrite?.uri, r)}`;
  }
  return 'no route';
}

// ---- the HTTPRoute: istiod's sort, then first match with Gateway semantics ----------------

function gatewayMatch(m: any, r: Request): boolean {
  const path = m.path ?? { type: 'PathPrefix', value: '/' };
  if (path.type === 'Exact' && r.path !== path.value) return false;
  if (path.type === 'PathPrefix') {
    const p = path.value !== '/' && path.value.endsWith('/') ? path.value.slice(0, -1) : path.value;
    if (!(p === '/' || r.path === p || r.path.startsWith(`${p}/`))) return false;
  }
  if (path.type === 'RegularExpression' && !re(path.value, r.path)) return false;
  if (m.method && r.method !== m.method) return false;
  const value = (c: any, v: string | undefined) => v !== undefined && (c.type === 'RegularExpression' ? re(c.value, v) : v === c.value);
  return (m.headers ?? []).every((c: any) => value(c, r.headers[c.name])) && (m.queryParams ?? []).every((c: any) => value(c, r.query[c.name]));
}

/** conversion.go sortHTTPRoutes over one-match routes: rank, length, method, headers, query; stable. */
function istiodSorted(rules: any[]): { rule: any; match: any }[] {
  const rank = (m: any) => ({ Exact: 3, PathPrefix: 2, RegularExpression: 1 } as any)[m.path?.type ?? 'PathPrefix'];
  const length = (m: any) => {
    const p = m.path ?? { type: 'PathPrefix', value: '/' };
    return p.type === 'PathPrefix' && p.value !== '/' && p.value.endsWith('/') ? p.value.length - 1 : p.value.length;
  };
  const flat = rules.flatMap((rule) => (rule.matches?.length ? rule.matches : [{}]).map((match: any) => ({ rule, match })));
  return flat.map((e, i) => ({ ...e, i })).sort((x, y) =>
    (rank(y.match) - rank(x.match)) || (length(y.match) - length(x.match))
    || (Number(Boolean(y.match.method)) - Number(Boolean(x.match.method)))
    || ((y.match.headers?.length ?? 0) - (x.match.headers?.length ?? 0))
    || ((y.match.queryParams?.length ?? 0) - (x.match.queryParams?.length ?? 0)) || (x.i - y.i));
}

/**
 * URLRewrite as istiod derives it (conversion.go createRewriteFilter) and route.go applies it with
 * gateway semantics: ReplaceFullPath = regex rewrite of `/.*`; ReplacePrefixMatch R = prefix_rewrite
 * of R without its trailing `/` on the path-separated prefix, or for `/` the regex
 * `^<prefix>(/?)(.*)` → `/\2`. Regex rewrites work on the path without its query.
 */
function gatewayRewrite(rule: any, m: any, r: Request): string {
  const path = rule.filters?.find((f: any) => f.type === 'URLRewrite')?.urlRewrite?.path;
  if (!path) return rawPath(r);
  const regex = (pattern: string, substitution: string) => regexReplaceAll(compileRe2(pattern, 'property'), r.path, substitution) + queryString(r);
  if (path.type === 'ReplaceFullPath') return regex('/.*', path.replaceFullPath);
  const uri = path.replacePrefixMatch.replace(/\/$/, '') || '/';
  const value = m.path.value;
  const prefix = value !== '/' && value.endsWith('/') ? value.slice(0, -1) : value;
  if (uri === '/') return regex(`^${prefix === '/' ? '' : quoteRe2(prefix)}(/?)(.*)`, '/\\2');
  return uri + rawPath(r).slice(prefix.length);
}

function httpRouteAnswer(sorted: { rule: any; match: any }[], r: Request): string {
  const hit = sorted.find((e) => gatewayMatch(e.match, r));
  return hit ? `${hit.rule.backendRefs[0].name} ${gatewayRewrite(hit.rule, hit.match, r)}` : 'no route';
}

const BACKENDS = { backendRefFor: (d: { host: string }) => ({ name: d.host.split('.')[0], port: 80 }) };

test(`on accepted routes every request gets the same rule and rewritten path on both APIs (${RUNS} cases × ${REQUESTS.length} requests, seed ${SEED})`, () => {
  let accepted = 0;
  let rejected = 0;
  try {
    fc.assert(fc.property(ruleList, (options) => {
      let istio: Record<string, unknown>[];
      try {
        istio = options.map((o, i) => renderHttpRule(o, `route.http[${i}]`));
      } catch {
        return; // not a valid Istio rule list (e.g. a header matched twice): nothing to compare
      }
      let converted: Record<string, unknown>[];
      try {
        converted = toHttpRouteRules(istio, BACKENDS, 'route');
      } catch (e) {
        if (!(e instanceof IstioTrafficError) || e.code !== 'CIT020') throw e;
        rejected++;
        return;
      }
      accepted++;
      const sorted = istiodSorted(converted);
      for (const r of REQUESTS) {
        const vs = virtualServiceAnswer(istio, r);
        const gw = httpRouteAnswer(sorted, r);
        if (vs !== gw) throw new Error(`${JSON.stringify(r)}: VirtualService → ${vs}, HTTPRoute → ${gw}\nrules: ${JSON.stringify(istio)}\nconverted: ${JSON.stringify(converted)}`);
      }
    }), { numRuns: RUNS, seed: SEED });
  } catch (error) {
    throw new Error(`property failed with FUZZ_SEED=${SEED} (${RUNS} runs): ${error instanceof Error ? error.message : String(error)}`);
  }
  // Not vacuous: the check must accept a good share of random routes, and reject some.
  if (process.env.FUZZ_VERBOSE) console.log({ accepted, rejected });
  expect(accepted).toBeGreaterThan(RUNS / 5);
  expect(rejected).toBeGreaterThan(0);
});
