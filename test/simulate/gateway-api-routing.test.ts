/**
 * explain through the objects istiod derives from Gateway API routes, with Gateway API route
 * semantics (pilot/pkg/networking/core/route/route.go UseGatewaySemantics). The request tables
 * follow the Gateway API conformance tests (conformance/tests/httproute-matching,
 * httproute-rewrite-path, httproute-redirect-{path,port,scheme,host}, httproute-weight,
 * httproute-invalid-backendref-*); the derived VirtualServices are written as istiod writes them
 * (conversion.go convertHTTPRoute, createRewriteFilter, createRedirectFilter).
 *
 * Requests enter at Gateway API Gateway shop/public (listener `http` on 80, `alt` on 8080) with
 * Host shop.example.com unless a case says otherwise.
 */
import { parseFrom } from '../../src/cli/explain-command';
import { MeshModel } from '../../src/model';
import { explain, explanationToJson, ExplainRequest, formatExplanation } from '../../src/simulate';
import {
  automatedDeployment, backend, derive, derivedGatewayName, gatewayApiGateway, httpRoute, translationOf, versionedWeb, WEB_V1, WEB_V2,
} from './gateway-api-derived';

jest.mock('../../src/gateway-api', () => ({
  ...jest.requireActual('../../src/gateway-api'),
  gatewayApiTranslation: (model: any) => translationOf(model),
}));

const HOST = 'shop.example.com';
const HTTP_GW = `shop/${derivedGatewayName('public', 'http')}`;
const ALT_GW = `shop/${derivedGatewayName('public', 'alt')}`;

/** A model whose HTTPRoute shop/site istiod turned into one VirtualService with `http` rules. */
function site(http: any[], extra: any[] = []): MeshModel {
  const model = MeshModel.fromObjects([
    ...versionedWeb(),
    ...automatedDeployment('public', [80, 8080]),
    gatewayApiGateway('public', [{ name: 'http', port: 80, hostname: HOST }, { name: 'alt', port: 8080, hostname: HOST }]),
    httpRoute('site', { parentRefs: [{ name: 'public' }], hostnames: [HOST] }),
    ...extra,
  ]);
  return derive(model, {
    name: 'public',
    servers: [{ listener: 'http', port: 80, hosts: [`shop/${HOST}`] }, { listener: 'alt', port: 8080, hosts: [`shop/${HOST}`] }],
  }, [{ route: 'site', hosts: [HOST], gateways: [HTTP_GW, ALT_GW], http }]);
}

function ask(model: MeshModel, request: Partial<ExplainRequest> & { path: string }) {
  return explain(model, { from: { gateway: 'shop/public' }, host: HOST, ...request });
}

/** istiod's rule: `name` `<ns>.<route>.<index>`, one match, `route` to the given backends. */
function rule(index: number, match: any, more: Record<string, unknown> = {}, route: any[] = [backend('web-v1')]): any {
  return { name: `shop.site.${index}`, ...(match ? { match: [match] } : {}), ...(route.length > 0 ? { route } : {}), ...more };
}

describe('PathPrefix is path-separated (conformance httproute-matching, route.go TranslateRouteMatch)', () => {
  // istiod writes PathPrefix /foo as `uri.prefix: /foo`; with gateway semantics Envoy matches it path_separated.
  const model = site([
    rule(0, { uri: { prefix: '/foo' } }, {}, [backend('web-v2')]),
    rule(1, { uri: { prefix: '/bar/' } }, {}, [backend('web-v2')]),
    rule(2, { uri: { prefix: '/' } }),
  ]);
  it.each([
    ['/foo', WEB_V2], ['/foo/', WEB_V2], ['/foo/bar', WEB_V2], ['/foo?x=1', WEB_V2],
    ['/foobar', WEB_V1], ['/fo', WEB_V1],
    ['/bar', WEB_V2], ['/bar/', WEB_V2], ['/bar/baz', WEB_V2], ['/barn', WEB_V1],
  ])('%s → %s', (path, host) => {
    const result = ask(model, { path });
    expect(result.outcome).toBe('routed');
    expect(result.destinations.map((d) => d.host)).toEqual([host]);
  });

  it('a VirtualService the user wrote keeps Istio\'s plain string prefix (/foo matches /foobar)', () => {
    const own = MeshModel.fromObjects([
      ...versionedWeb(),
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ingress', namespace: 'istio-system' }, spec: { template: { metadata: { labels: { istio: 'ingressgateway' } } } } },
      { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'public', namespace: 'shop' }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [HOST] }] } },
      { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'site', namespace: 'shop' }, spec: { hosts: [HOST], gateways: ['public'], http: [{ match: [{ uri: { prefix: '/foo' } }], route: [backend('web-v2')] }, { route: [backend('web-v1')] }] } },
    ]);
    expect(ask(own, { path: '/foobar' }).destinations.map((d) => d.host)).toEqual([WEB_V2]);
  });
});

