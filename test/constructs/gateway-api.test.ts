/**
 * A Team on the Gateway API: the same constructs write a Gateway (class istio, deployed by
 * Istio), per-version Services, ReferenceGrants from the owner's grants, and policies that name
 * Istio's `<gateway>-istio` identity; what has no Gateway API form fails with CIT020. The shapes
 * follow Istio's translation (pilot/pkg/config/kube/gateway) and its Gateway API tasks.
 */
import { Testing } from 'cdk8s';
import {
  Caller, GatewayProtocol, GatewayTls, GatewayType, LoadBalancer, ServiceProtocol, Team, TeamGateway, TrafficApi, VersionedService,
} from '../../src';
import { gatewayApiViolations, inventory, ofKind, one, synthTeam } from './gateway-api-support';

const gatewayApiTeam = (namespace = 'team2', app = Testing.app()) => new Team(app, namespace, { namespace, api: TrafficApi.GATEWAY_API });

describe('Team api', () => {
  test('Istio is the default; the prop is read back', () => {
    const app = Testing.app();
    expect(new Team(app, 'a', { namespace: 'a' }).api).toBe(TrafficApi.ISTIO);
    expect(new Team(app, 'b', { namespace: 'b', api: TrafficApi.GATEWAY_API }).api).toBe(TrafficApi.GATEWAY_API);
  });

  test('the team-level baseline is the same on both APIs', () => {
    const app = Testing.app();
    const baseline = (team: Team) => synthTeam(team).map((o) => ({ ...o, metadata: { ...o.metadata, namespace: undefined, name: o.metadata.name === team.namespace ? 'ns' : o.metadata.name } }));
    expect(baseline(new Team(app, 'a', { namespace: 'a' }))).toEqual(baseline(gatewayApiTeam('b', app)));
  });
});

describe('Caller.gateway on the Gateway API', () => {
  test('names the <gateway>-istio ServiceAccount of Istio\'s automated deployment', () => {
    expect(Caller.gateway('team2', 'gw', TrafficApi.GATEWAY_API).principal).toBe('cluster.local/ns/team2/sa/gw-istio');
    expect(Caller.gateway('team2', 'gw', TrafficApi.GATEWAY_API).description).toBe('gateway team2/gw');
    expect(Caller.gateway('team2', 'gw').principal).toBe('cluster.local/ns/team2/sa/gw');
  });

  test('a TeamGateway of a Gateway API team is that caller; an imported one says its api', () => {
    const team = gatewayApiTeam();
    const gw = new TeamGateway(team, 'gw', { servers: [{ port: 80, hosts: ['team2.example.com'] }] });
    expect(gw.callerIdentity.principal).toBe('cluster.local/ns/team2/sa/gw-istio');
    const imported = TeamGateway.fromAttributes(team, 'other', { namespace: 'team9', name: 'gw-9', api: TrafficApi.GATEWAY_API });
    expect(imported.callerIdentity.principal).toBe('cluster.local/ns/team9/sa/gw-9-istio');
    expect(imported.api).toBe(TrafficApi.GATEWAY_API);
  });
});

