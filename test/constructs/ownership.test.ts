/**
 * One team can never change another team's traffic or policy: each way a team could reach into
 * another's gateway, policy or routing config is refused where it is written, with the code and
 * the line the owner would add; the owner's declaration is what opens the door.
 */
import { App, Duration, Testing } from 'cdk8s';
import {
  Caller, CanaryRoute, ExternalEgress, GatewayTls, GatewayType, HttpAction, Team, TeamGateway, VersionedService,
} from '../../src';
import { check } from '../../src/analysis';
import { MeshModel } from '../../src/model';

const find = (objects: any[], kind: string, namespace: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);

/** Team b owns a gateway for b.example.com and a service; team a has a service of its own. */
function twoTeams(app: App = Testing.app()) {
  const a = new Team(app, 'a', { namespace: 'a' });
  const b = new Team(app, 'b', { namespace: 'b' });
  const gwB = new TeamGateway(b, 'gw-b', { servers: [{ port: 80, hosts: ['b.example.com'] }] });
  const svcA = new VersionedService(a, 'svc-a', { versions: [{ name: 'v1', image: 'a:1' }] });
  const svcB = new VersionedService(b, 'svc-b', { versions: [{ name: 'v1', image: 'b:1' }] });
  return { app, a, b, gwB, svcA, svcB };
}