describe('URLRewrite (conformance httproute-rewrite-path, conversion.go createRewriteFilter)', () => {
  const model = site([
    // ReplacePrefixMatch /one on PathPrefix /prefix/one
    rule(0, { uri: { prefix: '/prefix/one' } }, { rewrite: { uri: '/one' } }),
    // ReplacePrefixMatch / on PathPrefix /strip-prefix: istiod's regex rewrite
    rule(1, { uri: { prefix: '/strip-prefix' } }, { rewrite: { uri: '/' } }),
    // ReplaceFullPath /one on PathPrefix /full/one
    rule(2, { uri: { prefix: '/full/one' } }, { rewrite: { uriRegexRewrite: { match: '/.*', rewrite: '/one' } } }),
    // ReplacePrefixMatch /xyz/ (istiod trims the trailing slash) on PathPrefix /prefix/xyz
    rule(3, { uri: { prefix: '/prefix/xyz' } }, { rewrite: { uri: '/xyz' } }),
    // Hostname rewrite
    rule(4, { uri: { prefix: '/host' } }, { rewrite: { authority: 'internal.shop' } }),
  ]);
  it.each([
    ['/prefix/one/two', '/one/two'],
    ['/prefix/one', '/one'],
    ['/prefix/one/', '/one/'],
    ['/strip-prefix/three', '/three'],
    ['/strip-prefix', '/'],
    ['/strip-prefix/', '/'],
    ['/strip-prefix/a/b?q=1', '/a/b?q=1'],
    ['/full/one/two', '/one'],
    ['/full/one/two?q=1', '/one?q=1'],
    ['/prefix/xyz/a', '/xyz/a'],
  ])('%s → %s', (path, rewritten) => {
    const result = ask(model, { path });
    expect(result.outcome).toBe('routed');
    expect(result.destinations[0].path).toBe(rewritten);
  });

  it('Hostname rewrites the authority', () => {
    expect(ask(model, { path: '/host' }).destinations[0].authority).toBe('internal.shop');
  });
});

describe('RequestRedirect (conformance httproute-redirect-*, route.go ApplyRedirect)', () => {
  // createRedirectFilter: no port and no scheme → derivePort FROM_REQUEST_PORT; a scheme → FROM_PROTOCOL_DEFAULT.
  const model = site([
    rule(0, { uri: { prefix: '/hostname-redirect' } }, { redirect: { authority: 'example.org', derivePort: 'FROM_REQUEST_PORT' } }, []),
    rule(1, { uri: { prefix: '/port' } }, { redirect: { port: 8083 } }, []),
    rule(2, { uri: { prefix: '/scheme' } }, { redirect: { scheme: 'https', derivePort: 'FROM_PROTOCOL_DEFAULT' } }, []),
    rule(3, { uri: { prefix: '/scheme-and-port' } }, { redirect: { scheme: 'https', port: 443 } }, []),
    rule(4, { uri: { prefix: '/scheme-and-8443' } }, { redirect: { scheme: 'https', port: 8443 } }, []),
    rule(5, { uri: { prefix: '/original-prefix' } }, { redirect: { uri: '%PREFIX()%/replacement-prefix', derivePort: 'FROM_REQUEST_PORT' } }, []),
    rule(6, { uri: { prefix: '/full-path-original' } }, { redirect: { uri: '/replacement-full', derivePort: 'FROM_REQUEST_PORT' } }, []),
    rule(7, { uri: { prefix: '/status' } }, { redirect: { authority: 'example.org', redirectCode: 302, derivePort: 'FROM_REQUEST_PORT' } }, []),
  ]);
  it.each([
    ['hostname on listener 80: the derived port 80 is left out', { path: '/hostname-redirect' }, 301, 'http://example.org/hostname-redirect'],
    ['hostname on listener 8080: the listener port is kept', { path: '/hostname-redirect', port: 8080 }, 301, 'http://example.org:8080/hostname-redirect'],
    ['port replaces the request\'s port', { path: '/port', host: `${HOST}:80` }, 301, `http://${HOST}:8083/port`],
    ['scheme https: the request\'s :80 (http default) is dropped', { path: '/scheme', host: `${HOST}:80` }, 301, `https://${HOST}/scheme`],
    ['scheme https with port 443: no explicit :443', { path: '/scheme-and-port' }, 301, `https://${HOST}/scheme-and-port`],
    ['scheme https with port 8443', { path: '/scheme-and-8443' }, 301, `https://${HOST}:8443/scheme-and-8443`],
    ['ReplacePrefixMatch', { path: '/original-prefix/lemon' }, 301, `http://${HOST}/replacement-prefix/lemon`],
    ['ReplaceFullPath keeps the query', { path: '/full-path-original/lemon?x=1' }, 301, `http://${HOST}/replacement-full?x=1`],
    ['statusCode 302', { path: '/status' }, 302, 'http://example.org/status'],
  ] as const)('%s', (_name, request, status, location) => {
    const result = ask(model, request);
    expect(result).toMatchObject({ outcome: 'redirect', status, location });
  });
});

