/**
 * Seeds 001, 002 and 004 as pictures: the 90/10 split, the cookie canary, and egress through a
 * gateway as two visible hops (sidecar → egress gateway → outside host).
 */
import { parseAllDocuments } from 'yaml';
import { buildTopology, TopologyNodeKind as K } from '../../src/graph';
import { MeshModel } from '../../src/model';
import { buildExample, synthObjects } from '../support/examples';
import { edgeBetween, exampleTopology, findNode, successors } from './support';

test('seed 001: the rollout rule sends 90% to version-1 and 10% to version-2', () => {
  const t = exampleTopology('website-rollout');
  const [host] = successors(t, findNode(t, K.GATEWAY, 'website-gateway', 'website'));
  const [rule] = successors(t, host);
  const labels = t.edges.filter((e) => e.from === rule.id).map((e) => [t.nodes.find((n) => n.id === e.to)!.lines[1], e.label]);
  expect(labels).toEqual([['subset version-1', '90%'], ['subset version-2', '10%']]);
});

test('seed 002: jason\'s cookie goes to reviews v2, everyone else to v1, rule order kept', () => {
  const t = exampleTopology('cookie-routing');
  const host = findNode(t, K.HOST, 'reviews.bookinfo.svc.cluster.local', 'bookinfo');
  const rules = successors(t, host);
  expect(rules.map((r) => r.lines)).toEqual([['reviews: jason', 'cookie user=jason'], ['reviews: everyone-else', 'default']]);
  expect(successors(t, rules[0]).map((n) => n.lines[1])).toEqual(['subset v2']);
  expect(successors(t, rules[1]).map((n) => n.lines[1])).toEqual(['subset v1']);
});

/**
 * Two hops: mesh → host → rule → egress gateway listener → host → rule → ServiceEntry → outside.
 * `gatewayPort`/`listener`: where the sidecars send (the library uses Istio mTLS on 443, seed 004's
 * own YAML plain HTTP on 80).
 */
function expectTwoHops(model: MeshModel, namespace: string, egressServerHost: string, gatewayPort = 80, listener = 'egress gateway :80 HTTP'): void {
  const t = buildTopology(model);
  const mesh = findNode(t, K.MESH, 'mesh (sidecars)', namespace);
  const meshHost = successors(t, mesh).find((n) => n.lines[0] === 'httpbin.org')!;
  const [firstHop] = successors(t, meshHost);
  expect(firstHop.lines.slice(1)).toEqual(['port 80']);

  const egress = findNode(t, K.GATEWAY, 'egress', namespace);
  expect(egress.lines[1]).toBe(listener);
  expect(successors(t, firstHop)).toEqual([egress]);
  expect(edgeBetween(t, firstHop, egress)?.label).toBe('via Service egress');

  const [gatewayHost] = successors(t, egress);
  expect(gatewayHost.lines).toEqual([egressServerHost]);
  const [secondHop] = successors(t, gatewayHost);
  expect(secondHop).not.toBe(firstHop);
  expect(secondHop.lines.slice(1)).toEqual([`port ${gatewayPort}`]);
  const [entry] = successors(t, secondHop);
  expect(entry.kind).toBe(K.SERVICE_ENTRY);
  expect(successors(t, entry).map((n) => [n.kind, n.lines[0], n.namespace])).toEqual([[K.EXTERNAL, 'httpbin.org', undefined]]);
  // The sidecars' rule must not lead straight outside: that would hide the gateway hop.
  expect(successors(t, firstHop).some((n) => n.kind === K.SERVICE_ENTRY)).toBe(false);
}

test('seed 004 (the example): echo\'s sidecars → egress gateway → httpbin.org', () => {
  expectTwoHops(MeshModel.fromObjects(synthObjects(buildExample('egress-gateway'))), 'echo', 'httpbin.org', 443, 'egress gateway :443 HTTPS');
});

/** Seed 004's own YAML, with the Deployment/Service its MeshGateway operator would create. */
const SEED_004 = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: egress, namespace: default }
spec:
  selector: { matchLabels: { gateway-name: egress, gateway-type: egress } }
  template:
    metadata: { labels: { gateway-name: egress, gateway-type: egress } }
    spec: { containers: [{ name: istio-proxy, image: auto }] }
---
apiVersion: v1
kind: Service
metadata: { name: egress, namespace: default }
spec:
  selector: { gateway-name: egress, gateway-type: egress }
  ports: [{ name: http, port: 80, targetPort: 80 }]
---
apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata: { name: egress, namespace: default }
spec:
  selector: { gateway-name: egress, gateway-type: egress }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1alpha3
kind: ServiceEntry
metadata: { name: httpbin-ext, namespace: default }
spec:
  hosts: [httpbin.org]
  ports: [{ number: 80, name: http, protocol: HTTP }]
  resolution: DNS
  location: MESH_EXTERNAL
---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: { name: httpbin-egress }
spec:
  hosts: [httpbin.org]
  gateways: [egress, mesh]
  http:
  - match: [{ gateways: [mesh], port: 80 }]
    route: [{ destination: { host: egress.default.svc.cluster.local, port: { number: 80 } } }]
  - match: [{ gateways: [egress], port: 80 }]
    route: [{ destination: { host: httpbin.org, port: { number: 80 } } }]
`;

test('seed 004 (its YAML): the two hops, with the wildcard server host naming httpbin.org on the edge', () => {
  const model = MeshModel.fromObjects(parseAllDocuments(SEED_004).map((d) => d.toJS()));
  expectTwoHops(model, 'default', '*');
  const t = buildTopology(model);
  const wildcard = findNode(t, K.HOST, '*', 'default');
  expect(t.edges.find((e) => e.from === wildcard.id)?.label).toBe('httpbin.org');
  // `*` serves every name: it must not be joined to every outside host.
  expect(t.edges.some((e) => e.to === wildcard.id && e.from.startsWith('external:'))).toBe(false);
});
