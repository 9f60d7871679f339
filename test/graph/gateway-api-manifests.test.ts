/**
 * Gateway API manifests written by hand (not by the constructs), for what the examples do not
 * show: a route with a Gateway and a Service parent, split matches, relative weights, refused
 * cross-namespace backends, TLSRoute, listeners without hostname, filters.
 */
import { buildTopology, toMermaid, Topology, TopologyNodeKind as K } from '../../src/graph';
import { MeshModel } from '../../src/model';
import { edgeBetween, findNode, successors } from './support';

const GROUP = 'gateway.networking.k8s.io';

function service(namespace: string, name: string, selector: Record<string, string> = { app: name }): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector, ports: [{ name: 'http', port: 8080 }] } };
}

function deployment(namespace: string, name: string, labels: Record<string, string> = { app: name }): any {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'app:1' }] } } },
  };
}

function gateway(namespace: string, name: string, listeners: any[]): any {
  return { apiVersion: `${GROUP}/v1`, kind: 'Gateway', metadata: { name, namespace }, spec: { gatewayClassName: 'istio', listeners } };
}

function httpRoute(namespace: string, name: string, spec: any): any {
  return { apiVersion: `${GROUP}/v1`, kind: 'HTTPRoute', metadata: { name, namespace }, spec };
}

const HTTP_LISTENER = { name: 'http', port: 80, protocol: 'HTTP', hostname: 'shop.example.com', allowedRoutes: { namespaces: { from: 'All' } } };

function topology(objects: any[]): Topology {
  return buildTopology(MeshModel.fromObjects(objects));
}

const base = [
  service('shop', 'cart'), service('shop', 'cart-a'), service('shop', 'cart-b'),
  deployment('shop', 'cart-a'), deployment('shop', 'cart-b'),
  gateway('shop', 'edge', [HTTP_LISTENER]),
];

describe('one HTTPRoute with a Gateway parent and a Service parent', () => {
  const t = topology([...base, httpRoute('shop', 'cart', {
    hostnames: ['shop.example.com'],
    parentRefs: [{ name: 'edge' }, { group: '', kind: 'Service', name: 'cart', port: 8080 }],
    rules: [{
      matches: [{ path: { type: 'Exact', value: '/cart' } }, { path: { type: 'PathPrefix', value: '/basket' }, headers: [{ name: 'x-beta', value: 'on' }] }],
      backendRefs: [{ name: 'cart-a', port: 8080, weight: 1 }, { name: 'cart-b', port: 8080, weight: 3 }],
    }],
  })]);

  test('is one rule node, reached from the listener host and from the parent Service host', () => {
    const rule = findNode(t, K.ROUTE, 'cart', 'shop');
    expect(rule.lines).toEqual(['cart', 'Exact /cart', 'or PathPrefix /basket and header x-beta=on']);
    const listenerHost = findNode(t, K.HOST, 'shop.example.com', 'shop');
    const meshHost = findNode(t, K.HOST, 'cart.shop.svc.cluster.local', 'shop');
    expect(successors(t, listenerHost)).toEqual([rule]);
    expect(successors(t, meshHost)).toEqual([rule]);
    expect(successors(t, findNode(t, K.MESH, 'mesh (sidecars)', 'shop'))).toEqual([meshHost]);
  });

  test('relative weights are drawn as shares of the rule (1:3 is 25% / 75%)', () => {
    const rule = findNode(t, K.ROUTE, 'cart', 'shop');
    expect(edgeBetween(t, rule, findNode(t, K.SERVICE, 'cart-a', 'shop'))?.label).toBe('25%');
    expect(edgeBetween(t, rule, findNode(t, K.SERVICE, 'cart-b', 'shop'))?.label).toBe('75%');
  });

  test('the Gateway API Gateway is drawn once, under its own name', () => {
    expect(t.nodes.filter((n) => n.kind === K.GATEWAY).map((n) => n.lines)).toEqual([['edge', 'ingress gateway :80 HTTP']]);
  });
});

describe('a backendRef into another namespace', () => {
  const route = httpRoute('shop', 'pay', {
    parentRefs: [{ name: 'edge' }],
    rules: [{ backendRefs: [{ name: 'payments', namespace: 'billing', port: 8080 }] }],
  });
  const billing = [service('billing', 'payments'), deployment('billing', 'payments')];
  const grant = {
    apiVersion: `${GROUP}/v1beta1`, kind: 'ReferenceGrant', metadata: { name: 'shop-to-payments', namespace: 'billing' },
    spec: { from: [{ group: GROUP, kind: 'HTTPRoute', namespace: 'shop' }], to: [{ group: '', kind: 'Service', name: 'payments' }] },
  };

  test('without a ReferenceGrant is drawn red, named as written (istiod answers 500 for it)', () => {
    const t = topology([...base, ...billing, route]);
    const rule = findNode(t, K.ROUTE, 'pay', 'shop');
    expect(successors(t, rule).map((n) => [n.kind, n.lines])).toEqual([[K.UNRESOLVED, ['Service billing/payments', 'refused: no ReferenceGrant allows it']]]);
  });

  test('with one, reaches the Service across the namespace boundary', () => {
    const t = topology([...base, ...billing, grant, route]);
    const rule = findNode(t, K.ROUTE, 'pay', 'shop');
    const payments = findNode(t, K.SERVICE, 'payments', 'billing');
    expect(successors(t, rule)).toEqual([payments]);
    expect(edgeBetween(t, rule, payments)?.crossNamespace).toBe(true);
  });
});