describe('the same Envoy redirect for a VirtualService the user wrote (both APIs answer alike)', () => {
  const own = (redirect: any) => MeshModel.fromObjects([
    ...versionedWeb(),
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ingress', namespace: 'istio-system' }, spec: { template: { metadata: { labels: { istio: 'ingressgateway' } } } } },
    { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'public', namespace: 'shop' }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [HOST] }] } },
    { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'site', namespace: 'shop' }, spec: { hosts: [HOST], gateways: ['public'], http: [{ redirect }] } },
  ]);
  it.each([
    ['derivePort FROM_REQUEST_PORT on 80: no explicit :80 (route.go ApplyRedirect)', { authority: 'example.org', derivePort: 'FROM_REQUEST_PORT' }, HOST, 'http://example.org/a'],
    ['scheme https: the request\'s :80 is dropped (Envoy processRequestHost)', { scheme: 'https' }, `${HOST}:80`, `https://${HOST}/a`],
    ['port 8443 replaces the request\'s port', { scheme: 'https', port: 8443 }, `${HOST}:80`, `https://${HOST}:8443/a`],
    ['%PREFIX()% is Gateway API only: a VirtualService\'s uri is a plain path', { uri: '%PREFIX()%/x' }, HOST, `http://${HOST}%PREFIX()%/x`],
  ])('%s', (_name, redirect, host, location) => {
    expect(ask(own(redirect), { host, path: '/a' })).toMatchObject({ outcome: 'redirect', location });
  });
});

describe('backends, weights and filters', () => {
  it('weights split traffic between per-version Services (conformance httproute-weight)', () => {
    const result = ask(site([rule(0, null, {}, [backend('web-v1', 90), backend('web-v2', 10)])]), { path: '/' });
    expect(result.destinations.map((d) => [d.host, d.share, d.subset, d.workloads])).toEqual([
      [WEB_V1, 0.9, undefined, ['web-v1']], [WEB_V2, 0.1, undefined, ['web-v2']],
    ]);
  });

  it('an invalid backend alone: Envoy answers 500 (conversion.go buildDestination, route.go ClusterNotFoundResponseCode)', () => {
    const result = ask(site([rule(0, null, {}, [{ destination: {} }])]), { path: '/' });
    expect(result).toMatchObject({ outcome: 'direct-response', status: 500, destinations: [] });
    expect(result.hops[0].notes.join('\n')).toMatch(/not permitted by a ReferenceGrant/);
  });

  it('a backendRef to a Service that does not exist: 500, not 503', () => {
    const result = ask(site([rule(0, null, {}, [backend('web-v9')])]), { path: '/' });
    expect(result).toMatchObject({ outcome: 'direct-response', status: 500 });
  });

  it('an invalid backend among valid ones keeps its share, answered 500 (conformance httproute-invalid-backendref-*)', () => {
    const result = ask(site([rule(0, null, {}, [backend('web-v1', 50), { destination: {}, weight: 50 }])]), { path: '/' });
    expect(result.outcome).toBe('routed');
    expect(result.destinations.map((d) => [d.host, d.share, d.status])).toEqual([[WEB_V1, 0.5, undefined], ['', 0.5, 500]]);
  });

  it('a rule with no backend (weight sum 0) is istiod\'s 500 directResponse', () => {
    const result = ask(site([rule(0, null, { directResponse: { status: 500 } }, [])]), { path: '/' });
    expect(result).toMatchObject({ outcome: 'direct-response', status: 500 });
  });

  it('RequestHeaderModifier, RequestMirror and timeouts reach the hop', () => {
    const result = ask(site([rule(0, null, {
      headers: { request: { set: { 'x-team': 'shop' }, add: { 'x-trace': 'gw' }, remove: ['x-drop'] } },
      mirrors: [{ destination: { host: WEB_V2, port: { number: 80 } } }],
      timeout: '10s',
    })]), { path: '/', headers: { 'x-drop': '1', 'x-trace': 'client' } });
    expect(result.hops[0]).toMatchObject({ timeout: '10s', mirror: WEB_V2 });
    expect(result.destinations[0].headers).toEqual({ 'x-team': 'shop', 'x-trace': 'client,gw' });
  });

  it('method and query parameter matches (conformance httproute-method-matching, -query-param-matching)', () => {
    const model = site([
      rule(0, { method: { exact: 'POST' } }, {}, [backend('web-v2')]),
      rule(1, { queryParams: { animal: { exact: 'whale' } } }, {}, [backend('web-v2')]),
      rule(2, null),
    ]);
    expect(ask(model, { path: '/', method: 'POST' }).destinations[0].host).toBe(WEB_V2);
    expect(ask(model, { path: '/?animal=whale' }).destinations[0].host).toBe(WEB_V2);
    expect(ask(model, { path: '/?animal=dolphin' }).destinations[0].host).toBe(WEB_V1);
  });

  it('route order is the derived VirtualService\'s (istiod sorted it): the first match wins', () => {
    const model = site([rule(1, { uri: { exact: '/a' } }, {}, [backend('web-v2')]), rule(0, { uri: { prefix: '/' } })]);
    expect(ask(model, { path: '/a' }).hops[0]).toMatchObject({ route: 'HTTPRoute shop/site', ruleIndex: 1 });
  });
});

