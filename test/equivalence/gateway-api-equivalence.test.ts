/**
 * Issue #15's test: for every example (seed 004's egress hop stays on Istio's objects on both APIs:
 * the Gateway API has no registry entry), the same code synthesised on Istio's APIs and on the
 * Gateway API answers every documented request the same — outcome, status, destinations (a
 * per-version Service stands for its subset) with their shares, and the path they receive after
 * rewrites. The Gateway API side goes through what istiod derives from Gateway/HTTPRoute
 * (src/gateway-api), so this holds Istio's two translations to one meaning.
 */
import { App } from 'cdk8s';
import { TrafficApi } from '../../src';
import { ExplainRequest } from '../../src/simulate/types';
import { buildCookieRouting, BOOKINFO_HOST } from '../../examples/cookie-routing/topology';
import { buildEgressGateway, ECHO_HOST } from '../../examples/egress-gateway/topology';
import { buildThreeTeams, HOSTS } from '../../examples/three-teams/topology';
import { buildWebsiteRollout, WEBSITE_HOST } from '../../examples/website-rollout/topology';
import { answerOf, buildOn } from './support';

interface Case {
  readonly name: string;
  readonly request: ExplainRequest;
  /** What the request gets (asserted on the Istio side, so that the table cannot drift into nonsense). */
  readonly outcome: string;
}

function equivalent(example: string, build: (app: App, api: TrafficApi) => void, cases: readonly Case[]): void {
  describe(`${example}: Istio APIs and Gateway API answer the same`, () => {
    const istio = buildOn(TrafficApi.ISTIO, build);
    const gatewayApi = buildOn(TrafficApi.GATEWAY_API, build);
    test('the Gateway API side is written in the Gateway API: HTTPRoutes, and VirtualServices only for ExternalEgress hosts', () => {
      expect(gatewayApi.model.ofKind('HTTPRoute').length).toBeGreaterThan(0);
      expect(istio.model.ofKind('HTTPRoute')).toHaveLength(0);
      const externalHosts = new Set(gatewayApi.model.ofKind('ServiceEntry').flatMap((se) => se.spec.hosts as string[]));
      for (const vs of gatewayApi.model.ofKind('VirtualService')) {
        expect({ vs: vs.name, notExternal: (vs.spec.hosts as string[]).filter((h) => !externalHosts.has(h)) }).toEqual({ vs: vs.name, notExternal: [] });
      }
    });

    test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const onIstio = answerOf(istio, c.request);
      expect(onIstio.outcome).toBe(c.outcome);
      expect(answerOf(gatewayApi, c.request)).toEqual(onIstio);
    });
  });
}

const gw1 = { gateway: 'vamp-test1/gw-1' };
const gw2 = { gateway: 'vamp-test2/gw-2' };
const team3Client = { namespace: 'vamp-test3', labels: { app: 'client' } };
const svc1V1Pod = { namespace: 'vamp-test1', labels: { app: 'svc-1', version: 'v1' } };

equivalent('seed 000 (three teams)', (app, api) => { buildThreeTeams(app, api); }, [
  { name: 'gw-1: v1 host → svc-1 v1', request: { from: gw1, host: HOSTS.team1V1, path: '/' }, outcome: 'routed' },
  { name: 'gw-1: v1 host, any path → svc-1 v1', request: { from: gw1, host: HOSTS.team1V1, path: '/a/b?c=d' }, outcome: 'routed' },
  { name: 'gw-1: v2 host → svc-1 v2', request: { from: gw1, host: HOSTS.team1V2, path: '/orders' }, outcome: 'routed' },
  { name: 'gw-1: POST on the v2 host', request: { from: gw1, host: HOSTS.team1V2, path: '/orders', method: 'POST' }, outcome: 'routed' },
  { name: 'gw-1: a host it does not serve → 404', request: { from: gw1, host: HOSTS.team2, path: '/' }, outcome: 'no-virtual-host' },
  { name: 'gw-2: /svc1/orders?page=2 → svc-1 as /orders?page=2', request: { from: gw2, host: HOSTS.team2, path: '/svc1/orders?page=2' }, outcome: 'routed' },
  { name: 'gw-2: /svc1 → svc-1 as /', request: { from: gw2, host: HOSTS.team2, path: '/svc1' }, outcome: 'routed' },
  { name: 'gw-2: /svc1/ → svc-1 as /', request: { from: gw2, host: HOSTS.team2, path: '/svc1/' }, outcome: 'routed' },
  { name: 'gw-2: /svc1/a/b → svc-1 as /a/b', request: { from: gw2, host: HOSTS.team2, path: '/svc1/a/b' }, outcome: 'routed' },
  { name: 'gw-2: /svc1x is not /svc1 → 404', request: { from: gw2, host: HOSTS.team2, path: '/svc1x' }, outcome: 'no-route' },
  { name: 'gw-2: /svc2 → svc-2 v1 as /', request: { from: gw2, host: HOSTS.team2, path: '/svc2' }, outcome: 'routed' },
  { name: 'gw-2: /svc2/items?x=1 → svc-2 v1 as /items?x=1', request: { from: gw2, host: HOSTS.team2, path: '/svc2/items?x=1' }, outcome: 'routed' },
  { name: 'gw-2: /svc3/x → 404', request: { from: gw2, host: HOSTS.team2, path: '/svc3/x' }, outcome: 'no-route' },
  { name: 'gw-2: / → 404', request: { from: gw2, host: HOSTS.team2, path: '/' }, outcome: 'no-route' },
  { name: 'gw-2: another host → 404', request: { from: gw2, host: 'other.example.com', path: '/' }, outcome: 'no-virtual-host' },
  { name: 'vamp-test3 → team 2 host through its ServiceEntry', request: { from: team3Client, host: HOSTS.team2, path: '/svc2/x' }, outcome: 'routed' },
  { name: 'vamp-test3 → a host in no registry → 502 (REGISTRY_ONLY)', request: { from: team3Client, host: 'example.org', path: '/' }, outcome: 'blocked' },
  { name: "vamp-test3 → svc-1 directly: hidden by its own Sidecar", request: { from: team3Client, host: 'svc-1.vamp-test1.svc.cluster.local', path: '/' }, outcome: 'blocked' },
  { name: 'svc-1 calling svc-1: not granted → 403', request: { from: svc1V1Pod, host: 'svc-1', path: '/' }, outcome: 'denied' },
]);

