/**
 * Istio HTTP rules (as the constructs render them) → HTTPRoute rules that istiod translates back
 * into the same routes (pilot/pkg/config/kube/gateway/conversion.go convertHTTPRoute and its
 * create*Match / create*Filter helpers, route.go with UseGatewaySemantics). One table per feature;
 * every converted route must pass the vendored v1.5.1 CRD schema and CEL rules.
 */
import { Duration } from 'cdk8s';
import { IstioTrafficError } from '../../src';
import { toHttpRouteRules } from '../../src/constructs/gateway-api/http-route-rules';
import { toTlsRouteRules } from '../../src/constructs/gateway-api/tls-route-rules';
import { gatewayDuration } from '../../src/constructs/gateway-api/gateway-duration';
import { literalOf, literalPrefixOf, prefixRegex } from '../../src/constructs/gateway-api/re2-literal';
import {
  Destination, HeaderMatch, HttpAction, HttpFault, HttpMethod, HttpRuleOptions, PathMatch, QueryParameterMatch, StringMatch,
} from '../../src/routing';
import { renderTlsRule, TlsRuleOptions } from '../../src/routing/tls-rule';
import { FAKE_BACKENDS, WHERE, httpRouteViolations, istioRules, tlsRouteViolations } from './gateway-api-rules-support';

const reviews = (subset?: string, port?: number) => Destination.host('reviews.shop.svc.cluster.local', { subset, port });
const to = HttpAction.to(reviews('v1'));
const V1 = { name: 'reviews-v1', namespace: 'shop', port: 80 };

function convert(...rules: HttpRuleOptions[]): Record<string, any>[] {
  const out = toHttpRouteRules(istioRules(...rules), FAKE_BACKENDS, WHERE);
  expect(httpRouteViolations(out)).toEqual([]);
  return out;
}

function cit020(rule: HttpRuleOptions | HttpRuleOptions[]): IstioTrafficError {
  const rules = Array.isArray(rule) ? rule : [rule];
  try {
    toHttpRouteRules(istioRules(...rules), FAKE_BACKENDS, WHERE);
  } catch (e) {
    expect(e).toBeInstanceOf(IstioTrafficError);
    expect((e as IstioTrafficError).code).toBe('CIT020');
    return e as IstioTrafficError;
  }
  throw new Error('expected CIT020');
}

describe('the validator these tests rely on', () => {
  test('rejects what the API server rejects (a prefix rewrite after an Exact match, CEL)', () => {
    const bad = [{
      matches: [{ path: { type: 'Exact', value: '/a' } }],
      filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }],
      backendRefs: [V1],
    }];
    expect(httpRouteViolations(bad).join('\n')).toMatch(/exactly one PathPrefix match must be specified/);
  });

  test('rejects a Service backendRef without port (CEL after defaulting group/kind)', () => {
    expect(httpRouteViolations([{ backendRefs: [{ name: 'reviews-v1' }] }]).join('\n')).toMatch(/Must have port for Service reference/);
  });
});

describe('paths (istiod createURIMatch; route.go: PathPrefix is path-separated, a regex full-matches the path)', () => {
  test.each<[string, HttpRuleOptions['matches'], unknown[]]>([
    ['exact → Exact', [{ path: PathMatch.exactly('/login') }], [{ path: { type: 'Exact', value: '/login' } }]],
    ['prefix "/" → PathPrefix "/" (every path on both APIs)', [{ path: PathMatch.startsWith('/') }], [{ path: { type: 'PathPrefix', value: '/' } }]],
    ['the segment idiom startsWith("/svc1/") + exactly("/svc1") → one PathPrefix /svc1',
      [{ path: PathMatch.startsWith('/svc1/') }, { path: PathMatch.exactly('/svc1') }], [{ path: { type: 'PathPrefix', value: '/svc1' } }]],
    ['the idiom in either order, other conditions kept',
      [{ path: PathMatch.exactly('/a'), method: HttpMethod.GET }, { path: PathMatch.startsWith('/a/'), method: HttpMethod.GET }],
      [{ path: { type: 'PathPrefix', value: '/a' }, method: 'GET' }]],
    ['halves with different conditions are not the idiom',
      [{ path: PathMatch.startsWith('/a/'), method: HttpMethod.GET }, { path: PathMatch.exactly('/a') }],
      [{ path: { type: 'RegularExpression', value: '/a/.*' }, method: 'GET' }, { path: { type: 'Exact', value: '/a' } }]],
    ['any other string prefix → its quoted regex + ".*" (Istio matches /v1x too)', [{ path: PathMatch.startsWith('/v1.0') }],
      [{ path: { type: 'RegularExpression', value: '/v1\\.0.*' } }]],
    ['regex → RegularExpression', [{ path: PathMatch.regex('/users/[0-9]+') }], [{ path: { type: 'RegularExpression', value: '/users/[0-9]+' } }]],
    ['an exact path the CRD refuses as Exact ("//") → its quoted regex', [{ path: PathMatch.exactly('/a//b') }],
      [{ path: { type: 'RegularExpression', value: '/a//b' } }]],
    ['no path → the CRD default PathPrefix "/", written out', [{ method: HttpMethod.POST }], [{ path: { type: 'PathPrefix', value: '/' }, method: 'POST' }]],
  ])('%s', (_name, matches, expected) => {
    expect(convert({ matches, action: to })[0].matches).toEqual(expected);
  });

  test('a rule without matches gets the CRD default match, written out (istiod ranks it as PathPrefix "/")', () => {
    expect(convert({ action: to })).toEqual([{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [V1] }]);
  });
});

