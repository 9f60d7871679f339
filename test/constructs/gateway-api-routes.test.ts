/**
 * CanaryRoute on the Gateway API: the same rules become an HTTPRoute (TLS rules a TLSRoute)
 * named like the VirtualService, attached to the team's gateways (parentRef Gateway, hostnames =
 * the route's hosts) and, for the mesh, to each host's Service (GAMMA). Versions are named by
 * their per-version Services; a backend in another namespace carries `namespace` and is admitted
 * by its owner's ReferenceGrant. The ownership checks (CIT015, CIT016, CIT009) stay; a route and
 * a gateway or service on different APIs, and a mesh host that is not a Service, are CIT020.
 */
import { Duration, Testing } from 'cdk8s';
import {
  Caller, CanaryRoute, Destination, ExternalEgress, GatewayProtocol, GatewayTls, HttpAction, HttpFault, PathMatch, Team, TeamGateway, TrafficApi, VersionedService,
} from '../../src';
import { gatewayApiViolations, ofKind, one, synthTeam } from './gateway-api-support';

const GATEWAY = { group: 'gateway.networking.k8s.io', kind: 'Gateway' };

/** Seed 000's shape on the Gateway API: team1 owns svc-1 (two versions), team2 a gateway. */
function topology(api = TrafficApi.GATEWAY_API) {
  const app = Testing.app();
  const team1 = new Team(app, 'team1', { namespace: 'team1', api });
  const team2 = new Team(app, 'team2', { namespace: 'team2', api });
  const svc1 = new VersionedService(team1, 'svc-1', { versions: [{ name: 'v1', image: 'svc:1' }, { name: 'v2', image: 'svc:2' }] });
  const svc2 = new VersionedService(team2, 'svc-2', { versions: [{ name: 'v1', image: 'svc2:1' }] });
  const gw2 = new TeamGateway(team2, 'gw-2', {
    servers: [
      { port: 80, hosts: ['team2.example.com'] },
      { port: 8443, protocol: GatewayProtocol.TLS, hosts: ['db.team2.example.com'], tls: GatewayTls.passthrough() },
    ],
  });
  return { app, team1, team2, svc1, svc2, gw2 };
}

