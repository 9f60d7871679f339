/**
 * Gateway API conformance tables (kubernetes-sigs/gateway-api conformance/tests), answered by
 * explain from the tests' own manifests: the conformance infrastructure
 * (test/fixtures/explain-gateway-api/conformance-infra.yaml) plus each test's HTTPRoutes, read
 * through istiod's translation. Each row is the conformance test's request and expectation.
 */
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { MeshModel } from '../../src/model';
import { explain, Explanation } from '../../src/simulate';

const NS = 'gateway-conformance-infra';
const backend = (name: string) => `${name}.${NS}.svc.cluster.local`;
const infra = MeshModel.fromFiles([path.join(__dirname, '../fixtures/explain-gateway-api/conformance-infra.yaml')]);

function withRoutes(yaml: string): MeshModel {
  return MeshModel.fromObjects([...infra.resources.map((r) => r.object), ...parseAllDocuments(yaml).map((d) => d.toJS()).filter((o) => o)]);
}

function send(model: MeshModel, request: { host?: string; path: string; headers?: Record<string, string> }): Explanation {
  return explain(model, { from: { gateway: `${NS}/same-namespace` }, host: request.host ?? 'example.com', path: request.path, headers: request.headers });
}

const route = (name: string, spec: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${name}, namespace: ${NS} }
spec:
  parentRefs: [{ name: same-namespace }]
${spec}`;

const matchingPart1 = route('matching-part1', `  hostnames: [example.com, example.net]
  rules:
    - matches: [{ path: { type: PathPrefix, value: / } }, { headers: [{ name: version, value: one }] }]
      backendRefs: [{ name: infra-backend-v1, port: 8080 }]`);
const matchingPart2 = (hostname: string) => route('matching-part2', `  hostnames: ['${hostname}']
  rules:
    - matches: [{ path: { type: PathPrefix, value: /v2 } }, { headers: [{ name: version, value: two }] }]
      backendRefs: [{ name: infra-backend-v2, port: 8080 }]`);

function expectBackend(result: Explanation, expected: string | 404): void {
  if (expected === 404) {
    expect(result.outcome).toBe('no-route');
    return;
  }
  expect(result.outcome).toBe('routed');
  expect(result.destinations.map((d) => d.host)).toEqual([backend(expected)]);
}

describe('HTTPRouteMatchingAcrossRoutes (httproute-matching-across-routes)', () => {
  // The manifest of gateway-api v1.x: both routes name example.com, so istiod's mergeHTTPRoutes
  // (route_collections.go) puts both routes' rules into the one VirtualService for the key
  // listener/example.com and sortHTTPRoutes orders them across the routes (/v2 before /).
  const model = withRoutes(`${matchingPart1}