describe('headers, query parameters and methods (istiod createHeadersMatch / createQueryParamsMatch / createMethodMatch)', () => {
  test.each<[string, HttpRuleOptions['matches'], Record<string, unknown>]>([
    ['header exact → Exact', [{ headers: [HeaderMatch.valueIs('x-user', 'jason')] }], { headers: [{ name: 'x-user', type: 'Exact', value: 'jason' }] }],
    ['header regex → RegularExpression', [{ headers: [HeaderMatch.valueMatchesRegex('x-user', 'j.*')] }], { headers: [{ name: 'x-user', type: 'RegularExpression', value: 'j.*' }] }],
    ['header prefix → quoted regex + ".*"', [{ headers: [HeaderMatch.valueStartsWith('x-user', 'a.b')] }], { headers: [{ name: 'x-user', type: 'RegularExpression', value: 'a\\.b.*' }] }],
    ['header present → ".*" (every present value, empty ones too)', [{ headers: [HeaderMatch.isPresent('x-canary')] }], { headers: [{ name: 'x-canary', type: 'RegularExpression', value: '.*' }] }],
    ['header exact "" → "^$" (the CRD needs a non-empty value)', [{ headers: [HeaderMatch.valueIs('x-empty', '')] }], { headers: [{ name: 'x-empty', type: 'RegularExpression', value: '^$' }] }],
    ['the cookie idiom survives byte for byte', [{ headers: [HeaderMatch.cookieIs('user', 'jason')] }],
      { headers: [{ name: 'cookie', type: 'RegularExpression', value: '^(.*?;\\s*)?(user=jason)(;.*)?$' }] }],
    ['query exact / regex / prefix / present', [{ queryParameters: [
      QueryParameterMatch.valueIs('a', '1'), QueryParameterMatch.valueMatchesRegex('b', '[0-9]+'),
      QueryParameterMatch.valueStartsWith('c', 'x'), QueryParameterMatch.isPresent('d')] }],
    { queryParams: [
      { name: 'a', type: 'Exact', value: '1' }, { name: 'b', type: 'RegularExpression', value: '[0-9]+' },
      { name: 'c', type: 'RegularExpression', value: 'x.*' }, { name: 'd', type: 'RegularExpression', value: '.*' }] }],
    ['method → method', [{ method: HttpMethod.DELETE }], { method: 'DELETE' }],
  ])('%s', (_name, matches, expected) => {
    expect(convert({ matches, action: to })[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/' }, ...expected }]);
  });
});

describe('backends (istiod buildHTTPDestination)', () => {
  test.each<[string, HttpAction, unknown[]]>([
    ['one destination → one backendRef without weight (all traffic)', HttpAction.to(reviews('v1')), [V1]],
    ['a split → weighted backendRefs, weights as written', HttpAction.split([{ destination: reviews('v1'), weight: 90 }, { destination: reviews('v2'), weight: 10 }]),
      [{ ...V1, weight: 90 }, { name: 'reviews-v2', namespace: 'shop', port: 80, weight: 10 }]],
    ['a zero weight stays (istiod skips it, as route.go skips Istio\'s)', HttpAction.split([{ destination: reviews('v1'), weight: 100 }, { destination: reviews('v2'), weight: 0 }]),
      [{ ...V1, weight: 100 }, { name: 'reviews-v2', namespace: 'shop', port: 80, weight: 0 }]],
    ['the destination port → backendRef port', HttpAction.to(reviews(undefined, 9080)), [{ name: 'reviews', namespace: 'shop', port: 9080 }]],
  ])('%s', (_name, action, expected) => {
    expect(convert({ action })[0].backendRefs).toEqual(expected);
  });

  test('HttpAction.respond(500) without body → a rule without backendRefs (istiod answers it with directResponse 500)', () => {
    expect(convert({ action: HttpAction.respond(500) })).toEqual([{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }]);
  });
});

const rewrite = (path: string) => ({ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: path } } });
const fullPath = (path: string) => ({ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: path } } });
const segment = [{ path: PathMatch.startsWith('/svc1/') }, { path: PathMatch.exactly('/svc1') }];

