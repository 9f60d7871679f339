/**
 * HTTPRoutes on a Gateway listener, ported from istio/istio
 * pilot/pkg/config/kube/gateway/testdata/http.yaml (+ http.yaml.golden): the derived Gateway, one
 * VirtualService per listener and host (merged across routes), matches, filters, timeouts, and
 * the order istiod sorts routes in. Goldens use the fake domain `domain.suffix`; the model uses
 * `cluster.local`.
 */
import { services, translate, virtualService } from './helpers';

const GATEWAY = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gateway, namespace: istio-system }
spec:
  gatewayClassName: istio
  listeners:
  - name: default
    hostname: "*.domain.example"
    port: 80
    protocol: HTTP
    allowedRoutes: { namespaces: { from: All } }
`;

const ROUTES = `
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: http, namespace: default }
spec:
  parentRefs: [{ name: gateway, namespace: istio-system }]
  hostnames: ["first.domain.example", "another.domain.example"]
  rules:
  - matches:
    - path: { type: PathPrefix, value: /get }
      headers: [{ name: my-header, value: some-value, type: Exact }]
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        add: [{ name: my-added-header, value: added-value }]
        remove: [my-removed-header]
    - type: ResponseHeaderModifier
      responseHeaderModifier:
        add: [{ name: my-added-resp-header, value: added-resp-value }]
        remove: [my-removed-header]
    backendRefs: [{ name: httpbin, port: 80 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: http2, namespace: default }
spec:
  parentRefs: [{ name: gateway, namespace: istio-system }]
  hostnames: ["second.domain.example"]
  rules:
  - matches: [{ path: { type: PathPrefix, value: /second } }]
    backendRefs: [{ name: httpbin-second, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: / } }]
    backendRefs: [{ name: httpbin-wildcard, port: 80 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: mirror, namespace: default }
spec:
  parentRefs: [{ name: gateway, namespace: istio-system }]
  rules:
  - filters:
    - type: RequestMirror
      requestMirror:
        fraction: { numerator: 4, denominator: 8 }
        backendRef: { name: httpbin-mirror, port: 80 }
    - type: RequestMirror
      requestMirror:
        percent: 80
        backendRef: { name: httpbin-second, port: 80 }
    backendRefs: [{ name: httpbin, port: 80 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: redirect, namespace: default }
spec:
  parentRefs: [{ name: gateway, namespace: istio-system }]
  rules:
  - filters:
    - type: RequestRedirect
      requestRedirect:
        port: 8080
        statusCode: 302
        scheme: https
        path: { type: ReplaceFullPath, replaceFullPath: /replace-full }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: redirect-prefix-replace, namespace: default }
spec:
  parentRefs: [{ name: gateway, namespace: istio-system }]
  hostnames: ["redirect.domain.example"]
  rules:
  - matches: [{ path: { type: PathPrefix, value: /original } }]
    filters:
    - type: RequestRedirect
      requestRedirect:
        port: 8080
        statusCode: 302
        scheme: https
        path: { type: ReplacePrefixMatch, replacePrefixMatch: /replacement }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: rewrite, namespace: default }