describe('a gateway route', () => {
  test('HTTPRoute named like the VirtualService: parentRef the Gateway, hostnames the route\'s hosts, versions as Services', () => {
    const { team1, team2, svc1, svc2, gw2 } = topology();
    svc1.allowFrom(gw2);
    new CanaryRoute(team2, 'public', {
      hosts: ['team2.example.com'],
      gateways: [gw2],
      http: [
        { matches: [{ path: PathMatch.exactly('/one') }], action: HttpAction.split([{ destination: svc1.subset('v1'), weight: 90 }, { destination: svc1.subset('v2'), weight: 10 }]) },
        { action: HttpAction.to(svc2.subset('v1')) },
      ],
    });
    const objects = synthTeam(team2);
    expect(ofKind(objects, 'VirtualService')).toEqual([]);
    const route = one(objects, 'HTTPRoute', 'public');
    expect(route.metadata.namespace).toBe('team2');
    expect(route.spec.parentRefs).toEqual([{ ...GATEWAY, name: 'gw-2', namespace: 'team2' }]);
    expect(route.spec.hostnames).toEqual(['team2.example.com']);
    const backends = route.spec.rules.map((r: any) => r.backendRefs);
    expect(backends).toEqual(expect.arrayContaining([
      [expect.objectContaining({ name: 'svc-1-v1', namespace: 'team1', port: 80, weight: 90 }), expect.objectContaining({ name: 'svc-1-v2', namespace: 'team1', port: 80, weight: 10 })],
      [expect.objectContaining({ name: 'svc-2-v1', port: 80 })],
    ]));
    expect(backends.flat().find((b: any) => b.name === 'svc-2-v1').namespace).toBeUndefined();
    // The owner's grant of gw-2 is what admits team2's routes to svc-1's Services.
    expect(one(synthTeam(team1), 'ReferenceGrant', 'svc-1-from-team2').spec.to.map((t: any) => t.name)).toEqual(['svc-1', 'svc-1-v1', 'svc-1-v2']);
    expect(gatewayApiViolations([...objects, ...synthTeam(team1)])).toEqual([]);
  });

  test('a gateway with an https-redirect listener: routes name the other listeners (sectionName)', () => {
    const app = Testing.app();
    const team = new Team(app, 'team2', { namespace: 'team2', api: TrafficApi.GATEWAY_API });
    const svc = new VersionedService(team, 'web', { versions: [{ name: 'v1', image: 'web:1' }] });
    const gw = new TeamGateway(team, 'gw', {
      servers: [
        { port: 80, hosts: ['team2.example.com'], httpsRedirect: true },
        { port: 443, protocol: GatewayProtocol.HTTPS, hosts: ['team2.example.com', 'www.team2.example.com'], tls: GatewayTls.simple('cert') },
      ],
    });
    new CanaryRoute(team, 'web-route', { name: 'web', hosts: ['team2.example.com'], gateways: [gw], http: [{ action: HttpAction.to(svc.subset('v1')) }] });
    expect(one(synthTeam(team), 'HTTPRoute', 'web').spec.parentRefs).toEqual([{ ...GATEWAY, name: 'gw', namespace: 'team2', sectionName: 'https-443-team2-example-com' }]);
  });

  test('TLS rules become a TLSRoute on the gateway\'s TLS listeners', () => {
    const { team2, svc2, gw2 } = topology();
    new CanaryRoute(team2, 'db', {
      hosts: ['db.team2.example.com'],
      gateways: [gw2],
      tls: [{ sniHosts: ['db.team2.example.com'], destination: svc2.subset('v1') }],
    });
    const objects = synthTeam(team2);
    const route = one(objects, 'TLSRoute', 'db');
    expect(route.spec.parentRefs).toEqual([{ ...GATEWAY, name: 'gw-2', namespace: 'team2' }]);
    expect(route.spec.hostnames).toEqual(['db.team2.example.com']);
    expect(ofKind(objects, 'HTTPRoute')).toEqual([]);
    expect(gatewayApiViolations(objects)).toEqual([]);
  });

  test('a gateway of another app on the Gateway API is named by its attributes', () => {
    const { team1, svc1 } = topology();
    const shared = TeamGateway.fromAttributes(team1, 'shared', { namespace: 'edge', name: 'edge-gw', api: TrafficApi.GATEWAY_API, admitsYourRoutes: true, hosts: ['*.example.com'] });
    new CanaryRoute(team1, 'edge', { hosts: ['team1.example.com'], gateways: [shared], http: [{ action: HttpAction.to(svc1.subset('v1')) }] });
    expect(one(synthTeam(team1), 'HTTPRoute', 'edge').spec.parentRefs).toEqual([{ ...GATEWAY, name: 'edge-gw', namespace: 'edge' }]);
  });
});