---
${matchingPart2('example.com')}`);
  it.each([
    ['example.com', '/', undefined, 'infra-backend-v1'],
    ['example.com', '/example', undefined, 'infra-backend-v1'],
    ['example.net', '/example', undefined, 'infra-backend-v1'],
    ['example.com', '/example', { version: 'one' }, 'infra-backend-v1'],
    ['example.com', '/v2', undefined, 'infra-backend-v2'],
    // v2 matches are limited to example.com
    ['example.net', '/v2', undefined, 'infra-backend-v1'],
    ['example.com', '/v2/example', undefined, 'infra-backend-v2'],
    ['example.com', '/', { version: 'two' }, 'infra-backend-v2'],
  ])('%s%s %j → %s', (host, p, headers, expected) => {
    expectBackend(send(model, { host, path: p, headers }), expected);
  });
});

describe('the early (v1alpha2) manifest of HTTPRouteMatchingAcrossRoutes: matching-part2 on *.com', () => {
  // Not a conformance expectation any more: what istiod programs when a wildcard route and a
  // precise route overlap on a listener without a hostname.
  // - route_collections.go HTTPRouteCollection: one VirtualService per parent + hostname, merged by
  //   mergeHTTPRoutes only under the same key (listener + the exact hostname string), so `*.com`
  //   and `example.com` stay two VirtualServices;
  // - gateway.go buildGatewayHTTPRouteConfig: each VirtualService's virtual host is the
  //   intersection of its hosts with the server's (`ns/*` here; host.Names.Intersection keeps the
  //   more specific name), deduplicated by that exact name: virtual hosts example.com, example.net
  //   and *.com;
  // - Envoy picks the exact domain example.com before the suffix *.com, so matching-part2's rules
  //   never see an example.com request (the spec: precedence to the route with the longest
  //   matching non-wildcard hostname).
  const model = withRoutes(`${matchingPart1}
---
${matchingPart2('*.com')}`);
  it.each([
    ['example.com', '/', undefined, 'infra-backend-v1'],
    ['example.com', '/v2', undefined, 'infra-backend-v1'],
    ['example.com', '/', { version: 'two' }, 'infra-backend-v1'],
    // *.com does not cover example.net
    ['example.net', '/v2', undefined, 'infra-backend-v1'],
    ['foo.com', '/v2', undefined, 'infra-backend-v2'],
    ['foo.com', '/', { version: 'two' }, 'infra-backend-v2'],
    ['foo.com', '/', undefined, 404],
  ] as const)('%s%s %j → %s', (host, p, headers, expected) => {
    expectBackend(send(model, { host, path: p, headers }), expected);
  });

  it('names the virtual host it chose: the exact example.com, built from matching-part1 alone', () => {
    const result = send(model, { host: 'example.com', path: '/v2' });
    expect(result.hops[0].virtualHost).toMatch(/^example\.com/);
  });
});

describe('HTTPRouteHostnameIntersection (httproute-hostname-intersection): a wildcard route on a precise listener', () => {
  // Where istiod does merge a wildcard route into a precise name: the listener's hostname
  // very.specific.com is the server host, the `*.specific.com` VirtualService intersects it as
  // very.specific.com, and buildGatewayHTTPRouteConfig's vHostDedupMap appends its routes to the
  // very.specific.com virtual host of the precise route.
  const model = withRoutes(`
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: httproute-hostname-intersection, namespace: ${NS} }
spec:
  gatewayClassName: istio
  listeners:
    - { name: listener-1, port: 80, protocol: HTTP, hostname: very.specific.com, allowedRoutes: { namespaces: { from: Same } } }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: specific-host-matches-listener-specific-host, namespace: ${NS} }
spec:
  parentRefs: [{ name: httproute-hostname-intersection }]
  hostnames: [non.matching.com, '*.nonmatchingwildcard.io', very.specific.com]
  rules:
    - matches: [{ path: { type: PathPrefix, value: /s1 } }]
      backendRefs: [{ name: infra-backend-v1, port: 8080 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: wildcard-host-matches-listener-specific-host, namespace: ${NS} }
spec:
  parentRefs: [{ name: httproute-hostname-intersection }]
  hostnames: [non.matching.com, '*.specific.com']
  rules:
    - matches: [{ path: { type: PathPrefix, value: /s3 } }]
      backendRefs: [{ name: infra-backend-v3, port: 8080 }]`);
  const at = (host: string, p: string) => explain(model, { from: { gateway: `${NS}/httproute-hostname-intersection` }, host, path: p });
  it.each([
    ['very.specific.com', '/s1', 'infra-backend-v1'],
    ['very.specific.com', '/s3', 'infra-backend-v3'],
    ['very.specific.com', '/non-matching-prefix', 404],
  ] as const)('%s%s → %s', (host, p, expected) => {
    expectBackend(at(host, p), expected);
  });
  it.each([['foo.specific.com', '/s3'], ['non.matching.com', '/s1']])('%s%s → 404 (no virtual host: the listener serves very.specific.com only)', (host, p) => {
    expect(at(host, p).outcome).toBe('no-virtual-host');
  });
});

describe('HTTPRouteRewritePath (httproute-rewrite-path)', () => {
  const modify = `
        - type: RequestHeaderModifier
          requestHeaderModifier:
            set: [{ name: X-Header-Set, value: set-overwrites-values }]
            add: [{ name: X-Header-Add, value: header-val-1 }, { name: X-Header-Add-Append, value: header-val-2 }]
            remove: [X-Header-Remove]`;
  const model = withRoutes(route('rewrite-path', `  rules:
    - matches: [{ path: { type: PathPrefix, value: /prefix/one } }]
      filters: [{ type: URLRewrite, urlRewrite: { path: { type: ReplacePrefixMatch, replacePrefixMatch: /one } } }]
      backendRefs: [{ name: infra-backend-v1, port: 8080 }]
    - matches: [{ path: { type: PathPrefix, value: /strip-prefix } }]
      filters: [{ type: URLRewrite, urlRewrite: { path: { type: ReplacePrefixMatch, replacePrefixMatch: / } } }]
      backendRefs: [{ name: infra-backend-v1, port: 8080 }]
    - matches: [{ path: { type: PathPrefix, value: /full/one } }]
      filters: [{ type: URLRewrite, urlRewrite: { path: { type: ReplaceFullPath, replaceFullPath: /one } } }]
      backendRefs: [{ name: infra-backend-v1, port: 8080 }]
    - matches: [{ path: { type: PathPrefix, value: /full/rewrite-path-and-modify-headers } }]
      filters:
        - { type: URLRewrite, urlRewrite: { path: { type: ReplaceFullPath, replaceFullPath: /test } } }${modify}
      backendRefs: [{ name: infra-backend-v1, port: 8080 }]
    - matches: [{ path: { type: PathPrefix, value: /prefix/rewrite-path-and-modify-headers } }]
      filters:
        - { type: URLRewrite, urlRewrite: { path: { type: ReplacePrefixMatch, replacePrefixMatch: /prefix } } }${modify}
      backendRefs: [{ name: infra-backend-v1, port: 8080 }]`));
  const sent = { 'x-header-remove': 'remove-val', 'x-header-add-append': 'append-val-1', 'x-header-set': 'set-val' };
  const received = { 'x-header-add': 'header-val-1', 'x-header-add-append': 'append-val-1,header-val-2', 'x-header-set': 'set-overwrites-values' };
  it.each([
    ['/prefix/one/two', undefined, '/one/two', undefined],
    ['/full/one/two', undefined, '/one', undefined],
    ['/full/rewrite-path-and-modify-headers/test', sent, '/test', received],
    ['/prefix/rewrite-path-and-modify-headers/one', sent, '/prefix/one', received],
    // Not in the conformance table: ReplacePrefixMatch / (istiod's regex rewrite keeps a lone /).
    ['/strip-prefix/three', undefined, '/three', undefined],
    ['/strip-prefix', undefined, '/', undefined],
  ])('%s → %s', (p, headers, rewritten, expectedHeaders) => {
    const result = send(model, { path: p, headers });
    expect(result.destinations.map((d) => [d.host, d.path])).toEqual([[backend('infra-backend-v1'), rewritten]]);
    if (expectedHeaders) {
      expect(result.destinations[0].headers).toMatchObject(expectedHeaders);
      expect(result.destinations[0].headers).not.toHaveProperty('x-header-remove');
    }
  });
});

describe('HTTPRouteRedirectPath and HTTPRouteRedirectPort (httproute-redirect-path, -port)', () => {
  const redirect = (prefix: string, filter: string) => `    - matches: [{ path: { type: PathPrefix, value: ${prefix} } }]
      filters: [{ type: RequestRedirect, requestRedirect: ${filter} }]`;
  const model = withRoutes(`${route('redirect-path', `  hostnames: [example.com]
  rules:
${redirect('/original-prefix', '{ path: { type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix } }')}
${redirect('/full', '{ path: { type: ReplaceFullPath, replaceFullPath: /full-path-replacement } }')}
${redirect('/path-and-host', '{ hostname: example.org, path: { type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix } }')}
${redirect('/path-and-status', '{ statusCode: 301, path: { type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix } }')}
${redirect('/full-path-and-host', '{ hostname: example.org, path: { type: ReplaceFullPath, replaceFullPath: /replacement-full } }')}
${redirect('/full-path-and-status', '{ statusCode: 301, path: { type: ReplaceFullPath, replaceFullPath: /replacement-full } }')}`)}
---
${route('redirect-port', `  hostnames: [port.example.com]
  rules:
${redirect('/port', '{ port: 8083 }')}
${redirect('/port-and-host', '{ hostname: example.org, port: 8083 }')}
${redirect('/port-and-status', '{ port: 8083, statusCode: 301 }')}
${redirect('/port-and-host-and-status', '{ port: 8083, hostname: example.org, statusCode: 302 }')}
${redirect('/port-and-temporary', '{ port: 8083, hostname: example.org, statusCode: 307 }')}
${redirect('/port-and-permanent', '{ port: 8083, hostname: example.org, statusCode: 308 }')}`)}`);
  it.each([
    ['example.com', '/original-prefix/lemon', 302, 'http://example.com/replacement-prefix/lemon'],
    ['example.com', '/full/path/original', 302, 'http://example.com/full-path-replacement'],
    ['example.com', '/path-and-host', 302, 'http://example.org/replacement-prefix'],
    ['example.com', '/path-and-status', 301, 'http://example.com/replacement-prefix'],
    ['example.com', '/full-path-and-host', 302, 'http://example.org/replacement-full'],
    ['example.com', '/full-path-and-status', 301, 'http://example.com/replacement-full'],
    ['port.example.com', '/port', 302, 'http://port.example.com:8083/port'],
    ['port.example.com', '/port-and-host', 302, 'http://example.org:8083/port-and-host'],
    ['port.example.com', '/port-and-status', 301, 'http://port.example.com:8083/port-and-status'],
    ['port.example.com', '/port-and-host-and-status', 302, 'http://example.org:8083/port-and-host-and-status'],
    ['port.example.com', '/port-and-temporary', 307, 'http://example.org:8083/port-and-temporary'],
    ['port.example.com', '/port-and-permanent', 308, 'http://example.org:8083/port-and-permanent'],
  ])('%s%s → %d %s', (host, p, status, location) => {
    expect(send(model, { host, path: p })).toMatchObject({ outcome: 'redirect', status, location });
  });
});