describe('path rewrites (istiod createRewriteFilter; route.go prefix rewrite with gateway semantics)', () => {
  test('the idiom with rewrite "/" → one PathPrefix rule with ReplacePrefixMatch "/" (/svc1/x → /x, /svc1 → /)', () => {
    expect(convert({ name: 'svc-1', matches: segment, action: to, rewrite: { path: '/' } })).toEqual([
      { name: 'svc-1', matches: [{ path: { type: 'PathPrefix', value: '/svc1' } }], filters: [rewrite('/')], backendRefs: [V1] },
    ]);
  });

  test('the idiom with rewrite "/api/" → Exact /svc1 (ReplaceFullPath "/api/") then PathPrefix /svc1 (ReplacePrefixMatch)', () => {
    expect(convert({ name: 'svc-1', matches: segment, action: to, rewrite: { path: '/api/' } })).toEqual([
      { name: 'svc-1', matches: [{ path: { type: 'Exact', value: '/svc1' } }], filters: [fullPath('/api/')], backendRefs: [V1] },
      { name: 'svc-1-2', matches: [{ path: { type: 'PathPrefix', value: '/svc1' } }], filters: [rewrite('/api/')], backendRefs: [V1] },
    ]);
  });

  test.each<[string, HttpRuleOptions['matches'], string, unknown]>([
    ['after an exact match Istio replaces the whole path → ReplaceFullPath', [{ path: PathMatch.exactly('/old') }], '/new', fullPath('/new')],
    ['after a regex match too', [{ path: PathMatch.regex('/old/.*') }], '/new', fullPath('/new')],
    ['after "/" a prefix without trailing "/" → ReplacePrefixMatch (/x → /apix on both)', [{ path: PathMatch.startsWith('/') }], '/api', rewrite('/api')],
    ['a header-only match is the "/" prefix', [{ headers: [HeaderMatch.valueIs('x', '1')] }], '/', rewrite('/')],
  ])('%s', (_name, matches, path, filter) => {
    expect(convert({ matches, action: to, rewrite: { path } })[0].filters).toEqual([filter]);
  });

  test('a rule mixing exact and prefix matches is split per match kind, in the order written', () => {
    const out = convert({ name: 'mixed', matches: [{ path: PathMatch.exactly('/a') }, { path: PathMatch.exactly('/b') }, ...segment], action: to, rewrite: { path: '/' } });
    expect(out.map((r) => [r.name, r.matches.map((m: any) => `${m.path.type} ${m.path.value}`), r.filters[0].urlRewrite.path.type])).toEqual([
      ['mixed', ['Exact /a', 'Exact /b'], 'ReplaceFullPath'],
      ['mixed-2', ['PathPrefix /svc1'], 'ReplacePrefixMatch'],
    ]);
  });

  test('authority → URLRewrite hostname, on every part of a split', () => {
    const out = convert({ matches: segment, action: to, rewrite: { path: '/api/', authority: 'api.internal' } });
    expect(out.map((r) => r.filters[0].urlRewrite.hostname)).toEqual(['api.internal', 'api.internal']);
    expect(convert({ action: to, rewrite: { authority: 'api.internal' } })[0].filters).toEqual([{ type: 'URLRewrite', urlRewrite: { hostname: 'api.internal' } }]);
  });
});

