/**
 * ExternalName Services are aliases (istiod 1.21+, always since 1.24):
 * conversion.go ConvertService (resolution Alias), push_context.go resolveServiceAliases,
 * httproute.go generateVirtualHostDomains (the alias joins its target's virtual host),
 * sidecar.go matchingAliasService (the Sidecar must import the alias name), route.go
 * GetDestinationCluster (a destination naming the alias goes to its externalName's cluster), and
 * cluster.go / listener.go (no cluster, no listener for the alias itself). Topology:
 * test/simulate/topology.ts plus ExternalName Services in namespace `legacy`.
 */
import { MeshEnvironment, MeshModel } from '../../src/model';
import { explain, Explanation, Outcome } from '../../src/simulate';
import { expectWithTrace } from './with-trace';
import { base, NS, vs, web, WEB } from './topology';

const REGISTRY_ONLY: MeshEnvironment = { outboundTrafficPolicy: 'REGISTRY_ONLY' };
const externalName = (name: string, target: string, namespace = 'legacy') => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { type: 'ExternalName', externalName: target },
});
const ALIAS = 'web-alias.legacy.svc.cluster.local';
const alias = externalName('web-alias', WEB);
const webRoutes = vs('web-routes', { hosts: ['web'], http: [{ route: [web('v2')] }] });
const stripe = {
  apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'stripe', namespace: NS },
  spec: { hosts: ['api.stripe.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS', location: 'MESH_EXTERNAL' },
};
const sidecar = (hosts: string[]) => ({
  apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace: NS }, spec: { egress: [{ hosts }] },
});

interface Want {
  readonly outcome: Outcome;
  readonly status?: number;
  /** Host or subset of each destination. */
  readonly to?: readonly string[];
  readonly virtualService?: string;
  readonly note?: string;
  readonly destinationNote?: string;
}

interface Case {
  readonly name: string;
  readonly objects: readonly any[];
  readonly host: string;
  readonly env?: MeshEnvironment;
  readonly want: Want;
}

