/**
 * Seed 000, field by field: the topology a reader of the article would build by hand, without
 * its traps (short cross-namespace hosts, gateways selecting each other's pods).
 */
import { HOSTS } from '../examples/three-teams/topology';
import { buildExample, byKind, synthObjects } from './support/examples';

const objects = synthObjects(buildExample('three-teams'));
const gateways = byKind(objects, 'Gateway');
const virtualServices = byKind(objects, 'VirtualService');
const deployments = byKind(objects, 'Deployment');
const services = byKind(objects, 'Service');

test('three namespaces with sidecar injection, and nothing outside them but the namespaces', () => {
  const namespaces = objects.filter((o) => o.kind === 'Namespace');
  expect(namespaces.map((n) => n.metadata.name)).toEqual(['vamp-test1', 'vamp-test2', 'vamp-test3']);
  for (const ns of namespaces) {
    expect(ns.metadata.labels['istio-injection']).toBe('enabled');
    expect(ns.metadata.namespace).toBeUndefined();
  }
  const others = objects.filter((o) => o.kind !== 'Namespace');
  expect(others.every((o) => ['vamp-test1', 'vamp-test2', 'vamp-test3'].includes(o.metadata.namespace))).toBe(true);
});

test('Istio objects use the v1 APIs', () => {
  const istio = objects.filter((o) => o.apiVersion.includes('istio.io'));
  expect(istio.length).toBeGreaterThan(0);
  expect(new Set(istio.map((o) => o.apiVersion))).toEqual(new Set(['networking.istio.io/v1', 'security.istio.io/v1']));
});

test('each team gateway selects only its own pods', () => {
  const gw1 = gateways['vamp-test1/gw-1'];
  const gw2 = gateways['vamp-test2/gw-2'];
  expect(gw1.spec.selector).toEqual({ 'gateway-name': 'gw-1', 'gateway-namespace': 'vamp-test1', 'gateway-type': 'ingress' });
  expect(gw2.spec.selector).toEqual({ 'gateway-name': 'gw-2', 'gateway-namespace': 'vamp-test2', 'gateway-type': 'ingress' });
  const podLabels = (d: any) => d.spec.template.metadata.labels;
  const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
  expect(matches(gw1.spec.selector, podLabels(deployments['vamp-test1/gw-1']))).toBe(true);
  expect(matches(gw1.spec.selector, podLabels(deployments['vamp-test2/gw-2']))).toBe(false);
  expect(matches(gw2.spec.selector, podLabels(deployments['vamp-test2/gw-2']))).toBe(true);
});

test('gateway deployments are what the istio gateway chart makes', () => {
  const gw = deployments['vamp-test1/gw-1'];
  const pod = gw.spec.template;
  expect(pod.metadata.annotations['inject.istio.io/templates']).toBe('gateway');
  expect(pod.metadata.labels['sidecar.istio.io/inject']).toBe('true');
  expect(pod.spec.containers[0].image).toBe('auto');
  expect(pod.spec.serviceAccountName).toBe('gw-1');
  expect(services['vamp-test1/gw-1'].spec.type).toBe('LoadBalancer');
  expect(services['vamp-test1/gw-1'].spec.ports.map((p: any) => [p.name, p.port])).toEqual([['status-port', 15021], ['http-80', 80]]);
});

test('gw-1 serves two host names, each routed to its own subset of svc-1', () => {
  expect(gateways['vamp-test1/gw-1'].spec.servers).toEqual([
    { port: { number: 80, name: 'http-80', protocol: 'HTTP' }, hosts: [`./${HOSTS.team1V1}`, `./${HOSTS.team1V2}`] },
  ]);
  const v1 = virtualServices['vamp-test1/svc-1-v1'].spec;
  const v2 = virtualServices['vamp-test1/svc-1-v2'].spec;
  expect(v1).toEqual({ exportTo: ['.'], gateways: ['gw-1'], hosts: [HOSTS.team1V1], http: [{ route: [{ destination: { host: 'svc-1.vamp-test1.svc.cluster.local', subset: 'v1' } }] }] });
  expect(v2.hosts).toEqual([HOSTS.team1V2]);
  expect(v2.http[0].route[0].destination.subset).toBe('v2');
});

test('svc-1 has a deployment per version and a subset per version', () => {
  expect(deployments['vamp-test1/svc-1-v1'].spec.template.metadata.labels).toEqual({ app: 'svc-1', version: 'v1' });
  expect(deployments['vamp-test1/svc-1-v2'].spec.template.metadata.labels).toEqual({ app: 'svc-1', version: 'v2' });
  expect(services['vamp-test1/svc-1'].spec.selector).toEqual({ app: 'svc-1' });
  expect(services['vamp-test1/svc-1'].spec.ports).toEqual([{ appProtocol: 'http', name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }]);
  const dr = byKind(objects, 'DestinationRule')['vamp-test1/svc-1'];
  expect(dr.spec.subsets).toEqual([{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }]);
});

test('gw-2 routes /svc1 to svc-1 in another namespace by FQDN, /svc2 to svc-2, rewriting to /', () => {
  const router = virtualServices['vamp-test2/svc-router'].spec;
  expect(router.gateways).toEqual(['gw-2']);
  expect(router.http.map((r: any) => r.route[0].destination.host)).toEqual([
    'svc-1.vamp-test1.svc.cluster.local',
    'svc-2.vamp-test2.svc.cluster.local',
  ]);
  expect(router.http[0].match).toEqual([{ uri: { prefix: '/svc1/' } }, { uri: { exact: '/svc1' } }]);
  expect(router.http.every((r: any) => r.rewrite.uri === '/')).toBe(true);
});

test('vamp-test3 reaches gw-2 host through a ServiceEntry with retries and a timeout, under REGISTRY_ONLY', () => {
  const entry = byKind(objects, 'ServiceEntry')['vamp-test3/team2-api'].spec;
  expect(entry).toEqual({ hosts: [HOSTS.team2], exportTo: ['.'], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: 80, name: 'http-80', protocol: 'HTTP' }] });
  const route = virtualServices['vamp-test3/team2-api'].spec;
  expect(route.hosts).toEqual([HOSTS.team2]);
  expect(route.gateways).toBeUndefined();
  expect(route.http[0].retries).toEqual({ attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,refused-stream' });
  expect(route.http[0].timeout).toBe('10s');
  expect(deployments['vamp-test3/client']).toBeDefined();
  const sidecar = byKind(objects, 'Sidecar')['vamp-test3/default'].spec;
  expect(sidecar.outboundTrafficPolicy).toEqual({ mode: 'REGISTRY_ONLY' });
});