describe('TeamGateway → Gateway API Gateway', () => {
  function gatewayOf(configure: (team: Team) => void) {
    const team = gatewayApiTeam();
    configure(team);
    return synthTeam(team);
  }

  test('one listener per (server, host), Istio writes the workload, the library the HPA and PDB', () => {
    const objects = gatewayOf((team) => new TeamGateway(team, 'gw', {
      minReplicas: 2,
      maxReplicas: 4,
      servers: [
        { port: 80, hosts: ['team2.example.com', '*.team2.example.org'] },
        { port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['team2.example.com'], tls: GatewayTls.simple('team2-cert') },
        { port: 8443, protocol: GatewayProtocol.TLS, hosts: ['db.team2.example.com'], tls: GatewayTls.passthrough() },
      ],
    }));
    // No Deployment, Service or ServiceAccount: Istio creates gw-istio from the Gateway.
    expect(inventory(objects).filter((k) => !/^(Namespace|PeerAuthentication|Sidecar|NetworkPolicy)\//.test(k) && k !== 'AuthorizationPolicy/allow-nothing')).toEqual([
      'HorizontalPodAutoscaler/gw', 'PodDisruptionBudget/gw', 'Gateway/gw', 'AuthorizationPolicy/gw', 'Role/gw-secret-reader', 'RoleBinding/gw-secret-reader',
    ]);
    const same = { namespaces: { from: 'Same' }, kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }] };
    expect(one(objects, 'Gateway', 'gw')).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw', namespace: 'team2', labels: { 'app.kubernetes.io/managed-by': 'cdk8s-istio-traffic' } },
      spec: {
        gatewayClassName: 'istio',
        listeners: [
          { name: 'http-80-team2-example-com', port: 80, protocol: 'HTTP', hostname: 'team2.example.com', allowedRoutes: same },
          { name: 'http-80-wildcard-team2-example-org', port: 80, protocol: 'HTTP', hostname: '*.team2.example.org', allowedRoutes: same },
          {
            name: 'https-443-team2-example-com', port: 443, protocol: 'HTTPS', hostname: 'team2.example.com', allowedRoutes: same,
            tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'team2-cert' }] },
          },
          {
            name: 'tls-8443-db-team2-example-com', port: 8443, protocol: 'TLS', hostname: 'db.team2.example.com', tls: { mode: 'Passthrough' },
            allowedRoutes: { namespaces: { from: 'Same' }, kinds: [{ group: 'gateway.networking.k8s.io', kind: 'TLSRoute' }] },
          },
        ],
      },
    });
    expect(one(objects, 'HorizontalPodAutoscaler', 'gw').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'gw-istio' },
      minReplicas: 2,
      maxReplicas: 4,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
    expect(one(objects, 'PodDisruptionBudget', 'gw').spec).toEqual({ minAvailable: 1, selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'gw' } } });
    expect(one(objects, 'RoleBinding', 'gw-secret-reader').subjects).toEqual([{ kind: 'ServiceAccount', name: 'gw-istio', namespace: 'team2' }]);
    expect(gatewayApiViolations(objects)).toEqual([]);
  });

  test('the validation these tests lean on rejects a broken Gateway (a listener name the CRD refuses)', () => {
    const objects = gatewayOf((team) => new TeamGateway(team, 'gw', { servers: [{ port: 80, hosts: ['team2.example.com'] }] }));
    const broken = structuredClone(one(objects, 'Gateway', 'gw'));
    broken.spec.listeners[0].name = 'HTTP_80';
    expect(gatewayApiViolations([broken])).toEqual([expect.stringMatching(/^Gateway\/gw spec\.listeners\[0\]\.name: .*should match|Invalid value/)]);
  });

  test('the AuthorizationPolicy attaches to the Gateway by targetRefs', () => {
    const objects = gatewayOf((team) => new TeamGateway(team, 'gw', { servers: [{ port: 80, hosts: ['team2.example.com'] }] }));
    expect(one(objects, 'AuthorizationPolicy', 'gw').spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }],
      action: 'ALLOW',
      rules: [{ to: [{ operation: { ports: ['80'] } }] }],
    });
  });

  test('one pod at most: no autoscaler (Istio\'s Deployment runs one), a PDB that lets it go', () => {
    const objects = gatewayOf((team) => new TeamGateway(team, 'gw', { minReplicas: 1, maxReplicas: 1, servers: [{ port: 80, hosts: ['team2.example.com'] }] }));
    expect(ofKind(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(one(objects, 'PodDisruptionBudget', 'gw').spec.maxUnavailable).toBe(1);
  });

  test('MUTUAL terminates with the Istio option istiod reads (conversion.go buildTLS)', () => {
    const objects = gatewayOf((team) => new TeamGateway(team, 'gw', {
      servers: [{ port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['team2.example.com'], tls: GatewayTls.mutual('team2-cert') }],
    }));
    expect(one(objects, 'Gateway', 'gw').spec.listeners[0].tls).toEqual({
      mode: 'Terminate',
      certificateRefs: [{ group: '', kind: 'Secret', name: 'team2-cert' }],
      options: { 'gateway.istio.io/tls-terminate-mode': 'MUTUAL' },
    });
    expect(gatewayApiViolations(objects)).toEqual([]);
  });

  test('any host (`*`) is a listener without hostname', () => {
    const objects = gatewayOf((team) => new TeamGateway(team, 'gw', { servers: [{ port: 80, hosts: ['*'], allowAnyHost: true }] }));
    const [listener] = one(objects, 'Gateway', 'gw').spec.listeners;
    expect(listener.name).toBe('http-80-any');
    expect(listener.hostname).toBeUndefined();
    expect(gatewayApiViolations(objects)).toEqual([]);
  });

  test('listener names stay unique when two hosts spell alike', () => {
    const objects = gatewayOf((team) => new TeamGateway(team, 'gw', { servers: [{ port: 80, hosts: ['a-b.example.com', 'a.b.example.com'] }] }));
    expect(one(objects, 'Gateway', 'gw').spec.listeners.map((l: any) => l.name)).toEqual(['http-80-a-b-example-com', 'http-80-a-b-example-com-2']);
    expect(gatewayApiViolations(objects)).toEqual([]);
  });

  test('admitted teams make the listeners select their namespaces by name', () => {
    const app = Testing.app();
    const team = gatewayApiTeam('team2', app);
    const team3 = gatewayApiTeam('team3', app);
    const gw = new TeamGateway(team, 'gw', { servers: [{ port: 80, hosts: ['team2.example.com'] }] });
    gw.allowRoutesFrom(team3);
    gw.allowRoutesFromNamespace('team1');
    const listener = one(synthTeam(team), 'Gateway', 'gw').spec.listeners[0];
    expect(listener.allowedRoutes.namespaces).toEqual({
      from: 'Selector',
      selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team1', 'team2', 'team3'] }] },
    });
    expect(gatewayApiViolations(synthTeam(team))).toEqual([]);
  });

  test('a gateway in a namespace of its own admits the owner team by Selector', () => {
    const team = gatewayApiTeam();
    new TeamGateway(team, 'gw', { namespace: 'team2-gw', servers: [{ port: 80, hosts: ['team2.example.com'] }] });
    const objects = synthTeam(team);
    expect(one(objects, 'Gateway', 'gw').metadata.namespace).toBe('team2-gw');
    expect(one(objects, 'Gateway', 'gw').spec.listeners[0].allowedRoutes.namespaces.selector.matchExpressions[0].values).toEqual(['team2', 'team2-gw']);
  });

  test('httpsRedirect is an HTTPRoute answering the HTTP listeners with a 301 to https', () => {
    const objects = gatewayOf((team) => new TeamGateway(team, 'gw', {
      servers: [
        { port: 80, hosts: ['team2.example.com'], httpsRedirect: true },
        { port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['team2.example.com'], tls: GatewayTls.simple('team2-cert') },
      ],
    }));
    expect(one(objects, 'HTTPRoute', 'gw-https-redirect').spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw', sectionName: 'http-80-team2-example-com' }],
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    });
    expect(gatewayApiViolations(objects)).toEqual([]);
  });

  test.each([
    [GatewayProtocol.HTTP2, /CIT020 team2\/gw\.servers\[0\]\.protocol: an HTTP2 server .*has no Gateway API form/],
    [GatewayProtocol.GRPC, /CIT020 .*a GRPC server .*GRPCRoute/],
    [GatewayProtocol.TCP, /CIT020 .*a TCP server .*TCPRoute/],
  ])('a %s server has no Gateway API form here: CIT020 naming the alternative', (protocol, message) => {
    const team = gatewayApiTeam();
    expect(() => new TeamGateway(team, 'gw', { servers: [{ port: 9000, protocol, hosts: ['team2.example.com'] }] }))
      .toThrow(message);
    expect(() => new TeamGateway(gatewayApiTeam('t9'), 'gw', { servers: [{ port: 9000, protocol, hosts: ['team2.example.com'] }] }))
      .toThrow(/TrafficApi\.ISTIO/);
  });

  test('a TLS server that terminates: CIT020', () => {
    expect(() => new TeamGateway(gatewayApiTeam(), 'gw', { servers: [{ port: 9443, protocol: GatewayProtocol.TLS, hosts: ['team2.example.com'], tls: GatewayTls.simple('c') }] }))
      .toThrow(/CIT020 team2\/gw\.servers\[0\]\.tls: a TLS server that terminates TLS/);
  });

  test('a name too long for Istio\'s "-istio" suffix is refused', () => {
    expect(() => new TeamGateway(gatewayApiTeam(), 'g'.repeat(60), { servers: [{ port: 80, hosts: ['team2.example.com'] }] }))
      .toThrow(/CIT00\d .*-istio/);
  });

  test('an egress gateway keeps Istio\'s objects on the Gateway API too', () => {
    const team = gatewayApiTeam();
    const egress = new TeamGateway(team, 'egress', { type: GatewayType.EGRESS, servers: [{ port: 80, hosts: ['httpbin.org'] }] });
    const objects = synthTeam(team);
    expect(egress.api).toBe(TrafficApi.ISTIO);
    expect(one(objects, 'Gateway', 'egress').apiVersion).toBe('networking.istio.io/v1');
    expect(one(objects, 'Deployment', 'egress')).toBeDefined();
  });
});

