/**
 * Where a mesh request goes depends on the port and on what the caller's sidecar knows: istiod
 * builds an outbound virtual host for a service only on the ports it declares, only for services
 * the caller sees (Sidecar egress hosts, exportTo), and ends every outbound route configuration
 * with the outbound policy's catch-all (ALLOW_ANY → PassthroughCluster, REGISTRY_ONLY → 502).
 * Each case names the istiod function it follows. Base topology: test/simulate/topology.ts
 * (shop: web :80, api :80 and :8080).
 */
import { MeshEnvironment, MeshModel } from '../../src/model';
import { explain, Explanation, ExplainRequest, formatExplanation, Outcome } from '../../src/simulate';
import { base, deployment, NS, service, vs, WEB } from './topology';

const LEDGER = 'ledger.shop.svc.cluster.local';
const FROM = { namespace: NS, labels: { app: 'frontend' } };
const REGISTRY_ONLY: MeshEnvironment = { outboundTrafficPolicy: 'REGISTRY_ONLY' };

const ledger = [deployment('ledger', NS, { app: 'ledger' }), service('ledger', NS, { app: 'ledger' }, [80])];
const ledgerRoutes = vs('ledger', { hosts: ['ledger'], http: [{ route: [{ destination: { host: 'ledger' } }] }] });
const stripe = {
  apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'stripe', namespace: NS },
  spec: { hosts: ['api.stripe.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS', location: 'MESH_EXTERNAL' },
};
const sidecar = (hosts: string[], namespace = NS) => ({
  apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace }, spec: { egress: [{ hosts }] },
});
/** A VirtualService for a host outside the registry, sending it to web v2. */
const external = (host: string, name = 'ext') => vs(name, { hosts: [host], http: [{ route: [{ destination: { host: 'web', subset: 'v2' } }] }] });

interface Want {
  readonly outcome: Outcome;
  readonly status?: number;
  /** Host (or subset) of each destination, in order. */
  readonly to?: readonly string[];
  readonly port?: number;
  /** VirtualService of the first hop. */
  readonly virtualService?: string;
  /** A note of the first hop contains this. */
  readonly note?: string;
  /** A note of the first destination contains this. */
  readonly destinationNote?: string;
}

interface Case {
  readonly name: string;
  readonly objects: readonly any[];
  readonly request: Partial<ExplainRequest>;
  readonly env?: MeshEnvironment;
  readonly want: Want;
}

