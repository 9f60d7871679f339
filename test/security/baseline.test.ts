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

  test('ownership: gateway hosts scoped to namespaces, exportTo on every routing object and never *, Pod Security labels', () => {
    for (const gateway of objects.filter((o) => o.kind === 'Gateway')) {
      for (const host of gateway.spec.servers.flatMap((s: any) => s.hosts)) expect(host).toMatch(/^(\.|[a-z0-9-]+)\/[^/]+$/);
    }
    for (const o of objects.filter((x) => ['VirtualService', 'DestinationRule', 'ServiceEntry'].includes(x.kind))) {
      expect(o.spec.exportTo?.[0]).toBe('.');
      expect(o.spec.exportTo).not.toContain('*');
    }
    for (const ns of objects.filter((o) => o.kind === 'Namespace')) expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    // Egress gateways are reached over Istio mTLS only, so their policies can match on identity.
    for (const gateway of objects.filter((o) => o.kind === 'Gateway' && o.spec.selector['gateway-type'] === 'egress')) {
      for (const server of gateway.spec.servers) expect(server.tls).toEqual({ mode: 'ISTIO_MUTUAL' });
    }
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

  test('a route into another team needs its owner\'s grant; the grant, not the route, writes the policy', () => {
    const build = (grant: (callers: { frontend: VersionedService; web: Team }, payments: VersionedService) => void) => {
      const app = Testing.app();
      const web = new Team(app, 'web', { namespace: 'web' });
      const pay = new Team(app, 'pay', { namespace: 'pay' });
      const frontend = new VersionedService(web, 'frontend', { versions: [{ name: 'v1', image: 'fe:1' }] });
      web.addWorkloadIdentity('batch');
      const payments = new VersionedService(pay, 'payments', { versions: [{ name: 'v1', image: 'pay:1' }] });
      new VersionedService(pay, 'ledger', { versions: [{ name: 'v1', image: 'ledger:1' }] });
      grant({ frontend, web }, payments);
      new CanaryRoute(web, 'payments', { hosts: [payments.host], http: [{ action: HttpAction.to(payments.subset('v1')) }] });
      return { web, pay };
    };
    // No grant: web's route cannot open pay's policy.
    const ungranted = build(() => undefined);
    expect(() => Testing.synth(ungranted.web)).toThrow(/CIT016 web\/payments\.http: VersionedService pay\/payments .* does not admit team web.*payments\.allowFrom\(Caller\.team\('web'\)\)/);

    // One identity granted: exactly that principal, and the DestinationRule is visible to web.
    const one = build(({ frontend }, payments) => payments.allowFrom(frontend));
    const objects = Testing.synth(one.pay);
    expect(principalsOf(find(objects, 'AuthorizationPolicy', 'pay', 'payments'))).toEqual(['cluster.local/ns/web/sa/frontend']);
    expect(find(objects, 'DestinationRule', 'pay', 'payments').spec.exportTo).toEqual(['.', 'web']);
    expect(() => Testing.synth(one.web)).not.toThrow();
    // Nobody was granted the ledger: its policy admits nothing and its DestinationRule stays home.
    expect(find(objects, 'AuthorizationPolicy', 'pay', 'ledger').spec).toEqual({ selector: { matchLabels: { app: 'ledger' } }, action: 'ALLOW' });
    expect(find(objects, 'DestinationRule', 'pay', 'ledger').spec.exportTo).toEqual(['.']);

    // A team grant (explicit opt-in) admits by namespace, not by principal.
    const team = build(({ web }, payments) => payments.allowFrom(web));
    expect(find(Testing.synth(team.pay), 'AuthorizationPolicy', 'pay', 'payments').spec.rules).toEqual([{ from: [{ source: { namespaces: ['web'] } }] }]);
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
      { port: { number: 80, name: 'http-80', protocol: 'HTTP' }, hosts: ['./shop.example.com'], tls: { httpsRedirect: true } },
      { port: { number: 443, name: 'https-443', protocol: 'HTTPS' }, hosts: ['./shop.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop-cert', minProtocolVersion: 'TLSV1_2' } },
      { port: { number: 8443, name: 'https-8443', protocol: 'HTTPS' }, hosts: ['./partners.example.com'], tls: { mode: 'MUTUAL', credentialName: 'partners-cert', minProtocolVersion: 'TLSV1_2' } },
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
  test('through the egress gateway: Istio mTLS from the sidecar, admitted per caller principal, by Host (HTTP) or SNI (HTTPS)', () => {
    const app = Testing.app();
    const team = new Team(app, 'shop', { namespace: 'shop' });
    new VersionedService(team, 'checkout', { versions: [{ name: 'v1', image: 'checkout:1' }] });
    const egress = new TeamGateway(team, 'egress', { type: GatewayType.EGRESS });
    new ExternalEgress(team, 'stripe', { host: 'api.stripe.com', protocol: ExternalProtocol.HTTPS, egressGateway: egress });
    new ExternalEgress(team, 'httpbin', { host: 'httpbin.org', egressGateway: egress });
    const objects = Testing.synth(team);
    expect(find(objects, 'ServiceEntry', 'shop', 'stripe').spec.ports).toEqual([{ number: 443, name: 'tls-443', protocol: 'TLS' }]);
    // The gateway terminates Istio mTLS on 443: one HTTPS server for HTTP hosts, one TLS server per SNI host.
    expect(find(objects, 'Gateway', 'shop', 'egress').spec.servers).toEqual([
      { port: { number: 443, name: 'tls-443-api-stripe-com', protocol: 'TLS' }, hosts: ['./api.stripe.com'], tls: { mode: 'ISTIO_MUTUAL' } },
      { port: { number: 443, name: 'https-443', protocol: 'HTTPS' }, hosts: ['./httpbin.org'], tls: { mode: 'ISTIO_MUTUAL' } },
    ]);
    // The sidecars originate that mTLS: a subset per host, with the host as SNI.
    expect(find(objects, 'DestinationRule', 'shop', 'egress-mtls').spec).toEqual({
      host: 'egress.shop.svc.cluster.local',
      exportTo: ['.'],
      subsets: [
        { name: 'api-stripe-com', trafficPolicy: { portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'ISTIO_MUTUAL', sni: 'api.stripe.com' } }] } },
        { name: 'httpbin-org', trafficPolicy: { portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'ISTIO_MUTUAL', sni: 'httpbin.org' } }] } },
      ],
    });
    const stripe = find(objects, 'VirtualService', 'shop', 'stripe').spec;
    expect(stripe.tls).toEqual([
      { match: [{ gateways: ['mesh'], port: 443, sniHosts: ['api.stripe.com'] }], route: [{ destination: { host: 'egress.shop.svc.cluster.local', subset: 'api-stripe-com', port: { number: 443 } } }] },
    ]);
    expect(stripe.tcp).toEqual([{ match: [{ gateways: ['egress'], port: 443 }], route: [{ destination: { host: 'api.stripe.com', port: { number: 443 } } }] }]);
    expect(find(objects, 'VirtualService', 'shop', 'httpbin').spec.http).toEqual([
      { match: [{ gateways: ['mesh'], port: 80 }], route: [{ destination: { host: 'egress.shop.svc.cluster.local', subset: 'httpbin-org', port: { number: 443 } } }] },
      { match: [{ gateways: ['egress'], port: 443 }], route: [{ destination: { host: 'httpbin.org', port: { number: 80 } } }] },
    ]);
    const principals = { source: { principals: ['cluster.local/ns/shop/sa/checkout'] } };
    expect(find(objects, 'AuthorizationPolicy', 'shop', 'egress').spec.rules).toEqual([
      { from: [principals], to: [{ operation: { hosts: ['httpbin.org'] } }] },
      { from: [principals], to: [{ operation: { ports: ['443'] } }], when: [{ key: 'connection.sni', values: ['api.stripe.com'] }] },
    ]);
    // Every object of the hop stays in the team's namespace.
    for (const kind of ['ServiceEntry', 'VirtualService', 'DestinationRule']) {
      for (const o of objects.filter((x) => x.kind === kind)) expect(o.spec.exportTo).toEqual(['.']);
    }
  });

  test('TLS origination verifies the server with a CA by default', () => {
    const app = Testing.app();
    const team = new Team(app, 'shop', { namespace: 'shop' });
    new ExternalEgress(team, 'partner', { host: 'api.partner.com', originateTls: true });
    const dr = find(Testing.synth(team), 'DestinationRule', 'shop', 'partner').spec;
    expect(dr.trafficPolicy.portLevelSettings[0].tls).toEqual({ mode: 'SIMPLE', sni: 'api.partner.com', caCertificates: '/etc/ssl/certs/ca-certificates.crt' });
  });
});
