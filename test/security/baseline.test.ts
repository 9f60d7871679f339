/**
 * Secure by default: every team namespace gets STRICT mTLS, default deny, REGISTRY_ONLY egress,
 * and ALLOW policies that are exactly the route graph.
 */
import { Testing } from 'cdk8s';
import {
  CanaryRoute, ExternalEgress, ExternalProtocol, GatewayProtocol, GatewayTls, GatewayType, HttpAction, IstioTrafficError, Team, TeamGateway, VersionedService,
} from '../../src';
import { buildExample, EXAMPLES, synthObjects } from '../support/examples';

const principalsOf = (policy: any): string[] => policy.spec.rules?.flatMap((r: any) => r.from?.flatMap((f: any) => f.source.principals ?? []) ?? []) ?? [];
const find = (objects: any[], kind: string, namespace: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);

describe.each(Object.keys(EXAMPLES))('example %s', (example) => {
  const objects = synthObjects(buildExample(example));
  const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);

  test.each(namespaces)('namespace %s has the baseline', (ns) => {
    expect(find(objects, 'PeerAuthentication', ns, 'default').spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(find(objects, 'AuthorizationPolicy', ns, 'allow-nothing').spec).toEqual({});
    expect(find(objects, 'Sidecar', ns, 'default').spec.outboundTrafficPolicy).toEqual({ mode: 'REGISTRY_ONLY' });
  });

  test('every workload runs hardened', () => {
    for (const deployment of objects.filter((o) => o.kind === 'Deployment' && o.metadata.labels?.['app.kubernetes.io/managed-by'])) {
      const pod = deployment.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const container of pod.containers) {
        expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true });
        expect(container.resources.requests).toBeDefined();
      }
    }
  });
});

test('seed 000: svc-1 admits gw-1 and gw-2 (which routes /svc1 to it) and nobody else', () => {
  const objects = synthObjects(buildExample('three-teams'));
  expect(principalsOf(find(objects, 'AuthorizationPolicy', 'vamp-test1', 'svc-1'))).toEqual([
    'cluster.local/ns/vamp-test1/sa/gw-1',
    'cluster.local/ns/vamp-test2/sa/gw-2',
  ]);
  expect(principalsOf(find(objects, 'AuthorizationPolicy', 'vamp-test2', 'svc-2'))).toEqual(['cluster.local/ns/vamp-test2/sa/gw-2']);
});