describe('redirects, headers, mirror, timeout, CORS', () => {
  test.each<[string, Parameters<typeof HttpAction.redirect>[0], Record<string, unknown>]>([
    ['path → ReplaceFullPath; Istio\'s default 301 written out (the CRD defaults to 302)', { path: '/new', port: 80 },
      { path: { type: 'ReplaceFullPath', replaceFullPath: '/new' }, port: 80, statusCode: 301 }],
    ['scheme https (istiod: derivePort FROM_PROTOCOL_DEFAULT, Istio\'s own behaviour)', { scheme: 'https' }, { scheme: 'https', statusCode: 301 }],
    ['authority → hostname, statusCode 308', { authority: 'new.example.com', scheme: 'https', statusCode: 308 }, { scheme: 'https', hostname: 'new.example.com', statusCode: 308 }],
  ])('redirect: %s', (_name, options, expected) => {
    expect(convert({ action: HttpAction.redirect(options) })[0].filters).toEqual([{ type: 'RequestRedirect', requestRedirect: expected }]);
  });

  test('request/response headers → Request/ResponseHeaderModifier (set, add = append on both, remove)', () => {
    const out = convert({ action: to, requestHeaders: { set: { 'x-b': '2', 'x-a': '1' }, add: { 'x-c': '3' }, remove: ['x-d', 'x-d'] }, responseHeaders: { remove: ['server'] } });
    expect(out[0].filters).toEqual([
      { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-a', value: '1' }, { name: 'x-b', value: '2' }], add: [{ name: 'x-c', value: '3' }], remove: ['x-d'] } },
      { type: 'ResponseHeaderModifier', responseHeaderModifier: { remove: ['server'] } },
    ]);
  });

  test.each<[string, number | undefined, Record<string, unknown>]>([
    ['all traffic (no percentage)', undefined, {}],
    ['a whole percentage → percent', 25, { percent: 25 }],
    ['a fractional one → a fraction over a million (Envoy\'s resolution)', 12.5, { fraction: { numerator: 125000, denominator: 1000000 } }],
  ])('mirror: %s', (_name, mirrorPercentage, extra) => {
    expect(convert({ action: to, mirror: reviews('v2'), mirrorPercentage })[0].filters).toEqual([
      { type: 'RequestMirror', requestMirror: { backendRef: { name: 'reviews-v2', namespace: 'shop', port: 80 }, ...extra } },
    ]);
  });

  test.each<[string, Duration, string]>([
    ['10s', Duration.seconds(10), '10s'], ['250ms', Duration.millis(250), '250ms'], ['123456ms', Duration.millis(123456), '2m3s456ms'], ['30h', Duration.hours(30), '30h'],
  ])('timeout %s → timeouts.request (GEP-2257, at most five digits a part)', (_name, timeout, request) => {
    expect(convert({ action: to, timeout })[0].timeouts).toEqual({ request });
  });

  test('CORS → the CORS filter (istiod createCorsFilter), maxAge in seconds', () => {
    const out = convert({ action: to, cors: { allowOrigins: ['https://shop.example.com'], allowMethods: ['GET', 'POST'], allowHeaders: ['x-user'], allowCredentials: true, maxAge: Duration.minutes(1) } });
    expect(out[0].filters).toEqual([{ type: 'CORS', cors: { allowOrigins: ['https://shop.example.com'], allowMethods: ['GET', 'POST'], allowHeaders: ['x-user'], allowCredentials: true, maxAge: 60 } }]);
  });

  test('the rule name → rule name', () => {
    expect(convert({ name: 'everyone-else', action: to })[0].name).toBe('everyone-else');
  });
});

describe('CIT020: no Gateway API form, with the feature and the alternative', () => {
  test.each<[string, HttpRuleOptions | HttpRuleOptions[], string, RegExp]>([
    ['retries', { action: to, retries: { attempts: 3 } }, `${WHERE}.http[0].retries`, /no retry field.*Fix: drop retries.*TrafficApi.ISTIO/],
    ['fault injection', { action: to, fault: HttpFault.abort(503, 10) }, `${WHERE}.http[0].fault`, /fault injection/],
    ['a direct response other than 500 without body', { action: HttpAction.respond(404, 'gone') }, `${WHERE}.http[0].directResponse`, /no direct responses/],
    ['ignorePathCase', { matches: [{ path: PathMatch.exactly('/a'), ignorePathCase: true }], action: to }, `${WHERE}.http[0].matches[0].ignorePathCase`, /case-insensitive.*\(\?i\)/],
    ['withoutHeaders', { matches: [{ withoutHeaders: [HeaderMatch.valueIs('x', '1')] }], action: to }, `${WHERE}.http[0].matches[0].withoutHeaders`, /negative header/],
    ['authority match', { matches: [{ authority: StringMatch.exactly('a.example.com') }], action: to }, `${WHERE}.http[0].matches[0].authority`, /route's hosts/],
    ['port match', { matches: [{ port: 8080 }], action: to }, `${WHERE}.http[0].matches[0].port`, /sectionName/],
    ['sourceLabels', { matches: [{ sourceLabels: { app: 'x' } }], action: to }, `${WHERE}.http[0].matches[0].sourceLabels`, /AuthorizationPolicy/],
    ['sourceNamespace', { matches: [{ sourceNamespace: 'x' }], action: to }, `${WHERE}.http[0].matches[0].sourceNamespace`, /calling namespace/],
    ['a match name', { matches: [{ name: 'm', path: PathMatch.exactly('/a') }], action: to }, `${WHERE}.http[0].matches[0].name`, /name the rule instead/],
    ['a prefix rewrite after a plain string prefix', { matches: [{ path: PathMatch.startsWith('/v1') }], action: to, rewrite: { path: '/' } },
      `${WHERE}.http[0].rewrite.path`, /PathMatch.startsWith\("\/v1\/"\) \+ PathMatch.exactly\("\/v1"\)/],
    ['the idiom with a rewrite that glues segments', { matches: segment, action: to, rewrite: { path: '/api' } }, `${WHERE}.http[0].rewrite.path`, /end the rewrite path with "\/"/],
    ['"/" rewritten to a prefix with trailing "/"', { action: to, rewrite: { path: '/api/' } }, `${WHERE}.http[0].rewrite.path`, /rewrite to "\/api"/],
    ['a redirect without port or scheme', { action: HttpAction.redirect({ path: '/new' }) }, `${WHERE}.http[0].redirect`, /listener's port into Location.*set the redirect's port/],
    ['a redirect authority with a port', { action: HttpAction.redirect({ authority: 'a.example.com:8080', scheme: 'https' }) }, `${WHERE}.http[0].redirect.authority`, /without port/],
    ['a rewrite authority with a port', { action: to, rewrite: { authority: 'a:8080' } }, `${WHERE}.http[0].rewrite.authority`, /without port/],
    ['a rule name the Gateway API refuses', { name: 'Svc_One', action: to }, `${WHERE}.http[0].name`, /rename the rule, e.g. "svc-one"/],
    ['two rules with one name (Gateway API names are unique in a route)', [{ name: 'a', action: to }, { name: 'a', matches: [{ path: PathMatch.exactly('/x') }], action: to }],
      `${WHERE}.http[1].matches[0]`, /"a" is already used by app\/team\/route.http\[0\]/],
    ['CORS maxAge finer than seconds', { action: to, cors: { allowOrigins: ['https://a.example.com'], maxAge: Duration.millis(1500) } }, `${WHERE}.http[0].cors.maxAge`, /whole seconds/],
    ['a CORS origin that is not scheme://host', { action: to, cors: { allowOrigins: ['shop.example.com'] } }, `${WHERE}.http[0].cors.allowOrigins[0]`, /scheme:\/\/host/],
    ['a header set to ""', { action: to, requestHeaders: { set: { 'x-a': '' } } }, `${WHERE}.http[0].requestHeaders.set.x-a`, /1 to 4096/],
    ['a query parameter name that is not a token', { matches: [{ queryParameters: [QueryParameterMatch.valueIs('a[b]', '1')] }], action: to },
      `${WHERE}.http[0].matches[0].queryParameters.a[b]`, /HTTP token/],
    ['a path prefix reaching into the query', { matches: [{ path: PathMatch.startsWith('/a?b') }], action: to }, `${WHERE}.http[0].matches[0].path`, /query string/],
    ['more than 16 rules', Array.from({ length: 17 }, (_, i) => ({ matches: [{ path: PathMatch.exactly(`/p${i}`) }], action: to })), `${WHERE}.http`, /17 HTTPRoute rules.*at most 16/],
    ['more than 16 headers to set', { action: to, requestHeaders: { set: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`x-${i}`, 'v'])) } },
      `${WHERE}.http[0].requestHeaders.set`, /17 headers to set.*at most 16/],
  ])('%s', (_name, rule, where, message) => {
    const error = cit020(rule);
    expect(error.where).toBe(where);
    expect(error.message).toMatch(message);
  });

  test('a destination field with no form is refused, not dropped', () => {
    const [rule] = istioRules({ action: to });
    (rule.route as any)[0].headers = { request: { set: { a: '1' } } };
    expect(() => toHttpRouteRules([rule], FAKE_BACKENDS, WHERE)).toThrow(/CIT020 app\/team\/route.http\[0\].route\[0\].headers/);
  });

  test('an unknown rule field is refused, not dropped', () => {
    expect(() => toHttpRouteRules([{ delegate: { name: 'x' } }], FAKE_BACKENDS, WHERE)).toThrow(/CIT020 .*delegation/);
  });
});