describe('a mesh route', () => {
  test('parentRef the host\'s Service, no hostnames', () => {
    const { team1, svc1 } = topology();
    svc1.allowFrom(team1);
    new CanaryRoute(team1, 'canary', {
      hosts: [svc1.host],
      http: [{ action: HttpAction.split([{ destination: svc1.subset('v1'), weight: 80 }, { destination: svc1.subset('v2'), weight: 20 }]) }],
    });
    const objects = synthTeam(team1);
    const route = one(objects, 'HTTPRoute', 'canary');
    expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'svc-1' }]);
    expect(route.spec.hostnames).toBeUndefined();
    expect(route.spec.rules[0].backendRefs).toEqual([
      expect.objectContaining({ name: 'svc-1-v1', port: 80, weight: 80 }), expect.objectContaining({ name: 'svc-1-v2', port: 80, weight: 20 }),
    ]);
    expect(gatewayApiViolations(objects)).toEqual([]);
  });

  test('a mesh host that is not a Service (a public name): CIT020 at construction', () => {
    const { team2, svc2, gw2 } = topology();
    expect(() => new CanaryRoute(team2, 'both', {
      hosts: ['team2.example.com'],
      gateways: [gw2],
      mesh: true,
      http: [{ action: HttpAction.to(svc2.subset('v1')) }],
    })).toThrow(/CIT020 team2\/both\.hosts\[0\]: a mesh HTTPRoute attaches to a Service or a ServiceEntry/);
  });

  test('a gateway-and-mesh route whose host is a Service writes both halves', () => {
    const app = Testing.app();
    const team = new Team(app, 'team2', { namespace: 'team2', api: TrafficApi.GATEWAY_API });
    const svc = new VersionedService(team, 'api', { versions: [{ name: 'v1', image: 'api:1' }] });
    svc.allowFrom(team);
    const gw = new TeamGateway(team, 'gw', { servers: [{ port: 80, hosts: ['*.team2.svc.cluster.local'] }] });
    new CanaryRoute(team, 'api-route', { name: 'api', hosts: [svc.host], gateways: [gw], mesh: true, http: [{ action: HttpAction.to(svc.subset('v1')) }] });
    const objects = synthTeam(team);
    expect(one(objects, 'HTTPRoute', 'api').spec).toEqual(expect.objectContaining({ parentRefs: [{ ...GATEWAY, name: 'gw', namespace: 'team2' }], hostnames: [svc.host] }));
    expect(one(objects, 'HTTPRoute', 'api-mesh').spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'api' }]);
    expect(one(objects, 'HTTPRoute', 'api-mesh').spec.hostnames).toBeUndefined();
  });

  test('an ExternalEgress host: parentRef its ServiceEntry, backend Istio\'s Hostname', () => {
    const team = new Team(Testing.app(), 'team3', { namespace: 'team3', api: TrafficApi.GATEWAY_API });
    const httpbin = new ExternalEgress(team, 'httpbin', { host: 'httpbin.org' });
    new CanaryRoute(team, 'out', { hosts: ['httpbin.org'], http: [{ action: HttpAction.to(httpbin.destination()) }] });
    const objects = synthTeam(team);
    const route = one(objects, 'HTTPRoute', 'out');
    expect(route.spec.parentRefs).toEqual([{ group: 'networking.istio.io', kind: 'ServiceEntry', name: 'httpbin' }]);
    expect(route.spec.rules[0].backendRefs).toEqual([expect.objectContaining({ group: 'networking.istio.io', kind: 'Hostname', name: 'httpbin.org', port: 80 })]);
    // The ServiceEntry is Istio's on both APIs.
    expect(one(objects, 'ServiceEntry', 'httpbin').apiVersion).toBe('networking.istio.io/v1');
  });

  test('the team\'s sidecars see the per-version Services of another team they route to', () => {
    const { team1, team2, svc1 } = topology();
    svc1.allowFrom(team2);
    new CanaryRoute(team2, 'to-svc-1', { hosts: [svc1.host], http: [{ action: HttpAction.to(svc1.subset('v2')) }] });
    const sidecar = one(synthTeam(team2), 'Sidecar', 'default');
    expect(sidecar.spec.egress[0].hosts).toEqual(['./*', 'istio-system/*', 'team1/svc-1-v2.team1.svc.cluster.local', 'team1/svc-1.team1.svc.cluster.local']);
    expect(ofKind(synthTeam(team1), 'ReferenceGrant').map((g) => g.metadata.name)).toEqual(['svc-1-from-team2']);
  });

  test('TLS rules for sidecars: CIT020', () => {
    const { team1, svc1 } = topology();
    expect(() => new CanaryRoute(team1, 'tls', { hosts: [svc1.host], tls: [{ sniHosts: [svc1.host], destination: svc1.subset('v1') }] }))
      .toThrow(/CIT020 team1\/tls\.tls: TLS rules for sidecars/);
  });
});