describe('gateways belong to their team', () => {
  test('a route of team a bound to team b\'s gateway is refused, naming both teams and the fix', () => {
    const { a, gwB, svcA } = twoTeams();
    expect(() => new CanaryRoute(a, 'takeover', { hosts: ['b.example.com'], gateways: [gwB], http: [{ action: HttpAction.to(svcA.destination()) }] }))
      .toThrow(/CIT015 a\/takeover\.gateways\[0\]: gateway b\/gw-b belongs to team b, which did not admit routes of team a .*gateway\.allowRoutesFrom\(team\)/);
  });

  test('the owner admits team a: its server hosts list a, and only then may a bind', () => {
    const { a, b, gwB, svcA } = twoTeams();
    gwB.allowRoutesFrom(a);
    svcA.allowFrom(gwB);
    new CanaryRoute(a, 'via-b', { hosts: ['b.example.com'], gateways: [gwB], http: [{ action: HttpAction.to(svcA.destination()) }] });
    expect(find(Testing.synth(b), 'Gateway', 'b', 'gw-b').spec.servers[0].hosts).toEqual(['./b.example.com', 'a/b.example.com']);
    // The route is exported to the gateway pods' namespace, or istiod would ignore it there.
    expect(find(Testing.synth(a), 'VirtualService', 'a', 'via-b').spec.exportTo).toEqual(['.', 'b']);
  });

  test('without admission the server hosts admit only the owner\'s namespace (./host), never a bare host', () => {
    const { b } = twoTeams();
    for (const server of find(Testing.synth(b), 'Gateway', 'b', 'gw-b').spec.servers) {
      for (const host of server.hosts) expect(host).toMatch(/^\.\//);
    }
  });

  test('a public host another team\'s gateway already serves is refused (exact or by wildcard)', () => {
    const { a } = twoTeams();
    expect(() => new TeamGateway(a, 'gw-a', { servers: [{ port: 8080, hosts: ['b.example.com'] }] }))
      .toThrow(/CIT017 a\/gw-a\.servers\[0\]\.hosts\[0\]: public host b\.example\.com is already served by gateway b\/gw-b of another team/);
    expect(() => new TeamGateway(a, 'gw-wild', { servers: [{ port: 80, hosts: ['*.example.com'] }] })).toThrow(/CIT017/);
    // The same team may serve a host on two of its own gateways; another name is fine.
    expect(() => new TeamGateway(a, 'gw-own', { servers: [{ port: 80, hosts: ['a.example.com'] }] })).not.toThrow();
  });

  test('an egress gateway of another team must have admitted the calling team', () => {
    const app = Testing.app();
    const platform = new Team(app, 'platform', { namespace: 'platform' });
    const shop = new Team(app, 'shop', { namespace: 'shop' });
    const egress = new TeamGateway(platform, 'egress', { type: GatewayType.EGRESS });
    expect(() => new ExternalEgress(shop, 'stripe', { host: 'api.stripe.com', egressGateway: egress })).toThrow(/CIT015 shop\/stripe\.egressGateway/);
    egress.allowRoutesFrom(shop);
    new VersionedService(shop, 'checkout', { versions: [{ name: 'v1', image: 'c:1' }] });
    new ExternalEgress(shop, 'stripe-ok', { host: 'api.stripe.com', egressGateway: egress });
    // The server admits only shop's routes; shop's objects are exported to the gateway's namespace.
    expect(find(Testing.synth(platform), 'Gateway', 'platform', 'egress').spec.servers[0].hosts).toEqual(['shop/api.stripe.com']);
    const shopObjects = Testing.synth(shop);
    expect(find(shopObjects, 'ServiceEntry', 'shop', 'stripe-ok').spec.exportTo).toEqual(['.', 'platform']);
    expect(find(shopObjects, 'VirtualService', 'shop', 'stripe-ok').spec.exportTo).toEqual(['.', 'platform']);
  });
});

describe('access is granted by the owner', () => {
  test('team a routing its gateway to team b\'s service without b\'s grant fails at synth with the line to add', () => {
    const { a, svcB } = twoTeams();
    const gwA = new TeamGateway(a, 'gw-a', { servers: [{ port: 80, hosts: ['a.example.com'] }] });
    new CanaryRoute(a, 'to-b', { hosts: ['a.example.com'], gateways: [gwA], http: [{ action: HttpAction.to(svcB.destination()) }] });
    expect(() => Testing.synth(a)).toThrow(/CIT016 a\/to-b\.http: VersionedService b\/svc-b .* does not admit gateway a\/gw-a.*svc-b\.allowFrom\(Caller\.gateway\('a', 'gw-a'\)\)/);
  });

  test('the route never edits the other team\'s policy; the owner\'s grant does, by identity', () => {
    const { a, b, svcB } = twoTeams();
    const gwA = new TeamGateway(a, 'gw-a', { servers: [{ port: 80, hosts: ['a.example.com'] }] });
    new CanaryRoute(a, 'to-b', { hosts: ['a.example.com'], gateways: [gwA], http: [{ action: HttpAction.to(svcB.destination()) }] });
    svcB.allowFrom(Caller.gateway('a', 'gw-a'));
    const objects = Testing.synth(b);
    expect(find(objects, 'AuthorizationPolicy', 'b', 'svc-b').spec.rules).toEqual([{ from: [{ source: { principals: ['cluster.local/ns/a/sa/gw-a'] } }] }]);
    expect(find(objects, 'DestinationRule', 'b', 'svc-b').spec.exportTo).toEqual(['.', 'a']);
    expect(() => Testing.synth(a)).not.toThrow();
  });

  test('ALLOW principals are exactly the grants: one per real call in a bookinfo-sized team', () => {
    const app = Testing.app();
    const team = new Team(app, 'bookinfo', { namespace: 'bookinfo' });
    const svc = (name: string) => new VersionedService(team, name, { versions: [{ name: 'v1', image: `${name}:1` }] });
    const [productpage, reviews, ratings, details] = ['productpage', 'reviews', 'ratings', 'details'].map(svc);
    const gw = new TeamGateway(team, 'gw', { servers: [{ port: 80, hosts: ['bookinfo.example.com'] }] });
    new CanaryRoute(team, 'edge', { hosts: ['bookinfo.example.com'], gateways: [gw], http: [{ action: HttpAction.to(productpage.destination()) }] });
    reviews.allowFrom(productpage);
    details.allowFrom(productpage);
    ratings.allowFrom(reviews);
    const objects = Testing.synth(team);
    const principals = (name: string) => find(objects, 'AuthorizationPolicy', 'bookinfo', name).spec.rules?.[0].from[0].source.principals ?? [];
    expect(Object.fromEntries(['productpage', 'reviews', 'ratings', 'details'].map((n) => [n, principals(n)]))).toEqual({
      productpage: ['cluster.local/ns/bookinfo/sa/gw'],
      reviews: ['cluster.local/ns/bookinfo/sa/productpage'],
      ratings: ['cluster.local/ns/bookinfo/sa/reviews'],
      details: ['cluster.local/ns/bookinfo/sa/productpage'],
    });
  });
});

describe('scope by default', () => {
  test('two teams calling the same external host each keep their own objects, and check is clean', () => {
    const app = Testing.app();
    for (const ns of ['a', 'b']) new ExternalEgress(new Team(app, ns, { namespace: ns }), 'stripe', { host: 'api.stripe.com', timeout: Duration.seconds(5) });
    const objects = app.charts.flatMap((chart) => Testing.synth(chart));
    for (const o of objects.filter((x) => ['ServiceEntry', 'VirtualService', 'DestinationRule'].includes(x.kind))) expect(o.spec.exportTo).toEqual(['.']);
    expect(check(MeshModel.fromObjects(objects)).filter((f) => f.severity === 'error' || f.code === 'IST0109')).toEqual([]);
  });

});

describe('pods', () => {
  test.each([[0, /CIT019 .*runAsUser: UID 0 is root/], [1337, /CIT019 .*runAsUser: UID 1337 is Istio's proxy UID/]])('runAsUser %d is refused', (uid, message) => {
    const team = new Team(Testing.app(), 'a', { namespace: 'a' });
    expect(() => new VersionedService(team, 'svc', { versions: [{ name: 'v1', image: 'a:1', runAsUser: uid }] })).toThrow(message);
  });

  test('app pods mount no API token; the Namespace enforces restricted, or privileged without Istio CNI', () => {
    const app = Testing.app();
    const cni = new Team(app, 'cni', { namespace: 'cni' });
    new VersionedService(cni, 'svc', { versions: [{ name: 'v1', image: 'a:1' }] });
    const noCni = new Team(app, 'legacy', { namespace: 'legacy', istioCni: false });
    const objects = Testing.synth(cni);
    expect(find(objects, 'Deployment', 'cni', 'svc-v1').spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(objects.find((o) => o.kind === 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(Testing.synth(noCni).find((o) => o.kind === 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test('egress NetworkPolicies: DNS, istiod, mesh peers, and only the declared external ports', () => {
    const app = Testing.app();
    const team = new Team(app, 'shop', { namespace: 'shop' });
    new ExternalEgress(team, 'partner', { host: 'api.partner.com', originateTls: true });
    const egress = find(Testing.synth(team), 'NetworkPolicy', 'shop', 'egress').spec;
    expect(egress.policyTypes).toEqual(['Egress']);
    expect(egress.egress.map((r: any) => r.ports?.map((p: any) => `${p.protocol}/${p.port}`) ?? ['any'])).toEqual([['UDP/53', 'TCP/53'], ['TCP/15012'], ['any'], ['TCP/443']]);
    const off = new Team(app, 'off', { namespace: 'off', networkPolicies: false });
    expect(Testing.synth(off).some((o) => o.kind === 'NetworkPolicy')).toBe(false);
  });
});

describe('a gateway in a namespace of its own', () => {
  test('its objects, Secret Role and NetworkPolicies live there; the owner team\'s routes bind as <team>/<host>', () => {
    const app = Testing.app();
    const team = new Team(app, 'shop', { namespace: 'shop' });
    const edge = new TeamGateway(team, 'edge', { namespace: 'shop-edge', servers: [{ port: 443, protocol: 'HTTPS' as any, hosts: ['shop.example.com'], tls: GatewayTls.simple('shop-cert') }] });
    const cart = new VersionedService(team, 'cart', { versions: [{ name: 'v1', image: 'cart:1' }] });
    new CanaryRoute(team, 'public', { hosts: ['shop.example.com'], gateways: [edge], http: [{ action: HttpAction.to(cart.subset('v1')) }] });
    const objects = Testing.synth(team);
    const namespaceOf = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)?.metadata.namespace;
    expect(objects.filter((o) => o.kind === 'Namespace').map((o) => [o.metadata.name, o.metadata.labels['pod-security.kubernetes.io/enforce']])).toEqual([['shop', 'restricted'], ['shop-edge', 'restricted']]);
    for (const kind of ['Deployment', 'Service', 'Gateway', 'ServiceAccount']) expect(namespaceOf(kind, 'edge')).toBe('shop-edge');
    expect(namespaceOf('Role', 'edge-secret-reader')).toBe('shop-edge');
    expect(find(objects, 'NetworkPolicy', 'shop-edge', 'egress')).toBeDefined();
    expect(find(objects, 'Gateway', 'shop-edge', 'edge').spec.servers[0].hosts).toEqual(['shop/shop.example.com']);
    const route = find(objects, 'VirtualService', 'shop', 'public').spec;
    expect(route.gateways).toEqual(['shop-edge/edge']);
    expect(route.exportTo).toEqual(['.', 'shop-edge']);
    expect(find(objects, 'AuthorizationPolicy', 'shop', 'cart').spec.rules).toEqual([{ from: [{ source: { principals: ['cluster.local/ns/shop-edge/sa/edge'] } }] }]);
    expect(find(objects, 'DestinationRule', 'shop', 'cart').spec.exportTo).toEqual(['.', 'shop-edge']);
    // With the certificate where the gateway pods run (cert-manager's job), check is clean.
    const secret = { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: 'shop-cert', namespace: 'shop-edge' } };
    expect(check(MeshModel.fromObjects([...objects, secret])).filter((f) => f.severity === 'error')).toEqual([]);
  });
});