describe('TLS rules → one TLSRoute each (istiod convertTLSRoute / buildTLSMatch: sniHosts = hostnames; the CRD: exactly one rule)', () => {
  const hosts = ['db.example.com', '*.shop.example.com', 'api.shop.example.com'];
  const tls = (...rules: TlsRuleOptions[]) => rules.map((r, i) => renderTlsRule(r, hosts, `${WHERE}.tls[${i}]`));
  const db = Destination.host('db.data.svc.cluster.local', { port: 443 });

  test('each rule keeps its SNI names as hostnames and its destination as the one backendRef', () => {
    const out = toTlsRouteRules(tls(
      { sniHosts: ['db.example.com'], destination: db },
      { sniHosts: ['*.shop.example.com', 'api.shop.example.com'], destination: reviews('v1', 8443) },
    ), FAKE_BACKENDS, WHERE);
    expect(out).toEqual([
      { hostnames: ['db.example.com'], rules: [{ backendRefs: [{ name: 'db', namespace: 'data', port: 443 }] }] },
      { hostnames: ['*.shop.example.com', 'api.shop.example.com'], rules: [{ backendRefs: [{ name: 'reviews-v1', namespace: 'shop', port: 8443 }] }] },
    ]);
    for (const spec of out) expect(tlsRouteViolations(spec as unknown as Record<string, unknown>)).toEqual([]);
  });

  test.each<[string, TlsRuleOptions[], string, RegExp]>([
    ['a port match (TLSRoute matches hostnames only)', [{ sniHosts: ['db.example.com'], port: 443, destination: db }], `${WHERE}.tls[0].port`, /cannot match the port.*sectionName/],
    ['the same SNI name in two rules', [{ sniHosts: ['db.example.com'], destination: db }, { sniHosts: ['db.example.com'], destination: reviews('v1') }],
      `${WHERE}.tls[1].sniHosts[0]`, /app\/team\/route\.tls\[0\] already matches this SNI name/],
  ])('CIT020: %s', (_name, rules, where, message) => {
    try {
      toTlsRouteRules(tls(...rules), FAKE_BACKENDS, WHERE);
      throw new Error('expected CIT020');
    } catch (e) {
      expect((e as IstioTrafficError).code).toBe('CIT020');
      expect((e as IstioTrafficError).where).toBe(where);
      expect((e as IstioTrafficError).message).toMatch(message);
    }
  });
});