describe('derived ALLOW rules follow the route graph', () => {
  function shop(withAdminRoute: boolean) {
    const app = Testing.app();
    const team = new Team(app, 'shop', { namespace: 'shop' });
    const edge = new TeamGateway(team, 'edge', { servers: [{ port: 80, hosts: ['shop.example.com'] }] });
    const admin = new TeamGateway(team, 'admin', { servers: [{ port: 80, hosts: ['admin.example.com'] }] });
    const cart = new VersionedService(team, 'cart', { versions: [{ name: 'v1', image: 'cart:1' }] });
    new CanaryRoute(team, 'public', { hosts: ['shop.example.com'], gateways: [edge], http: [{ action: HttpAction.to(cart.subset('v1')) }] });
    if (withAdminRoute) {
      new CanaryRoute(team, 'admin-route', { hosts: ['admin.example.com'], gateways: [admin], http: [{ action: HttpAction.to(cart.subset('v1')) }] });
    }
    return principalsOf(find(Testing.synth(team), 'AuthorizationPolicy', 'shop', 'cart'));
  }

  test('adding a route adds exactly its gateway', () => {
    expect(shop(false)).toEqual(['cluster.local/ns/shop/sa/edge']);
    expect(shop(true)).toEqual(['cluster.local/ns/shop/sa/admin', 'cluster.local/ns/shop/sa/edge']);
  });

  test('a mesh route admits the workloads of the team that owns it', () => {
    const app = Testing.app();
    const web = new Team(app, 'web', { namespace: 'web' });
    const pay = new Team(app, 'pay', { namespace: 'pay' });
    new VersionedService(web, 'frontend', { versions: [{ name: 'v1', image: 'fe:1' }] });
    web.addWorkloadIdentity('batch');
    const payments = new VersionedService(pay, 'payments', { versions: [{ name: 'v1', image: 'pay:1' }] });
    const unused = new VersionedService(pay, 'ledger', { versions: [{ name: 'v1', image: 'ledger:1' }] });
    new CanaryRoute(web, 'payments', { hosts: [payments.host], http: [{ action: HttpAction.to(payments.subset('v1')) }] });
    const objects = Testing.synth(pay);
    expect(principalsOf(find(objects, 'AuthorizationPolicy', 'pay', 'payments'))).toEqual(['cluster.local/ns/web/sa/batch', 'cluster.local/ns/web/sa/frontend']);
    // Nobody routes to the ledger: its policy admits nothing.
    expect(find(objects, 'AuthorizationPolicy', 'pay', unused.name).spec).toEqual({ selector: { matchLabels: { app: 'ledger' } }, action: 'ALLOW' });
  });

  test('each part of the baseline can be switched off', () => {
    const app = Testing.app();
    const team = new Team(app, 'legacy', { namespace: 'legacy', strictMtls: false, defaultDeny: false, sidecar: false });
    new VersionedService(team, 'old', { versions: [{ name: 'v1', image: 'old:1' }] });
    const kinds = Testing.synth(team).map((o) => o.kind);
    expect(kinds).not.toContain('PeerAuthentication');
    expect(kinds).not.toContain('AuthorizationPolicy');
    expect(kinds).not.toContain('Sidecar');
  });
});

describe('TLS at the edge', () => {
  function gatewayObjects(servers: any[]) {
    const app = Testing.app();
    const team = new Team(app, 'edge', { namespace: 'edge' });
    new TeamGateway(team, 'public', { servers, minReplicas: 2, maxReplicas: 6 });
    return Testing.synth(team);
  }

  test('HTTPS SIMPLE/MUTUAL with a credential, HTTP redirecting to HTTPS, and the Role to read the secret', () => {
    const objects = gatewayObjects([
      { port: 80, hosts: ['shop.example.com'], httpsRedirect: true },
      { port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['shop.example.com'], tls: GatewayTls.simple('shop-cert') },
      { port: 8443, protocol: GatewayProtocol.HTTPS, hosts: ['partners.example.com'], tls: GatewayTls.mutual('partners-cert') },
    ]);
    expect(find(objects, 'Gateway', 'edge', 'public').spec.servers).toEqual([
      { port: { number: 80, name: 'http-80', protocol: 'HTTP' }, hosts: ['shop.example.com'], tls: { httpsRedirect: true } },
      { port: { number: 443, name: 'https-443', protocol: 'HTTPS' }, hosts: ['shop.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop-cert', minProtocolVersion: 'TLSV1_2' } },
      { port: { number: 8443, name: 'https-8443', protocol: 'HTTPS' }, hosts: ['partners.example.com'], tls: { mode: 'MUTUAL', credentialName: 'partners-cert', minProtocolVersion: 'TLSV1_2' } },
    ]);
    expect(find(objects, 'Role', 'edge', 'public-secret-reader').rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }]);
    expect(find(objects, 'RoleBinding', 'edge', 'public-secret-reader').subjects).toEqual([{ kind: 'ServiceAccount', name: 'public', namespace: 'edge' }]);
    expect(find(objects, 'HorizontalPodAutoscaler', 'edge', 'public').spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
    expect(find(objects, 'PodDisruptionBudget', 'edge', 'public').spec.minAvailable).toBe(1);
    const deployment = find(objects, 'Deployment', 'edge', 'public');
    expect(deployment.spec.replicas).toBeUndefined();
    expect(deployment.spec.template.spec.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
    expect(find(objects, 'AuthorizationPolicy', 'edge', 'public').spec.rules).toEqual([{ to: [{ operation: { ports: ['80', '443', '8443'] } }] }]);
  });

  test('a gateway without certificates gets no Role', () => {
    const kinds = gatewayObjects([{ port: 80, hosts: ['shop.example.com'] }]).map((o) => o.kind);
    expect(kinds).not.toContain('Role');
    expect(kinds).not.toContain('RoleBinding');
  });

  test('HTTPS without TLS settings, or PASSTHROUGH on HTTPS, is refused', () => {
    expect(() => gatewayObjects([{ port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['a.example.com'] }])).toThrow(IstioTrafficError);
    expect(() => gatewayObjects([{ port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['a.example.com'], tls: GatewayTls.passthrough() }])).toThrow(/CIT014.*PASSTHROUGH/);
  });

  test('TLS passthrough routes by SNI', () => {
    const app = Testing.app();
    const team = new Team(app, 'edge', { namespace: 'edge' });
    const gw = new TeamGateway(team, 'public', { servers: [{ port: 443, protocol: GatewayProtocol.TLS, hosts: ['secure.example.com'], tls: GatewayTls.passthrough() }] });
    const backend = new VersionedService(team, 'backend', { ports: [{ port: 443, protocol: 'https' as any }], versions: [{ name: 'v1', image: 'b:1' }] });
    new CanaryRoute(team, 'secure', { hosts: ['secure.example.com'], gateways: [gw], tls: [{ sniHosts: ['secure.example.com'], port: 443, destination: backend.destination() }] });
    const vs = find(Testing.synth(team), 'VirtualService', 'edge', 'secure').spec;
    expect(vs.tls).toEqual([{ match: [{ sniHosts: ['secure.example.com'], port: 443 }], route: [{ destination: { host: 'backend.edge.svc.cluster.local' } }] }]);
    expect(vs.http).toBeUndefined();
  });
});