describe('VersionedService → one Service per version', () => {
  test('the shared Service and <name>-<version> per version, traffic-only versions too', () => {
    const team = gatewayApiTeam();
    new VersionedService(team, 'shop', {
      ports: [{ port: 80 }, { port: 9090, protocol: ServiceProtocol.GRPC }],
      versions: [{ name: 'v1', image: 'shop:1' }, { name: 'canary', podLabels: { track: 'canary' } }],
    });
    const objects = synthTeam(team);
    const ports = one(objects, 'Service', 'shop').spec.ports;
    expect(one(objects, 'Service', 'shop-v1').spec).toEqual({ selector: { app: 'shop', version: 'v1' }, ports });
    expect(one(objects, 'Service', 'shop-canary').spec).toEqual({ selector: { app: 'shop', track: 'canary' }, ports });
    expect(one(objects, 'Service', 'shop-v1').metadata.labels).toEqual({ app: 'shop', 'app.kubernetes.io/managed-by': 'cdk8s-istio-traffic', service: 'shop-v1' });
    // Subsets are not used by HTTPRoutes, and with no policy there is nothing to say (auto mTLS).
    expect(ofKind(objects, 'DestinationRule')).toEqual([]);
    expect(one(objects, 'Deployment', 'shop-v1')).toBeDefined();
  });

  test('a traffic policy still applies: one subset-less DestinationRule per host, exported like the Istio one', () => {
    const app = Testing.app();
    const team = gatewayApiTeam('team2', app);
    const shop = new VersionedService(team, 'shop', {
      trafficPolicy: { loadBalancer: LoadBalancer.leastRequest() },
      versions: [{ name: 'v1', image: 'shop:1' }, { name: 'v2', image: 'shop:2' }],
    });
    shop.allowFrom(gatewayApiTeam('team1', app));
    const rules = ofKind(synthTeam(team), 'DestinationRule');
    expect(rules.map((r) => [r.metadata.name, r.spec])).toEqual([
      ['shop', { host: 'shop.team2.svc.cluster.local', exportTo: ['.', 'team1'], trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } } }],
      ['shop-v1', { host: 'shop-v1.team2.svc.cluster.local', exportTo: ['.', 'team1'], trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } } }],
      ['shop-v2', { host: 'shop-v2.team2.svc.cluster.local', exportTo: ['.', 'team1'], trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } } }],
    ]);
  });

  test('a version whose Service name would not be a DNS label is refused', () => {
    const shop = new VersionedService(gatewayApiTeam(), 's'.repeat(60));
    expect(() => shop.addVersion({ name: 'v1234', image: 'x:1' })).toThrow(/CIT00\d .*per-version Service name/);
  });

  test('deploymentOf and the ALLOW policy are as on Istio\'s APIs, admitting <gw>-istio', () => {
    const team = gatewayApiTeam();
    const gw = new TeamGateway(team, 'gw', { servers: [{ port: 80, hosts: ['team2.example.com'] }] });
    const shop = new VersionedService(team, 'shop', { versions: [{ name: 'v1', image: 'shop:1' }] });
    shop.allowFrom(gw);
    expect(shop.deploymentOf('v1').name).toBe('shop-v1');
    expect(one(synthTeam(team), 'AuthorizationPolicy', 'shop').spec).toEqual({
      selector: { matchLabels: { app: 'shop' } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/team2/sa/gw-istio'] } }] }],
    });
  });
});