describe('the rules', () => {
  test('rules added after construction are in the HTTPRoute, in route order', () => {
    const { team2, svc2, gw2 } = topology();
    const route = new CanaryRoute(team2, 'late', { hosts: ['team2.example.com'], gateways: [gw2] });
    route.addRule({ matches: [{ path: PathMatch.exactly('/a') }], action: HttpAction.to(svc2.subset('v1')) });
    route.addRule({ action: HttpAction.to(svc2.destination()) });
    const rules = one(synthTeam(team2), 'HTTPRoute', 'late').spec.rules;
    expect(rules.map((r: any) => r.backendRefs.map((b: any) => b.name))).toEqual([['svc-2-v1'], ['svc-2']]);
  });

  test('a rule without a Gateway API form fails where it is added (CIT020), not at synth', () => {
    const { team2, svc2, gw2 } = topology();
    const route = new CanaryRoute(team2, 'faulty', { hosts: ['team2.example.com'], gateways: [gw2] });
    expect(() => route.addRule({ action: HttpAction.to(svc2.subset('v1')), retries: { attempts: 3 } }))
      .toThrow(/CIT020 team2\/faulty\.http\[0\]\.retries: the Gateway API has no form for retry policies/);
    expect(() => route.addRule({ action: HttpAction.to(svc2.subset('v1')), fault: HttpFault.abort(503, 10) }))
      .toThrow(/CIT020 team2\/faulty\.http\[0\]\.fault/);
  });

  test('the same app code on Istio\'s APIs still writes a VirtualService and no Gateway API object', () => {
    const { team2, svc2, gw2 } = topology(TrafficApi.ISTIO);
    new CanaryRoute(team2, 'public', { hosts: ['team2.example.com'], gateways: [gw2], http: [{ action: HttpAction.to(svc2.subset('v1')) }] });
    const objects = synthTeam(team2);
    expect(one(objects, 'VirtualService', 'public').spec.gateways).toEqual(['gw-2']);
    expect(objects.filter((o) => o.apiVersion.startsWith('gateway.networking.k8s.io'))).toEqual([]);
  });
});

describe('ExternalEgress keeps Istio\'s objects on the Gateway API', () => {
  test('ServiceEntry and the retries VirtualService, as on Istio\'s APIs', () => {
    const objectsOf = (api: TrafficApi) => {
      const team = new Team(Testing.app(), 'team3', { namespace: 'team3', api });
      new ExternalEgress(team, 'httpbin', { host: 'httpbin.org', retries: { attempts: 3 }, timeout: Duration.seconds(5) });
      return synthTeam(team).filter((o) => ['ServiceEntry', 'VirtualService'].includes(o.kind));
    };
    expect(objectsOf(TrafficApi.GATEWAY_API)).toEqual(objectsOf(TrafficApi.ISTIO));
    expect(objectsOf(TrafficApi.GATEWAY_API).map((o) => o.kind)).toEqual(['ServiceEntry', 'VirtualService']);
  });
});

describe('the ownership checks stay', () => {
  test('CIT015: a gateway of another team that did not admit the route', () => {
    const { team1, svc1, gw2 } = topology();
    expect(() => new CanaryRoute(team1, 'takeover', { hosts: ['team2.example.com'], gateways: [gw2], http: [{ action: HttpAction.to(svc1.subset('v1')) }] }))
      .toThrow(/CIT015 team1\/takeover\.gateways\[0\]/);
  });

  test('CIT016: a service whose owner did not grant the gateway; the grant names the <gw>-istio identity', () => {
    const { team2, svc1, gw2 } = topology();
    new CanaryRoute(team2, 'public', { hosts: ['team2.example.com'], gateways: [gw2], http: [{ action: HttpAction.to(svc1.subset('v1')) }] });
    expect(() => synthTeam(team2)).toThrow(/CIT016 .*does not admit gateway team2\/gw-2.*Caller\.gateway\('team2', 'gw-2', TrafficApi\.GATEWAY_API\)/);
  });

  test('CIT009: a host the gateway does not serve', () => {
    const { team2, svc2, gw2 } = topology();
    new CanaryRoute(team2, 'other', { hosts: ['other.example.com'], gateways: [gw2], http: [{ action: HttpAction.to(svc2.subset('v1')) }] });
    expect(() => synthTeam(team2)).toThrow(/CIT009/);
  });
});