const cases: Case[] = [
  // ---- ports (httproute.go BuildSidecarOutboundVirtualHosts: only services with the listener port)
  { name: 'a Service on the port it declares is routed by its VirtualService',
    objects: [...ledger, ledgerRoutes], request: { host: 'ledger', port: 80 },
    want: { outcome: 'routed', to: [LEDGER], port: 80, virtualService: 'shop/ledger' } },
  { name: 'a port the Service does not declare is not routed by its VirtualService: ALLOW_ANY passes it through',
    objects: [...ledger, ledgerRoutes], request: { host: 'ledger', port: 8080 },
    want: { outcome: 'routed', to: [LEDGER], port: 8080, note: 'declares no port 8080 (ports 80)' } },
  { name: 'a port the Service does not declare under REGISTRY_ONLY: 502 BlackHoleCluster',
    objects: [...ledger, ledgerRoutes], request: { host: 'ledger', port: 8080 }, env: REGISTRY_ONLY,
    want: { outcome: 'blocked', status: 502, note: 'BlackHoleCluster' } },
  { name: 'without a VirtualService, the default route exists only on declared ports too',
    objects: [...ledger], request: { host: 'ledger', port: 8080 }, env: REGISTRY_ONLY,
    want: { outcome: 'blocked', status: 502 } },
  { name: 'a two-port Service is routed on its second port',
    objects: [], request: { host: 'api', port: 8080 }, env: REGISTRY_ONLY,
    want: { outcome: 'routed', to: ['api.shop.svc.cluster.local'], port: 8080 } },
  { name: 'a ServiceEntry host on its declared port is routed',
    objects: [stripe], request: { host: 'api.stripe.com', port: 80 }, env: REGISTRY_ONLY,
    want: { outcome: 'routed', to: ['api.stripe.com'], port: 80 } },
  { name: 'a ServiceEntry host on a port it does not declare, under REGISTRY_ONLY: 502',
    objects: [stripe], request: { host: 'api.stripe.com', port: 443 }, env: REGISTRY_ONLY,
    want: { outcome: 'blocked', status: 502, note: 'api.stripe.com declares no port 443 (ports 80)' } },
  { name: 'a ServiceEntry host on a port it does not declare, under ALLOW_ANY: PassthroughCluster',
    objects: [stripe], request: { host: 'api.stripe.com', port: 443 },
    want: { outcome: 'routed', to: ['api.stripe.com'], port: 443, note: 'PassthroughCluster' } },

  { name: 'a port no service declares has no HTTP listener in the sidecar: said so',
    objects: [], request: { host: 'unknown.example.org', port: 9999 }, env: REGISTRY_ONLY,
    want: { outcome: 'blocked', status: 502, note: 'no service this sidecar sees declares port 9999, so it has no HTTP listener there' } },

  // httproute.go buildCatchAllVirtualHost: ALLOW_ANY goes to the Sidecar's egressProxy when set
  { name: "ALLOW_ANY with the Sidecar's egressProxy: unknown hosts go there instead of PassthroughCluster",
    objects: [{ apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace: NS },
      spec: { outboundTrafficPolicy: { mode: 'ALLOW_ANY', egressProxy: { host: 'web', subset: 'v2', port: { number: 80 } } } } }],
    request: { host: 'unknown.example.org' }, want: { outcome: 'routed', to: ['v2'], port: 80, note: 'egressProxy web' } },

  // ---- visibility (sidecar.go ConvertToSidecarScope: egress hosts and exportTo filter the services)
  { name: "a Service hidden by the caller's Sidecar egress hosts: named, and blocked under REGISTRY_ONLY",
    objects: [sidecar(['./*'], 'ops')], request: { from: { namespace: 'ops' }, host: WEB }, env: REGISTRY_ONLY,
    want: { outcome: 'blocked', status: 502, note: `${WEB} is Service shop/web, but Sidecar ops/default egress hosts [./*] do not include it` } },
  { name: "a Service hidden by the caller's Sidecar under ALLOW_ANY: passed through to its ClusterIP, no VirtualService",
    objects: [sidecar(['./*'], 'ops'), vs('web-routes', { hosts: [WEB], http: [{ route: [{ destination: { host: WEB, subset: 'v2' } }] }] })],
    request: { from: { namespace: 'ops' }, host: WEB },
    want: { outcome: 'routed', to: [WEB], note: 'Sidecar ops/default egress hosts [./*] do not include it' } },
  { name: 'the same Service admitted by the Sidecar egress hosts is routed',
    objects: [sidecar(['./*', 'shop/*'], 'ops')], request: { from: { namespace: 'ops' }, host: WEB }, env: REGISTRY_ONLY,
    want: { outcome: 'routed', to: [WEB] } },
  { name: 'a Service exported only to its own namespace (networking.istio.io/exportTo) is hidden elsewhere',
    objects: [{ ...service('ledger', NS, { app: 'ledger' }, [80]), metadata: { name: 'ledger', namespace: NS, annotations: { 'networking.istio.io/exportTo': '.' } } }],
    request: { from: { namespace: 'ops' }, host: LEDGER }, env: REGISTRY_ONLY,
    want: { outcome: 'blocked', status: 502, note: 'networking.istio.io/exportTo annotation (.) does not export it to ops' } },
  { name: 'a ServiceEntry exported elsewhere is named as hidden by its exportTo',
    objects: [{ ...stripe, metadata: { name: 'stripe', namespace: 'payments' }, spec: { ...stripe.spec, exportTo: ['.'] } }],
    request: { host: 'api.stripe.com' }, env: REGISTRY_ONLY,
    want: { outcome: 'blocked', status: 502, note: 'api.stripe.com is ServiceEntry payments/stripe, but its exportTo [.] does not include shop' } },

  { name: "a VirtualService in the caller's namespace for a Service its Sidecar hides: routed on port 80, but the sidecar has no cluster (503 NC)",
    objects: [sidecar(['./*'], 'ops'), vs('to-web', { hosts: [WEB], http: [{ route: [{ destination: { host: WEB } }] }] }, 'ops')],
    request: { from: { namespace: 'ops' }, host: WEB },
    want: { outcome: 'routed', to: [WEB], virtualService: 'ops/to-web', destinationNote: 'this sidecar has no cluster for it (503 NC)' } },

  // ---- (b) route.go buildSidecarVirtualHostsForVirtualService: hosts outside the registry only on port 80
  { name: 'a VirtualService for a host outside the registry applies on port 80',
    objects: [external('legacy.example.com')], request: { host: 'legacy.example.com', port: 80 },
    want: { outcome: 'routed', to: ['v2'], virtualService: 'shop/ext' } },
  { name: 'the same VirtualService does not apply on port 8080: ALLOW_ANY passes it through',
    objects: [external('legacy.example.com')], request: { host: 'legacy.example.com', port: 8080 },
    want: { outcome: 'routed', to: ['legacy.example.com'], port: 8080, note: 'legacy.example.com is not a service registered on port 8080' } },
  { name: 'the same VirtualService on port 8080 under REGISTRY_ONLY: 502',
    objects: [external('legacy.example.com')], request: { host: 'legacy.example.com', port: 8080 }, env: REGISTRY_ONLY,
    want: { outcome: 'blocked', status: 502 } },
  { name: 'a host outside the registry rides on the ports of the registered services of the same VirtualService',
    objects: [vs('both', { hosts: ['legacy.example.com', 'api'], http: [{ route: [{ destination: { host: 'web', subset: 'v2' } }] }] })],
    request: { host: 'legacy.example.com', port: 8080 },
    want: { outcome: 'routed', to: ['v2'], virtualService: 'shop/both' } },
  { name: 'on port 80 a VirtualService applies to a Service that declares only other ports (istiod\'s port-80 rule)',
    objects: [deployment('ledger', NS, { app: 'ledger' }), service('ledger', NS, { app: 'ledger' }, [9000]),
      vs('ledger', { hosts: ['ledger'], http: [{ route: [{ destination: { host: 'ledger', port: { number: 9000 } } }] }] })],
    request: { host: 'ledger', port: 80 },
    want: { outcome: 'routed', to: [LEDGER], port: 9000, virtualService: 'shop/ledger' } },

  // ---- (c) route.go separateVSHostsAndServices: a wildcard host attaches only to the services it covers
  { name: 'a wildcard VirtualService host routes a registered service it covers',
    objects: [vs('wild', { hosts: ['*.shop.svc.cluster.local'], http: [{ route: [{ destination: { host: 'web', subset: 'v2' } }] }] })],
    request: { host: 'api' }, want: { outcome: 'routed', to: ['v2'], virtualService: 'shop/wild' } },
  { name: 'another name under the same wildcard falls through to the outbound policy',
    objects: [vs('wild', { hosts: ['*.shop.svc.cluster.local'], http: [{ route: [{ destination: { host: 'web', subset: 'v2' } }] }] })],
    request: { host: 'ghost.shop.svc.cluster.local' }, env: REGISTRY_ONLY,
    want: { outcome: 'blocked', status: 502, note: 'attaches only to the registered services it covers on port 80' } },
  { name: 'a wildcard covering registered ServiceEntry hosts does not take other names under it',
    objects: [{ ...stripe, spec: { ...stripe.spec, hosts: ['a.example.com'] } }, external('*.example.com', 'wild')],
    request: { host: 'b.example.com' },
    want: { outcome: 'routed', to: ['b.example.com'], note: 'PassthroughCluster' } },
  { name: 'a wildcard covering no registered service acts as a host outside the registry: applies on port 80',
    objects: [external('*.example.com', 'wild')], request: { host: 'b.example.com' },
    want: { outcome: 'routed', to: ['v2'], virtualService: 'shop/wild' } },
  { name: 'a wildcard covering no registered service does not apply on port 8443',
    objects: [external('*.example.com', 'wild')], request: { host: 'b.example.com', port: 8443 }, env: REGISTRY_ONLY,
    want: { outcome: 'blocked', status: 502, note: 'wildcard *.example.com covers no service registered on port 8443' } },
];