const websiteGateway = { gateway: 'website/website-gateway' };
for (const step of [0, 1, 2, 3]) {
  equivalent(`seed 001 (website rollout, step ${step})`, (app, api) => { buildWebsiteRollout(app, step, api); }, [
    { name: 'the split at the gateway', request: { from: websiteGateway, host: WEBSITE_HOST, path: '/' }, outcome: 'routed' },
    { name: 'any path takes the same split', request: { from: websiteGateway, host: WEBSITE_HOST, path: '/about?lang=en' }, outcome: 'routed' },
    { name: 'another host → 404', request: { from: websiteGateway, host: 'www.example.com', path: '/' }, outcome: 'no-virtual-host' },
  ]);
}

const bookinfoGateway = { gateway: 'bookinfo/bookinfo-gateway' };
const pod = (app: string) => ({ namespace: 'bookinfo', labels: { app, version: 'v1' } });
equivalent('seed 002 (cookie routing)', (app, api) => { buildCookieRouting(app, api); }, [
  { name: 'the gateway → productpage v1', request: { from: bookinfoGateway, host: BOOKINFO_HOST, path: '/productpage' }, outcome: 'routed' },
  { name: 'productpage → reviews, user=jason → v2', request: { from: pod('productpage'), host: 'reviews', port: 9080, path: '/reviews/0', headers: { cookie: 'user=jason' } }, outcome: 'routed' },
  { name: 'productpage → reviews, jason among other cookies → v2', request: { from: pod('productpage'), host: 'reviews', port: 9080, path: '/reviews/0', headers: { cookie: 'session=1; user=jason; theme=dark' } }, outcome: 'routed' },
  { name: 'productpage → reviews, user=jasonx → v1', request: { from: pod('productpage'), host: 'reviews', port: 9080, path: '/reviews/0', headers: { cookie: 'user=jasonx' } }, outcome: 'routed' },
  { name: 'productpage → reviews, no cookie → v1', request: { from: pod('productpage'), host: 'reviews', port: 9080, path: '/reviews/0' }, outcome: 'routed' },
  { name: 'productpage → details → v1', request: { from: pod('productpage'), host: 'details', port: 9080, path: '/details/0' }, outcome: 'routed' },
  { name: 'reviews → ratings → v1', request: { from: pod('reviews'), host: 'ratings', port: 9080, path: '/ratings/0' }, outcome: 'routed' },
  { name: 'productpage → ratings: not granted → 403', request: { from: pod('productpage'), host: 'ratings', port: 9080, path: '/ratings/0' }, outcome: 'denied' },
  { name: 'the gateway → another host → 404', request: { from: bookinfoGateway, host: 'reviews.example.com', path: '/' }, outcome: 'no-virtual-host' },
]);

const echoIngress = { gateway: 'echo/echo-ingress' };
const echoPod = { namespace: 'echo', labels: { app: 'echo', version: 'v1' } };
equivalent('seed 004 (egress gateway)', (app, api) => { buildEgressGateway(app, api); }, [
  { name: 'the ingress gateway on port 8000 → echo', request: { from: echoIngress, host: ECHO_HOST, port: 8000, path: '/' }, outcome: 'routed' },
  { name: 'echo → httpbin.org through the egress gateway', request: { from: echoPod, host: 'httpbin.org', path: '/headers' }, outcome: 'routed' },
  { name: 'echo → a host not declared → 502 (REGISTRY_ONLY)', request: { from: echoPod, host: 'example.com', path: '/' }, outcome: 'blocked' },
]);
