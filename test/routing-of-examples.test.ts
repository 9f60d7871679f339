/**
 * Where requests go in each example, asserted the way a team's chart repo would: with the jest
 * matchers over the synthesised app, no cluster. The same tests run on both APIs: a chart repo
 * that moves its teams to the Gateway API keeps its routing tests as they are.
 */
import { Testing } from 'cdk8s';
import { MeshModel, TrafficApi, explain } from '../src';
import { istioMatchers } from '../src/testing';
import { buildCookieRouting } from '../examples/cookie-routing/topology';
import { buildEgressGateway } from '../examples/egress-gateway/topology';
import { buildThreeTeams, HOSTS } from '../examples/three-teams/topology';
import { buildWebsiteRollout, WEBSITE_HOST } from '../examples/website-rollout/topology';

expect.extend(istioMatchers);

describe.each([TrafficApi.ISTIO, TrafficApi.GATEWAY_API].map((api) => [api.name, api] as const))('on %s', (_name, api) => {
  describe('seed 000: three teams', () => {
    const app = Testing.app();
    const { svc1, svc2 } = buildThreeTeams(app, api);

    test('gw-1 routes each host name to its own version of svc-1', () => {
      expect(app).toRoute({ from: { gateway: 'vamp-test1/gw-1' }, host: HOSTS.team1V1, path: '/' }, svc1.subset('v1'));
      expect(app).toRoute({ from: { gateway: 'vamp-test1/gw-1' }, host: HOSTS.team1V2, path: '/' }, svc1.subset('v2'));
    });

    test("gw-2 sends /svc1/orders to svc-1 in team 1's namespace as /orders, and /svc2 to svc-2", () => {
      const result = explain(MeshModel.fromApp(app), { from: { gateway: 'vamp-test2/gw-2' }, host: HOSTS.team2, path: '/svc1/orders?page=2' });
      expect(result.outcome).toBe('routed');
      expect(result.destinations).toHaveLength(1);
      expect(result.destinations[0]).toMatchObject({ host: svc1.host, port: 80, share: 1, path: '/orders?page=2', workloads: ['svc-1-v1', 'svc-1-v2'] });
      expect(app).toRoute({ from: { gateway: 'vamp-test2/gw-2' }, host: HOSTS.team2, path: '/svc2' }, svc2.subset('v1'));
    });

    test("the generated ALLOW policies admit gw-2's routes, and refuse svc-1 calling itself", () => {
      expect(app).toBeAllowed({ from: { gateway: 'vamp-test2/gw-2' }, host: HOSTS.team2, path: '/svc1/orders' });
      expect(app).toBeDenied({ from: svc1.subset('v1'), host: 'svc-1', path: '/' }, 'no ALLOW policy matched');
    });

    test('gw-2 answers 404 for paths it does not route, and for hosts it does not serve', () => {
      expect(app).toRespond({ from: { gateway: 'vamp-test2/gw-2' }, host: HOSTS.team2, path: '/svc3/x' }, 404);
      expect(app).toRespond({ from: { gateway: 'vamp-test2/gw-2' }, host: 'other.example.com', path: '/' }, 404);
    });

    test('vamp-test3 reaches team 2 host through its ServiceEntry, with retries and the timeout', () => {
      const result = explain(MeshModel.fromApp(app), { from: { namespace: 'vamp-test3', labels: { app: 'client' } }, host: HOSTS.team2, path: '/svc2/x' });
      expect(result.outcome).toBe('routed');
      expect(result.destinations[0]).toMatchObject({ host: HOSTS.team2, registry: 'service-entry', share: 1 });
      const routeHop = result.hops.find((h) => h.timeout !== undefined);
      expect(routeHop).toMatchObject({ timeout: '10s', retries: { attempts: 3, perTryTimeout: '2s' } });
    });

    test('under REGISTRY_ONLY, a host in no registry is blocked with 502', () => {
      expect(app).toRespond({ from: { namespace: 'vamp-test3', labels: { app: 'client' } }, host: 'example.org', path: '/' }, 502);
    });
  });

  test('seed 001: 90/10 between version-1 and version-2, and all on version-2 at the last step', () => {
    const app = Testing.app();
    const { website } = buildWebsiteRollout(app, 0, api);
    const request = { from: { gateway: 'website/website-gateway' }, host: WEBSITE_HOST, path: '/' };
    expect(app).toSplit(request, [[website.subset('version-1'), 0.9], [website.subset('version-2'), 0.1]]);
    const done = Testing.app();
    const last = buildWebsiteRollout(done, 3, api);
    expect(done).toRoute(request, last.website.subset('version-2'));
  });

  describe('seed 002: jason sees reviews v2, everyone else v1', () => {
    const app = Testing.app();
    const { reviews } = buildCookieRouting(app, api);
    const from = { namespace: 'bookinfo', labels: { app: 'productpage', version: 'v1' } };

    test.each([
      ['user=jason', 'v2'],
      ['foo=1; user=jason; bar=2', 'v2'],
      ['user=jasonx', 'v1'],
      ['user=alice', 'v1'],
    ])('cookie %p → reviews %s', (cookie, subset) => {
      expect(app).toRoute({ from, host: 'reviews', port: 9080, path: '/reviews/0', headers: { cookie } }, reviews.subset(subset));
    });

    test('no cookie at all → v1', () => {
      expect(app).toRoute({ from, host: 'reviews', port: 9080, path: '/reviews/0' }, reviews.subset('v1'));
    });
  });

  describe('seed 004: httpbin.org through the egress gateway', () => {
    const app = Testing.app();
    buildEgressGateway(app, api);
    const from = { namespace: 'echo', labels: { app: 'echo', version: 'v1' } };

    test('two hops: sidecar → egress gateway → httpbin.org', () => {
      const result = explain(MeshModel.fromApp(app), { from, host: 'httpbin.org', path: '/headers' });
      expect(result.outcome).toBe('routed');
      expect(result.destinations).toEqual([expect.objectContaining({ host: 'httpbin.org', port: 80, share: 1, path: '/headers' })]);
      const gatewayHops = result.hops.filter((h: any) => h.gateway !== undefined);
      expect(gatewayHops.map((h: any) => h.gateway)).toContain('echo/egress');
    });

    test("the egress gateway admits echo's namespace for httpbin.org (auto mTLS carries the identity)", () => {
      expect(app).toBeAllowed({ from, host: 'httpbin.org', path: '/headers' });
    });

    test('a host not declared is blocked (REGISTRY_ONLY)', () => {
      expect(app).toRespond({ from, host: 'example.com', path: '/' }, 502);
    });
  });
});