function check(result: Explanation, want: Want): void {
  expect(result.outcome).toBe(want.outcome);
  expect(result.status).toBe(want.status);
  if (want.to) expect(result.destinations.map((d) => d.subset ?? d.host)).toEqual(want.to);
  if (want.port !== undefined) expect(result.destinations[0].port).toBe(want.port);
  if (want.virtualService) expect(result.hops[0].virtualService).toBe(want.virtualService);
  if (want.note) expect(result.hops[0].notes.join('\n')).toContain(want.note);
  if (want.destinationNote) expect(result.destinations[0].notes.join('\n')).toContain(want.destinationNote);
}

describe('mesh requests: ports, registry and visibility', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const model = MeshModel.fromObjects([...base(), ...c.objects], c.env);
    const result = explain(model, { from: FROM, host: 'web', path: '/', ...c.request } as ExplainRequest);
    try {
      check(result, c.want);
    } catch (error) {
      (error as Error).message += `\n\ntrace:\n${formatExplanation(result)}`;
      throw error;
    }
  });
});

describe('gateway requests', () => {
  const gatewayRequest = { from: { gateway: 'shop/public' }, host: 'shop.example.com', path: '/' };

  // istiod: gateway.go buildGatewayHTTPRouteConfig builds blackhole:<port> when no virtual host is left
  it('a server with no VirtualService bound answers 404 from the blackhole virtual host (no route)', () => {
    const result = explain(MeshModel.fromObjects(base()), gatewayRequest);
    expect([result.outcome, result.status, result.hops[0].virtualHost]).toEqual(['no-route', 404, 'blackhole:80']);
  });

  it('once a VirtualService is bound, another Host has no virtual host (Envoy 404 NR)', () => {
    const bound = vs('site', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ route: [{ destination: { host: 'web' } }] }] });
    const result = explain(MeshModel.fromObjects([...base(), bound]), { ...gatewayRequest, host: 'api.shop.example.com' });
    expect([result.outcome, result.status]).toEqual(['no-virtual-host', 404]);
  });

  it('a port with no server has no listener: said so, no status', () => {
    const result = explain(MeshModel.fromObjects(base()), { ...gatewayRequest, port: 8081 });
    expect([result.outcome, result.status]).toEqual(['no-virtual-host', undefined]);
    expect(result.hops[0].notes.join('\n')).toContain('no listener on port 8081');
  });
});