test('rules without names are numbered; filters, timeouts and an empty backend list read as the Gateway API writes them', () => {
  const t = topology([...base, httpRoute('shop', 'misc', {
    parentRefs: [{ name: 'edge' }],
    rules: [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/old' } }],
        filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', hostname: 'new.example.com', statusCode: 301 } }],
      },
      {
        matches: [{ path: { type: 'PathPrefix', value: '/v2' } }],
        filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/index' } } }],
        timeouts: { request: '5s' },
        backendRefs: [{ name: 'cart-a', port: 8080 }],
      },
      { matches: [{ path: { type: 'Exact', value: '/gone' } }] },
    ],
  })]);
  expect(successors(t, findNode(t, K.HOST, 'shop.example.com', 'shop')).map((n) => n.lines)).toEqual([
    ['misc #1', 'PathPrefix /old', 'redirect 301 to https://new.example.com'],
    ['misc #2', 'PathPrefix /v2', 'rewrite ReplaceFullPath /index', 'timeout 5s'],
    ['misc #3', 'Exact /gone', 'responds 500'],
  ]);
});

test('a listener without hostname serves every name: its host node reads *', () => {
  const t = topology([
    ...base.slice(0, -1),
    gateway('shop', 'edge', [{ name: 'http', port: 80, protocol: 'HTTP' }]),
    httpRoute('shop', 'cart', { parentRefs: [{ name: 'edge' }], hostnames: ['cart.example.com'], rules: [{ backendRefs: [{ name: 'cart-a', port: 8080 }] }] }),
  ]);
  const host = findNode(t, K.HOST, '*', 'shop');
  const rule = findNode(t, K.ROUTE, 'cart', 'shop');
  // The route's own hostname is named on the edge, as for a VirtualService under a wildcard server.
  expect(edgeBetween(t, host, rule)?.label).toBe('cart.example.com');
});

test('a TLSRoute on a passthrough listener is a tls rule matching its hostnames by SNI', () => {
  const t = topology([
    service('shop', 'vault'), deployment('shop', 'vault'),
    gateway('shop', 'edge', [{ name: 'tls', port: 443, protocol: 'TLS', hostname: 'vault.example.com', tls: { mode: 'Passthrough' } }]),
    {
      apiVersion: `${GROUP}/v1alpha2`, kind: 'TLSRoute', metadata: { name: 'vault', namespace: 'shop' },
      spec: { parentRefs: [{ name: 'edge' }], hostnames: ['vault.example.com'], rules: [{ backendRefs: [{ name: 'vault', port: 8080 }] }] },
    },
  ]);
  const gw = findNode(t, K.GATEWAY, 'edge', 'shop');
  expect(gw.lines).toEqual(['edge', 'ingress gateway :443 TLS']);
  const rule = findNode(t, K.ROUTE, 'vault (tls)', 'shop');
  expect(rule.lines).toEqual(['vault (tls)', 'sni vault.example.com']);
  expect(successors(t, findNode(t, K.HOST, 'vault.example.com', 'shop'))).toEqual([rule]);
  expect(successors(t, rule).map((n) => n.lines[0])).toEqual(['vault']);
});

test('an Istio Gateway and a Gateway API Gateway of the same name stay two nodes', () => {
  const istio = {
    apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'edge', namespace: 'shop' },
    spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['./legacy.example.com'] }] },
  };
  const t = topology([...base, istio]);
  expect(t.nodes.filter((n) => n.kind === K.GATEWAY).map((n) => n.lines)).toEqual([
    ['edge', 'ingress gateway :80 HTTP'],
    ['edge', 'ingress gateway :80 HTTP'],
  ]);
  expect(t.nodes.filter((n) => n.kind === K.HOST).map((n) => n.lines[0]).sort()).toEqual(['legacy.example.com', 'shop.example.com']);
  expect(toMermaid(t)).not.toMatch(/~/);
});

test('a route a listener does not allow is drawn red, naming the parent and istiod\'s reason (istiod derives nothing for it)', () => {
  const t = topology([
    ...base.slice(0, -1),
    gateway('shop', 'edge', [{ ...HTTP_LISTENER, allowedRoutes: { namespaces: { from: 'Same' } } }]),
    service('blog', 'posts'), deployment('blog', 'posts'),
    httpRoute('blog', 'posts', { parentRefs: [{ name: 'edge', namespace: 'shop' }], hostnames: ['shop.example.com'], rules: [{ backendRefs: [{ name: 'posts', port: 8080 }] }] }),
  ]);
  expect(t.nodes.filter((n) => n.kind === K.UNRESOLVED).map((n) => [n.namespace, n.lines])).toEqual([
    ['blog', ['HTTPRoute posts', 'not attached to Gateway shop/edge', 'NotAllowedByListeners']],
  ]);
  expect(t.nodes.filter((n) => n.kind === K.ROUTE)).toEqual([]);
});