spec:
  parentRefs: [{ name: gateway, namespace: istio-system }]
  rules:
  - name: route1
    matches: [{ path: { type: PathPrefix, value: /prefix-original } }]
    filters:
    - type: URLRewrite
      urlRewrite:
        hostname: "new.example.com"
        path: { type: ReplacePrefixMatch, replacePrefixMatch: "/replacement" }
    backendRefs: [{ name: httpbin, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: /prefix-to-be-removed } }]
    filters:
    - type: URLRewrite
      urlRewrite:
        path: { type: ReplacePrefixMatch, replacePrefixMatch: "" }
    backendRefs: [{ name: httpbin, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: /full-original } }]
    filters:
    - type: URLRewrite
      urlRewrite:
        hostname: "new.example.com"
        path: { type: ReplaceFullPath, replaceFullPath: "/replacement" }
    backendRefs: [{ name: httpbin, port: 80 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: http-timeout-backend-request, namespace: default }
spec:
  parentRefs: [{ name: gateway, namespace: istio-system }]
  hostnames: ["timeout-backend.domain.example"]
  rules:
  - matches: [{ path: { type: PathPrefix, value: /get } }]
    backendRefs: [{ name: httpbin, port: 80 }]
    timeouts: { request: 2ms, backendRequest: 1ms }
`;

const SERVICES = services('default', 'httpbin', 'httpbin-second', 'httpbin-wildcard', 'httpbin-mirror');

describe('http.yaml', () => {
  const t = translate(GATEWAY + ROUTES + SERVICES);

  test('one Istio Gateway per listener, hosts scoped by allowedRoutes (From: All → */)', () => {
    expect(t.gateways.map((g) => [g.namespace, g.name, g.spec.servers])).toEqual([[
      'istio-system', 'gateway~istio-autogenerated-k8s-gateway~default',
      [{ port: { name: 'default', number: 80, protocol: 'HTTP' }, hosts: ['*/*.domain.example'] }],
    ]]);
    expect(t.gateways[0].annotations['internal.istio.io/gateway-service']).toBe('gateway-istio.istio-system.svc.cluster.local');
    expect(t.gateways[0].derivedFrom?.name).toBe('gateway');
  });

  test('one VirtualService per listener and host, named after the merge key, in the route\'s namespace', () => {
    expect(t.virtualServices.map((vs) => `${vs.namespace}/${vs.name}`).sort()).toEqual([
      'default/istio-system~gateway~istio-autogenerated-k8s-gateway~default~*',
      'default/istio-system~gateway~istio-autogenerated-k8s-gateway~default~another.domain.example',
      'default/istio-system~gateway~istio-autogenerated-k8s-gateway~default~first.domain.example',
      'default/istio-system~gateway~istio-autogenerated-k8s-gateway~default~redirect.domain.example',
      'default/istio-system~gateway~istio-autogenerated-k8s-gateway~default~second.domain.example',
      'default/istio-system~gateway~istio-autogenerated-k8s-gateway~default~timeout-backend.domain.example',
    ]);
    for (const vs of t.virtualServices) {
      expect(vs.annotations['internal.istio.io/route-semantics']).toBe('gateway');
      expect(vs.spec.gateways).toEqual(['istio-system/gateway~istio-autogenerated-k8s-gateway~default']);
      expect(vs.derivedFrom?.kind).toBe('HTTPRoute');
    }
  });

  test('matches and header filters', () => {
    const vs = virtualService(t, 'istio-system~gateway~istio-autogenerated-k8s-gateway~default~first.domain.example');
    expect(vs.spec.http).toEqual([{
      name: 'default.http.0',
      match: [{ uri: { prefix: '/get' }, headers: { 'my-header': { exact: 'some-value' } } }],
      headers: {
        request: { add: { 'my-added-header': 'added-value' }, remove: ['my-removed-header'] },
        response: { add: { 'my-added-resp-header': 'added-resp-value' }, remove: ['my-removed-header'] },
      },
      route: [{ destination: { host: 'httpbin.default.svc.cluster.local', port: { number: 80 } } }],
    }]);
  });

  test('routes without hostnames merge into the `*` VirtualService, longest path first (sortHTTPRoutes)', () => {
    const vs = virtualService(t, 'istio-system~gateway~istio-autogenerated-k8s-gateway~default~*');
    expect(vs.annotations['internal.istio.io/parents']).toBe('HTTPRoute/mirror.default,HTTPRoute/redirect.default,HTTPRoute/rewrite.default');
    // The golden's mirror and redirect rules have no match; the API server defaults it to PathPrefix /.
    expect(vs.spec.http.map((r: any) => [r.name, r.match?.[0]?.uri])).toEqual([
      ['default.rewrite.1', { prefix: '/prefix-to-be-removed' }],
      ['route1', { prefix: '/prefix-original' }],
      ['default.rewrite.2', { prefix: '/full-original' }],
      ['default.mirror.0', { prefix: '/' }],
      ['default.redirect.0', { prefix: '/' }],
    ]);
    const byName = Object.fromEntries(vs.spec.http.map((r: any) => [r.name, r]));
    expect(byName['default.rewrite.1'].rewrite).toEqual({ uri: '/' });
    expect(byName.route1.rewrite).toEqual({ uri: '/replacement', authority: 'new.example.com' });
    expect(byName['default.rewrite.2'].rewrite).toEqual({ uriRegexRewrite: { match: '/.*', rewrite: '/replacement' }, authority: 'new.example.com' });
    expect(byName['default.mirror.0'].mirrors).toEqual([
      { destination: { host: 'httpbin-mirror.default.svc.cluster.local', port: { number: 80 } }, percentage: { value: 50 } },
      { destination: { host: 'httpbin-second.default.svc.cluster.local', port: { number: 80 } }, percentage: { value: 80 } },
    ]);
    expect(byName['default.redirect.0'].redirect).toEqual({ port: 8080, redirectCode: 302, scheme: 'https', uri: '/replace-full' });
    expect(byName['default.redirect.0'].route).toBeUndefined();
  });

  test('prefix-replacing redirect and rule order within one route', () => {
    expect(virtualService(t, 'istio-system~gateway~istio-autogenerated-k8s-gateway~default~redirect.domain.example').spec.http[0].redirect)
      .toEqual({ port: 8080, redirectCode: 302, scheme: 'https', uri: '%PREFIX()%/replacement' });
    expect(virtualService(t, 'istio-system~gateway~istio-autogenerated-k8s-gateway~default~second.domain.example').spec.http
      .map((r: any) => [r.name, r.route[0].destination.host])).toEqual([
      ['default.http2.0', 'httpbin-second.default.svc.cluster.local'],
      ['default.http2.1', 'httpbin-wildcard.default.svc.cluster.local'],
    ]);
  });

  test('backendRequest timeout without retries becomes the route timeout', () => {
    expect(virtualService(t, 'istio-system~gateway~istio-autogenerated-k8s-gateway~default~timeout-backend.domain.example').spec.http[0].timeout).toBe('0.001s');
  });

  test('no conditions: every route is accepted and every reference resolved', () => {
    expect(t.conditions).toEqual([]);
  });
});