describe('ReferenceGrants come from the owner\'s grants only', () => {
  test('one per granted namespace, naming the shared and every per-version Service', () => {
    const app = Testing.app();
    const team1 = gatewayApiTeam('team1', app);
    const team2 = gatewayApiTeam('team2', app);
    const svc = new VersionedService(team1, 'svc-1', { versions: [{ name: 'v1', image: 'a:1' }] });
    const gw2 = new TeamGateway(team2, 'gw-2', { servers: [{ port: 80, hosts: ['team2.example.com'] }] });
    svc.allowFrom(gw2);
    svc.allowFrom(Caller.serviceAccount('team3', 'client'));
    svc.allowFrom(Caller.serviceAccount('team3', 'other-client')); // same namespace: one grant
    svc.allowFrom(team1); // own namespace: none
    svc.addVersion({ name: 'v2', image: 'a:2' }); // added after the grants: still named
    const grants = ofKind(synthTeam(team1), 'ReferenceGrant');
    expect(grants.map((g) => [g.metadata.name, g.metadata.namespace, g.spec])).toEqual(['team2', 'team3'].map((ns) => [`svc-1-from-${ns}`, 'team1', {
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: ns }],
      to: ['svc-1', 'svc-1-v1', 'svc-1-v2'].map((name) => ({ group: '', kind: 'Service', name })),
    }]));
    expect(gatewayApiViolations(grants)).toEqual([]);
    // The caller's side writes none.
    expect(ofKind(synthTeam(team2), 'ReferenceGrant')).toEqual([]);
  });

  test('a granted gateway admits the routes that may bind to it: its namespace, its team\'s, the admitted teams\' (also later)', () => {
    const app = Testing.app();
    const team1 = gatewayApiTeam('team1', app);
    const team2 = gatewayApiTeam('team2', app);
    const svc = new VersionedService(team1, 'svc-1', { versions: [{ name: 'v1', image: 'a:1' }] });
    const gw = new TeamGateway(team2, 'gw-2', { namespace: 'team2-gw', servers: [{ port: 80, hosts: ['team2.example.com'] }] });
    svc.allowFrom(gw);
    gw.allowRoutesFromNamespace('team3');
    expect(ofKind(synthTeam(team1), 'ReferenceGrant').map((g) => g.spec.from[0].namespace)).toEqual(['team2-gw', 'team2', 'team3']);
  });

  test('TLSRoutes too when the service has TLS ports', () => {
    const app = Testing.app();
    const team1 = gatewayApiTeam('team1', app);
    const db = new VersionedService(team1, 'db', { ports: [{ port: 443, protocol: ServiceProtocol.HTTPS }], versions: [{ name: 'v1', image: 'db:1' }] });
    db.allowFrom(Caller.team('team4'));
    expect(one(synthTeam(team1), 'ReferenceGrant', 'db-from-team4').spec.from.map((f: any) => f.kind)).toEqual(['HTTPRoute', 'TLSRoute']);
  });

  test('without grants there are none', () => {
    const team1 = gatewayApiTeam('team1');
    new VersionedService(team1, 'svc-1', { versions: [{ name: 'v1', image: 'a:1' }] });
    expect(ofKind(synthTeam(team1), 'ReferenceGrant')).toEqual([]);
  });
});