describe('helpers', () => {
  test.each<[string, string | undefined, string | undefined]>([
    ['/v1\\.0.*', '/v1.0', undefined],
    ['.*', '', undefined],
    ['/a/.*', '/a/', undefined],
    ['/a\\.*', undefined, undefined], // a repeated literal dot, not "starts with /a."
    ['/(a|b).*', undefined, undefined],
    ['/a\\d.*', undefined, undefined],
    ['/a//b', undefined, '/a//b'],
    ['^$', undefined, ''],
    ['/users/[0-9]+', undefined, undefined],
  ])('the RE2 pattern %s means "starts with %s" / "equals %s"', (pattern, prefix, literal) => {
    expect(literalPrefixOf(pattern)).toBe(prefix);
    expect(literalOf(pattern)).toBe(literal);
    if (prefix !== undefined) expect(prefixRegex(prefix)).toBe(pattern);
  });

  test.each<[number, string | undefined]>([
    [0, '0s'], [1, '1ms'], [1000, '1s'], [61_001, '1m1s1ms'], [3_600_000, '1h'], [99999 * 3_600_000, '99999h'], [100000 * 3_600_000, undefined],
  ])('%d ms is the Gateway API duration %s', (ms, text) => {
    expect(gatewayDuration(ms)).toBe(text);
    if (text) expect(text).toMatch(/^([0-9]{1,5}(h|m|s|ms)){1,4}$/);
  });
});