describe('a route and what it names must be on the same API', () => {
  test('a Gateway API route bound to an Istio team\'s gateway: CIT020 naming both teams', () => {
    const app = Testing.app();
    const istio = new Team(app, 'team1', { namespace: 'team1' });
    const gwapi = new Team(app, 'team2', { namespace: 'team2', api: TrafficApi.GATEWAY_API });
    const gw = new TeamGateway(istio, 'gw-1', { servers: [{ port: 80, hosts: ['team1.example.com'] }] });
    gw.allowRoutesFrom(gwapi);
    const svc = new VersionedService(gwapi, 'svc-2', { versions: [{ name: 'v1', image: 'x:1' }] });
    expect(() => new CanaryRoute(gwapi, 'r', { hosts: ['team1.example.com'], gateways: [gw], http: [{ action: HttpAction.to(svc.subset('v1')) }] }))
      .toThrow(/CIT020 team2\/r\.gateways\[0\]: the route of team team2 is written in the Kubernetes Gateway API .*gateway team1\/gw-1 is written in Istio's APIs.*same API/);
  });

  test('an Istio route bound to a Gateway API gateway: CIT020 too', () => {
    const app = Testing.app();
    const istio = new Team(app, 'team1', { namespace: 'team1' });
    const gwapi = new Team(app, 'team2', { namespace: 'team2', api: TrafficApi.GATEWAY_API });
    const gw = new TeamGateway(gwapi, 'gw-2', { servers: [{ port: 80, hosts: ['team2.example.com'] }] });
    gw.allowRoutesFrom(istio);
    const svc = new VersionedService(istio, 'svc-1', { versions: [{ name: 'v1', image: 'x:1' }] });
    expect(() => new CanaryRoute(istio, 'r', { hosts: ['team2.example.com'], gateways: [gw], http: [{ action: HttpAction.to(svc.subset('v1')) }] }))
      .toThrow(/CIT020 team1\/r\.gateways\[0\]/);
  });

  test.each([
    ['a Gateway API route to an Istio team\'s service', TrafficApi.GATEWAY_API, TrafficApi.ISTIO],
    ['an Istio route to a Gateway API team\'s service', TrafficApi.ISTIO, TrafficApi.GATEWAY_API],
  ])('%s: CIT020 naming both teams', (_, routeApi, serviceApi) => {
    const app = Testing.app();
    const owner = new Team(app, 'team1', { namespace: 'team1', api: serviceApi });
    const caller = new Team(app, 'team2', { namespace: 'team2', api: routeApi });
    const svc = new VersionedService(owner, 'svc-1', { versions: [{ name: 'v1', image: 'x:1' }] });
    svc.allowFrom(caller);
    expect(() => new CanaryRoute(caller, 'r', { hosts: [svc.host], http: [{ action: HttpAction.to(svc.subset('v1')) }] }))
      .toThrow(/CIT020 team2\/r\.http.*team team2.*svc-1.*same API/);
  });

  test('a backend that is neither a Service nor a ServiceEntry of the team: CIT020', () => {
    const { team2, gw2 } = topology();
    expect(() => new CanaryRoute(team2, 'r', { hosts: ['team2.example.com'], gateways: [gw2], http: [{ action: HttpAction.to(Destination.host('example.net')) }] }))
      .toThrow(/CIT020 .*neither a service nor an ExternalEgress/);
  });

  test('a service of another app is named by its host (assumed on the Gateway API too)', () => {
    const { team2, gw2 } = topology();
    const remote = VersionedService.fromAttributes(team2, 'remote', { namespace: 'team9', name: 'svc-9', versions: ['v1'] });
    new CanaryRoute(team2, 'r', { hosts: ['team2.example.com'], gateways: [gw2], http: [{ action: HttpAction.to(remote.subset('v1')) }] });
    expect(one(synthTeam(team2), 'HTTPRoute', 'r').spec.rules[0].backendRefs).toEqual([expect.objectContaining({ name: 'svc-9-v1', namespace: 'team9', port: 80 })]);
  });
});

test('Caller.gateway with the api lets an owner in another repo grant a Gateway API gateway', () => {
  const team1 = new Team(Testing.app(), 'team1', { namespace: 'team1', api: TrafficApi.GATEWAY_API });
  const svc = new VersionedService(team1, 'svc-1', { versions: [{ name: 'v1', image: 'x:1' }] });
  svc.allowFrom(Caller.gateway('team2', 'gw-2', TrafficApi.GATEWAY_API));
  const objects = synthTeam(team1);
  expect(one(objects, 'AuthorizationPolicy', 'svc-1').spec.rules[0].from[0].source.principals).toEqual(['cluster.local/ns/team2/sa/gw-2-istio']);
  expect(one(objects, 'ReferenceGrant', 'svc-1-from-team2')).toBeDefined();
});
