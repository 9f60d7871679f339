/**
 * HTTPRoute filters and rule options, one conversion at a time (conversion.go createRedirectFilter,
 * createRewriteFilter, createHeadersFilter, createCorsFilter, retry/timeouts in convertHTTPRoute),
 * with the values of istio/istio pilot/pkg/config/kube/gateway/testdata/http.yaml.golden and
 * redirect-only.yaml.
 */
import { services, translate, virtualService } from './helpers';

const ruleWith = (rule: string) => {
  const t = translate(`
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: r, namespace: default }
spec:
  parentRefs: [{ group: "", kind: Service, name: httpbin }]
  rules:
  - ${rule.trim().split('\n').join('\n    ')}
` + services('default', 'httpbin'));
  return virtualService(t, 'default~httpbin.default.svc.cluster.local').spec.http[0];
};

describe('RequestRedirect', () => {
  test.each([
    ['scheme without port: the scheme\'s default port', '{ scheme: https }', { redirectCode: 302, scheme: 'https', derivePort: 'FROM_PROTOCOL_DEFAULT' }],
    ['neither: the request\'s port (unlike Istio\'s default)', '{ hostname: other.example }', { redirectCode: 302, authority: 'other.example', derivePort: 'FROM_REQUEST_PORT' }],
    ['explicit port and 301', '{ port: 8443, statusCode: 301 }', { redirectCode: 301, port: 8443 }],
    ['ReplacePrefixMatch', '{ path: { type: ReplacePrefixMatch, replacePrefixMatch: /v2 } }', { redirectCode: 302, derivePort: 'FROM_REQUEST_PORT', uri: '%PREFIX()%/v2' }],
  ])('%s', (_name, filter, redirect) => {
    const http = ruleWith(`filters: [{ type: RequestRedirect, requestRedirect: ${filter} }]`);
    expect(http.redirect).toEqual(redirect);
    expect(http.route).toBeUndefined();
    expect(http.directResponse).toBeUndefined();
  });
});

test('URLRewrite ReplacePrefixMatch trims a trailing slash', () => {
  expect(ruleWith(`matches: [{ path: { type: PathPrefix, value: /api/ } }]
filters: [{ type: URLRewrite, urlRewrite: { path: { type: ReplacePrefixMatch, replacePrefixMatch: /v1/ } } }]
backendRefs: [{ name: httpbin, port: 80 }]`)).toMatchObject({ match: [{ uri: { prefix: '/api' } }], rewrite: { uri: '/v1' } });
});

test('RequestHeaderModifier: set and add lower-case names, the first of equal names wins', () => {
  expect(ruleWith(`filters:
- type: RequestHeaderModifier
  requestHeaderModifier:
    set: [{ name: X-Env, value: prod }, { name: x-env, value: ignored }]
    add: [{ name: X-Added, value: "1" }]
backendRefs: [{ name: httpbin, port: 80 }]`).headers).toEqual({ request: { set: { 'x-env': 'prod' }, add: { 'x-added': '1' } } });
});

test('CORS: exact and wildcard origins, unmatched preflights ignored', () => {
  expect(ruleWith(`filters:
- type: CORS
  cors:
    allowOrigins: ["https://example.com", "https://*.xpto.com"]
    allowCredentials: true
    allowMethods: [GET, POST]
    maxAge: 50
backendRefs: [{ name: httpbin, port: 80 }]`).corsPolicy).toEqual({
    allowOrigins: [{ exact: 'https://example.com' }, { regex: '^https://.*\\.xpto\\.com$' }],
    allowCredentials: true, allowMethods: ['GET', 'POST'], maxAge: '50s', unmatchedPreflights: 'IGNORE',
  });
});

test('retry and timeouts: backendRequest becomes the per-try timeout when retries are set', () => {
  expect(ruleWith(`retry: { attempts: 3, backoff: 3ms, codes: [503, 429] }
timeouts: { request: 10s, backendRequest: 2s }
backendRefs: [{ name: httpbin, port: 80 }]`)).toMatchObject({
    retries: { attempts: 3, backoff: '0.003s', retryOn: 'connect-failure,refused-stream,unavailable,cancelled,503,429', perTryTimeout: '2s' },
    timeout: '10s',
  });
});

test('matches: Exact and RegularExpression paths, regex headers and query params, method', () => {
  expect(ruleWith(`matches:
- path: { type: Exact, value: /login }
  method: POST
  headers: [{ name: x-user, type: RegularExpression, value: "adm.*" }]
  queryParams: [{ name: debug, value: "1" }]
backendRefs: [{ name: httpbin, port: 80 }]`).match).toEqual([{
    uri: { exact: '/login' }, method: { exact: 'POST' }, headers: { 'x-user': { regex: 'adm.*' } }, queryParams: { debug: { exact: '1' } },
  }]);
});

test('a rule with several matches becomes one route per match, each named after the rule', () => {
  const t = translate(`
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: r, namespace: default }
spec:
  parentRefs: [{ group: "", kind: Service, name: httpbin }]
  rules:
  - matches: [{ path: { value: /a } }, { path: { value: /bbb } }]
    backendRefs: [{ name: httpbin, port: 80 }]
` + services('default', 'httpbin'));
  expect(virtualService(t, 'default~httpbin.default.svc.cluster.local').spec.http.map((r: any) => [r.name, r.match[0].uri.prefix]))
    .toEqual([['default.r.0', '/bbb'], ['default.r.0', '/a']]);
});
