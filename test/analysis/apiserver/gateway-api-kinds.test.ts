/**
 * The Gateway API kinds are known in their group (src/model/kinds.ts): `ofKind('HTTPRoute')`
 * reads gateway.networking.k8s.io HTTPRoutes only, `Gateway` keeps meaning the Istio Gateway,
 * and a misspelt kind of the Gateway API group is refused as an Istio one is (CIT900).
 */
import { IstioTrafficError } from '../../../src/errors';
import { GATEWAY_API_GROUP, GATEWAY_API_KINDS, gatewayApiGateways, groupsOfKind, kindsOfGroup, MeshModel, parseManifests } from '../../../src/model';

const modelOf = (yaml: string) => MeshModel.fromLoaded(parseManifests(yaml, 'inline.yaml'));
const obj = (apiVersion: string, kind: string, name: string, spec = '{}') =>
  `---\napiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: ${name}, namespace: team-a }\nspec: ${spec}\n`;

const GW = 'gateway.networking.k8s.io/v1';
const MIXED = [
  obj(GW, 'Gateway', 'web', '{ gatewayClassName: istio, listeners: [ { name: http, port: 80, protocol: HTTP } ] }'),
  obj('networking.istio.io/v1', 'Gateway', 'istio-gw', '{ servers: [ { port: { number: 80, name: http, protocol: HTTP }, hosts: ["*"] } ] }'),
  obj(GW, 'HTTPRoute', 'web', '{ parentRefs: [ { name: web } ] }'),
  obj('gateway.networking.x-k8s.io/v1alpha1', 'HTTPRoute', 'lookalike'),
  obj('gateway.networking.k8s.io/v1beta1', 'ReferenceGrant', 'grant',
    '{ from: [ { group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: team-b } ], to: [ { group: "", kind: Service } ] }'),
  obj(GW, 'TLSRoute', 'tls', '{ parentRefs: [ { name: web } ], rules: [ { backendRefs: [ { name: web, port: 443 } ] } ] }'),
].join('');

describe('Gateway API kinds in the model', () => {
  const model = modelOf(MIXED);
  const names = (rs: readonly { group: string; name: string }[]) => rs.map((r) => `${r.group} ${r.name}`);

  it('ofKind reads each Gateway API kind of gateway.networking.k8s.io only', () => {
    expect(names(model.ofKind('HTTPRoute'))).toEqual(['gateway.networking.k8s.io web']);
    expect(names(model.ofKind('ReferenceGrant'))).toEqual(['gateway.networking.k8s.io grant']);
    expect(names(model.ofKind('TLSRoute'))).toEqual(['gateway.networking.k8s.io tls']);
    expect(model.get('HTTPRoute', 'team-a', 'web')?.apiVersion).toBe(GW);
    expect(model.get('HTTPRoute', 'team-a', 'lookalike')).toBeUndefined();
  });

  it('Gateway keeps meaning the Istio Gateway; gatewayApiGateways reads the Gateway API ones', () => {
    expect(names(model.ofKind('Gateway'))).toEqual(['networking.istio.io istio-gw']);
    expect(names(gatewayApiGateways(model))).toEqual(['gateway.networking.k8s.io web']);
    expect(names(model.ofGroupKind(GATEWAY_API_GROUP, 'Gateway'))).toEqual(['gateway.networking.k8s.io web']);
    expect(groupsOfKind('Gateway')).toEqual(['networking.istio.io']);
  });

  it('knows every kind of the v1.5.1 standard bundle, and the experimental TCPRoute/UDPRoute of the same group', () => {
    expect([...GATEWAY_API_KINDS].sort()).toEqual([
      'BackendTLSPolicy', 'GRPCRoute', 'Gateway', 'GatewayClass', 'HTTPRoute', 'ListenerSet', 'ReferenceGrant', 'TCPRoute', 'TLSRoute', 'UDPRoute',
    ]);
    expect(kindsOfGroup(GATEWAY_API_GROUP)).toBe(GATEWAY_API_KINDS);
    for (const kind of GATEWAY_API_KINDS.filter((k) => k !== 'Gateway')) expect([kind, groupsOfKind(kind)]).toEqual([kind, [GATEWAY_API_GROUP]]);
    expect(() => modelOf(obj('gateway.networking.k8s.io/v1alpha2', 'TCPRoute', 'tcp'))).not.toThrow();
  });

  it('refuses a misspelt kind of the Gateway API group (CIT900), naming the kinds it has', () => {
    const load = () => modelOf(obj(GW, 'HttpRoute', 'typo'));
    expect(load).toThrow(IstioTrafficError);
    expect(load).toThrow(/unknown kind HttpRoute in gateway\.networking\.k8s\.io/);
    expect(load).toThrow(/HTTPRoute/);
    expect(() => modelOf(obj('gateway.networking.x-k8s.io/v1alpha1', 'XListenerSet', 'x'))).not.toThrow();
  });
});
