/**
 * What the diagram does with configurations beyond the examples: shared gateways, broken
 * references, TLS passthrough, mirrors, ServiceEntries used without a route — and that the
 * output does not depend on the order manifests are given in.
 */
import { parseAllDocuments } from 'yaml';
import { buildTopology, toDot, toMermaid, Topology, TopologyNodeKind as K } from '../../src/graph';
import { MeshModel } from '../../src/model';
import { edgeBetween, findNode, successors } from './support';

function topologyOf(yaml: string): Topology {
  return buildTopology(MeshModel.fromObjects(parseAllDocuments(yaml).map((d) => d.toJS())));
}

const svc = (name: string, ns: string) => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec: { selector: { app: ${name} }, ports: [{ name: http, port: 80 }] }
---`;

test('a shared gateway in istio-system: team routes attach where the server host admits their namespace', () => {
  const t = topologyOf(`${svc('web', 'team-a')}
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: shared, namespace: istio-system }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["team-a/*.a.example.com", "team-b/*.b.example.com"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web, namespace: team-a }
spec:
  hosts: [www.a.example.com, www.b.example.com]
  gateways: [istio-system/shared]
  http: [{ route: [{ destination: { host: web } }] }]
`);
  const gateway = findNode(t, K.GATEWAY, 'shared', 'istio-system');
  const [aHost, bHost] = successors(t, gateway);
  expect([aHost.lines[0], bHost.lines[0]]).toEqual(['team-a/*.a.example.com', 'team-b/*.b.example.com']);
  const rule = findNode(t, K.ROUTE, 'web', 'team-a');
  // Into the team's namespace: crossing, and the route host named on the edge under the wildcard.
  expect(edgeBetween(t, aHost, rule)).toMatchObject({ crossNamespace: true, label: 'www.a.example.com' });
  // team-b/ admits only team-b's routes.
  expect(edgeBetween(t, bHost, rule)).toBeUndefined();
});

test('references to nothing are drawn as unresolved nodes, not dropped', () => {
  const t = topologyOf(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: lost, namespace: shop }
spec:
  hosts: [shop.example.com]
  gateways: [istio-system/missing]
  http: [{ route: [{ destination: { host: nowhere } }] }]
`);
  const rule = findNode(t, K.ROUTE, 'lost', 'shop');
  const gateway = findNode(t, K.UNRESOLVED, 'Gateway istio-system/missing', 'shop');
  expect(edgeBetween(t, gateway, rule)).toBeDefined();
  expect(successors(t, rule).map((n) => [n.kind, n.lines])).toEqual([[K.UNRESOLVED, ['nowhere.shop.svc.cluster.local', 'no Service or ServiceEntry']]]);
});

test('TLS passthrough servers carry tls rules only; mirrors are drawn with their share', () => {
  const t = topologyOf(`${svc('api', 'shop')}${svc('api-shadow', 'shop')}
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: shop }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 443, name: tls, protocol: TLS }
    tls: { mode: PASSTHROUGH }
    hosts: [api.example.com]
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: [api.example.com]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: api, namespace: shop }
spec:
  hosts: [api.example.com]
  gateways: [gw]
  http:
  - route: [{ destination: { host: api } }]
    mirror: { host: api-shadow }
    mirrorPercentage: { value: 10 }
  tls:
  - match: [{ sniHosts: [api.example.com], port: 443 }]
    route: [{ destination: { host: api } }]
`);
  const byPort = (port: number) => t.nodes.find((n) => n.kind === K.GATEWAY && n.lines[1].includes(`:${port} `))!;
  expect(byPort(443).lines).toEqual(['gw', 'ingress gateway :443 TLS']);
  expect(successors(t, successors(t, byPort(443))[0]).map((r) => r.lines)).toEqual([['api (tls)', 'sni api.example.com and port 443']]);
  expect(successors(t, successors(t, byPort(80))[0]).map((r) => r.lines)).toEqual([['api', 'default']]);
  const httpRule = t.nodes.find((n) => n.id === 'route:shop/api/http/0')!;
  const shadow = findNode(t, K.SERVICE, 'api-shadow', 'shop');
  expect(edgeBetween(t, httpRule, shadow)?.label).toBe('mirror 10%');
});

test('a ServiceEntry no route names is used directly by its namespace\'s sidecars; unrouted Services still appear', () => {
  const t = topologyOf(`${svc('lonely', 'ops')}
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: pypi, namespace: ops }
spec: { hosts: [pypi.org], ports: [{ number: 443, name: tls, protocol: TLS }], resolution: DNS }
`);
  const entry = findNode(t, K.SERVICE_ENTRY, 'pypi', 'ops');
  expect(entry.lines).toEqual(['pypi', 'ServiceEntry, mesh external', ':443 TLS']);
  expect(edgeBetween(t, findNode(t, K.MESH, 'mesh (sidecars)', 'ops'), entry)?.label).toBe('direct');
  expect(findNode(t, K.SERVICE, 'lonely', 'ops').lines).toEqual(['lonely', 'Service']);
});

test('the order manifests are given in changes nothing in the output', () => {
  const yaml = `${svc('a', 'x')}${svc('b', 'y')}
apiVersion: apps/v1
kind: Deployment
metadata: { name: a, namespace: x }
spec: { template: { metadata: { labels: { app: a } } } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: z-caller, namespace: x }
spec: { template: { metadata: { labels: { app: z } } } }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: to-b, namespace: x }
spec:
  hosts: [b.y.svc.cluster.local]
  http: [{ route: [{ destination: { host: b.y.svc.cluster.local }, weight: 70 }, { destination: { host: a }, weight: 30 }] }]
`;
  const objects = parseAllDocuments(yaml).map((d) => d.toJS());
  const forward = buildTopology(MeshModel.fromObjects(objects));
  const backward = buildTopology(MeshModel.fromObjects([...objects].reverse()));
  expect(toMermaid(backward)).toBe(toMermaid(forward));
  expect(toDot(backward)).toBe(toDot(forward));
  expect(findNode(forward, K.MESH, 'mesh (sidecars)', 'x').lines[1]).toBe('a, z-caller');
  expect(forward.edges.filter((e) => e.label?.endsWith('%')).map((e) => [e.label, e.crossNamespace])).toEqual([['30%', false], ['70%', true]]);
});

test('a server with httpsRedirect answers 301 itself: its host says so and leads to no route', () => {
  const t = topologyOf(`${svc('web', 'shop')}
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: shop }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    tls: { httpsRedirect: true }
    hosts: [shop.example.com]
  - port: { number: 443, name: https, protocol: HTTPS }
    tls: { mode: SIMPLE, credentialName: shop-cert }
    hosts: [shop.example.com]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web, namespace: shop }
spec:
  hosts: [shop.example.com]
  gateways: [gw]
  http: [{ route: [{ destination: { host: web } }] }]
`);
  const [plain, secure] = t.nodes.filter((n) => n.kind === K.HOST);
  expect(plain.lines).toEqual(['shop.example.com', 'redirects to https (301)']);
  expect(successors(t, plain)).toEqual([]);
  expect(secure.lines).toEqual(['shop.example.com']);
  expect(successors(t, secure).map((r) => r.lines[0])).toEqual(['web']);
});