const cases: Case[] = [
  // ---- the alias name joins the target's virtual host
  { name: 'a request for the alias is routed by the target\'s VirtualService',
    objects: [alias, webRoutes], host: ALIAS,
    want: { outcome: 'routed', to: ['v2'], virtualService: 'shop/web-routes', note: `${ALIAS} is an ExternalName Service aliasing ${WEB}` } },
  { name: 'without a VirtualService the alias takes the target\'s default route',
    objects: [alias], host: ALIAS, env: REGISTRY_ONLY,
    want: { outcome: 'routed', to: [WEB], note: `no VirtualService for ${WEB}: default route` } },
  { name: 'an alias of an alias joins the final target',
    objects: [externalName('outer', ALIAS), alias, webRoutes], host: 'outer.legacy.svc.cluster.local',
    want: { outcome: 'routed', to: ['v2'], virtualService: 'shop/web-routes' } },
  { name: 'an alias loop joins nothing: REGISTRY_ONLY blocks it',
    objects: [externalName('a', 'b.legacy.svc.cluster.local'), externalName('b', 'a.legacy.svc.cluster.local')], host: 'a.legacy.svc.cluster.local', env: REGISTRY_ONLY,
    want: { outcome: 'blocked', status: 502, note: 'externalName chain (b.legacy.svc.cluster.local) loops' } },

  // ---- httproute.go BuildSidecarOutboundVirtualHosts: VirtualService virtual hosts come first, a domain stays with the first
  { name: 'a VirtualService naming the alias itself, older than the target\'s, routes the alias name',
    objects: [alias, vs('alias-routes', { hosts: [ALIAS], http: [{ route: [web('v1')] }] }), webRoutes], host: ALIAS,
    want: { outcome: 'routed', to: ['v1'], virtualService: 'shop/alias-routes' } },
  { name: 'near miss: when the target\'s VirtualService is older, the alias joins the target\'s virtual host',
    objects: [alias, webRoutes, vs('alias-routes', { hosts: [ALIAS], http: [{ route: [web('v1')] }] })], host: ALIAS,
    want: { outcome: 'routed', to: ['v2'], virtualService: 'shop/web-routes' } },
  { name: 'a VirtualService naming an alias of an external host routes it on port 80',
    objects: [externalName('pay', 'api.stripe.com'), vs('pay-routes', { hosts: ['pay.legacy.svc.cluster.local'], http: [{ route: [web('v2')] }] })],
    host: 'pay.legacy.svc.cluster.local', env: REGISTRY_ONLY,
    want: { outcome: 'routed', to: ['v2'], virtualService: 'shop/pay-routes' } },

  // ---- an externalName outside the cluster
  { name: 'an alias of a host no Service or ServiceEntry declares: the sidecar has no config for it (REGISTRY_ONLY 502)',
    objects: [externalName('pay', 'api.stripe.com')], host: 'pay.legacy.svc.cluster.local', env: REGISTRY_ONLY,
    want: { outcome: 'blocked', status: 502, note: 'it is an alias of api.stripe.com, which no Service or ServiceEntry declares' } },
  { name: 'the same alias under ALLOW_ANY passes through (the app resolves the CNAME itself)',
    objects: [externalName('pay', 'api.stripe.com')], host: 'pay.legacy.svc.cluster.local',
    want: { outcome: 'routed', to: ['pay.legacy.svc.cluster.local'], note: 'PassthroughCluster' } },
  { name: 'near miss: with a ServiceEntry for exactly that host, the alias joins the ServiceEntry host',
    objects: [externalName('pay', 'api.stripe.com'), stripe], host: 'pay.legacy.svc.cluster.local', env: REGISTRY_ONLY,
    want: { outcome: 'routed', to: ['api.stripe.com'] } },

  // ---- sidecar.go matchingAliasService: the Sidecar must import the alias name too
  { name: 'a Sidecar importing the target but not the alias name: the alias is not joined',
    objects: [alias, sidecar([`shop/${WEB}`])], host: ALIAS, env: REGISTRY_ONLY,
    want: { outcome: 'blocked', status: 502, note: 'do not import the alias name' } },
  { name: 'near miss: importing the alias name in the target\'s namespace joins it',
    objects: [alias, sidecar([`shop/${WEB}`, `shop/${ALIAS}`])], host: ALIAS, env: REGISTRY_ONLY,
    want: { outcome: 'routed', to: [WEB] } },
  { name: 'a Sidecar hiding the target: the alias is not joined',
    objects: [alias, sidecar(['legacy/*'])], host: ALIAS, env: REGISTRY_ONLY,
    want: { outcome: 'blocked', status: 502, note: `it is an alias of ${WEB}, which this sidecar does not see` } },

  // ---- route.go GetDestinationCluster: a destination naming the alias goes to its externalName
  { name: 'a destination naming the alias is sent to the target\'s cluster (its subsets included)',
    objects: [alias, vs('via-alias', { hosts: ['api'], http: [{ route: [{ destination: { host: ALIAS, subset: 'v2' } }] }] })], host: 'api',
    want: { outcome: 'routed', to: ['v2'], destinationNote: `${ALIAS} is an ExternalName Service (an alias): istiod sends the route to the cluster of its externalName ${WEB}` } },
  { name: 'near miss: a destination naming an alias of an external host without ServiceEntry has no cluster',
    objects: [externalName('pay', 'api.stripe.com'), vs('via-alias', { hosts: ['api'], http: [{ route: [{ destination: { host: 'pay.legacy.svc.cluster.local' } }] }] })], host: 'api',
    want: { outcome: 'routed', to: ['api.stripe.com'], destinationNote: 'api.stripe.com is neither a Service nor a ServiceEntry host: Envoy has no cluster for it (503)' } },
];

function check(result: Explanation, want: Want): void {
  expect(result.outcome).toBe(want.outcome);
  expect(result.status).toBe(want.status);
  if (want.to) expect(result.destinations.map((d) => d.subset ?? d.host)).toEqual(want.to);
  if (want.virtualService) expect(result.hops[0].virtualService).toBe(want.virtualService);
  if (want.note) expect(result.hops[0].notes.join('\n')).toContain(want.note);
  if (want.destinationNote) expect(result.destinations[0].notes.join('\n')).toContain(want.destinationNote);
}

describe('ExternalName Services are aliases', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const model = MeshModel.fromObjects([...base(), ...c.objects], c.env);
    const result = explain(model, { from: { namespace: NS, labels: { app: 'frontend' } }, host: c.host, path: '/' });
    expectWithTrace(result, () => check(result, c.want));
  });

  it('the alias keeps its name as the authority the destination receives', () => {
    const result = explain(MeshModel.fromObjects([...base(), alias]), { from: { namespace: NS }, host: ALIAS, path: '/' });
    expect([result.destinations[0].host, result.destinations[0].authority]).toEqual([WEB, ALIAS]);
  });
});