describe('locked egress', () => {
  test('HTTPS through the egress gateway is passed through by SNI and admitted only for the declaring namespace', () => {
    const app = Testing.app();
    const team = new Team(app, 'shop', { namespace: 'shop' });
    const egress = new TeamGateway(team, 'egress', { type: GatewayType.EGRESS });
    new ExternalEgress(team, 'stripe', { host: 'api.stripe.com', protocol: ExternalProtocol.HTTPS, egressGateway: egress });
    new ExternalEgress(team, 'httpbin', { host: 'httpbin.org', egressGateway: egress });
    const objects = Testing.synth(team);
    expect(find(objects, 'ServiceEntry', 'shop', 'stripe').spec.ports).toEqual([{ number: 443, name: 'tls-443', protocol: 'TLS' }]);
    expect(find(objects, 'VirtualService', 'shop', 'stripe').spec.tls).toEqual([
      { match: [{ gateways: ['mesh'], port: 443, sniHosts: ['api.stripe.com'] }], route: [{ destination: { host: 'egress.shop.svc.cluster.local', port: { number: 443 } } }] },
      { match: [{ gateways: ['egress'], port: 443, sniHosts: ['api.stripe.com'] }], route: [{ destination: { host: 'api.stripe.com', port: { number: 443 } } }] },
    ]);
    expect(find(objects, 'AuthorizationPolicy', 'shop', 'egress').spec.rules).toEqual([
      { from: [{ source: { namespaces: ['shop'] } }], to: [{ operation: { hosts: ['httpbin.org'] } }, { operation: { ports: ['443'] } }] },
    ]);
  });

  test('TLS origination verifies the server with a CA by default', () => {
    const app = Testing.app();
    const team = new Team(app, 'shop', { namespace: 'shop' });
    new ExternalEgress(team, 'partner', { host: 'api.partner.com', originateTls: true });
    const dr = find(Testing.synth(team), 'DestinationRule', 'shop', 'partner').spec;
    expect(dr.trafficPolicy.portLevelSettings[0].tls).toEqual({ mode: 'SIMPLE', sni: 'api.partner.com', caCertificates: '/etc/ssl/certs/ca-certificates.crt' });
  });
});