describe('the trace names what the user wrote', () => {
  const model = site([rule(0, { uri: { prefix: '/a' } }), rule(2, null, {}, [backend('web-v2')])]);

  it('HTTPRoute and rule index, Gateway API Gateway and listener (JSON keeps its fields, adds route/listener)', () => {
    const hop = ask(model, { path: '/b' }).hops[0];
    expect(hop).toMatchObject({
      proxy: 'gateway', at: 'Deployment shop/public-istio', gateway: 'shop/public', listener: 'http',
      route: 'HTTPRoute shop/site', ruleIndex: 2, derivedVirtualService: 'shop/site-0-http',
    });
    expect(hop.virtualService).toBeUndefined();
    const json: any = explanationToJson(ask(model, { path: '/b' }));
    expect(json.hops[0]).toMatchObject({ route: 'HTTPRoute shop/site', ruleIndex: 2, gateway: 'shop/public', listener: 'http' });
  });

  it('the text trace', () => {
    const text = formatExplanation(ask(model, { path: '/a/x' }));
    expect(text).toContain('Gateway shop/public (gateway.networking.k8s.io) listener http HTTP:80 [shop.example.com]');
    expect(text).toContain('HTTPRoute shop/site rules[0]');
    expect(text).not.toContain('autogenerated');
  });

  it('no rule matched: the consulted route is named', () => {
    const narrow = site([rule(0, { uri: { prefix: '/a' } })]);
    const result = ask(narrow, { path: '/b' });
    expect(result).toMatchObject({ outcome: 'no-route', status: 404 });
    expect(result.hops[0]).toMatchObject({ route: 'HTTPRoute shop/site', virtualService: undefined });
  });
});

describe('sources', () => {
  it('--from gateway:ns/name and ns/name name the Gateway API Gateway', () => {
    expect(parseFrom('gateway:shop/public')).toEqual({ gateway: 'shop/public' });
    expect(parseFrom('shop/public')).toEqual({ gateway: 'shop/public' });
    expect(parseFrom('shop:app=web')).toEqual({ namespace: 'shop', labels: { app: 'web' } });
  });

  it('a Gateway API Gateway of another class (not deployed by istiod) without pods in the manifests is an error naming the label', () => {
    const other = gatewayApiGateway('public', [{ name: 'http', port: 80 }]);
    other.spec.gatewayClassName = 'envoy';
    const model = MeshModel.fromObjects([other]);
    expect(() => explain(model, { from: { gateway: 'shop/public' }, host: HOST, path: '/' })).toThrow(/gateway\.networking\.k8s\.io\/gateway-name=public/);
  });

  it('an Istio Gateway and a Gateway API Gateway of the same ns/name: istiod runs both; the Istio one is simulated, with a note', () => {
    const istio = { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'public', namespace: 'shop' }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [HOST] }] } };
    const result = ask(site([rule(0, null)], [istio]), { path: '/' });
    expect(result.hops[0].at).not.toBe('Deployment shop/public-istio');
    expect(result.hops[0].notes.join('\n')).toContain('a Gateway API Gateway shop/public exists too');
  });

  it('no listener on the port: refused', () => {
    const result = ask(site([rule(0, null)]), { path: '/', port: 9090 });
    expect(result.outcome).toBe('no-virtual-host');
  });
});
