/**
 * A CanaryRoute for `*.example.com` and another for `a.example.com` on one TeamGateway: does the
 * wildcard route's rule reach `a.example.com` requests, and is that the same on both APIs?
 *
 * istiod, on both: a VirtualService's virtual hosts are its hosts intersected with the server's
 * (gateway.go buildGatewayHTTPRouteConfig, host.Names.Intersection keeping the more specific
 * name), deduplicated by that name, so the wildcard route reaches `a.example.com` exactly when a
 * server (a listener, on the Gateway API) names `a.example.com` itself:
 * - the server lists `*.example.com` only: virtual hosts `*.example.com` (the wildcard route) and
 *   `a.example.com` (the precise route alone). On the Gateway API the one listener
 *   `*.example.com` takes both HTTPRoutes; mergeHTTPRoutes keys on the exact hostname
 *   (route_collections.go), so they stay apart the same way.
 * - the server lists `*.example.com` and `a.example.com`: on Istio's APIs the wildcard
 *   VirtualService intersects the server host `a.example.com` too, and its rules join the
 *   `a.example.com` virtual host, before or after the precise route's by VirtualService order. On
 *   the Gateway API the listener `a.example.com` takes the wildcard HTTPRoute (its `*.example.com`
 *   VirtualService intersects the listener's host as `a.example.com`), while listener isolation
 *   keeps the precise route off the `*.example.com` listener (parents.go
 *   hostnameAllowedByIsolation): the same virtual host, the same routes, the same order.
 * So the topology needs no refusal on the Gateway API (no CIT020): the answers below are equal.
 *
 * The order of two VirtualServices on one virtual host is creation order, which the model takes
 * from manifest order (Resource.order). istiod breaks a tie of creation timestamps (seconds) by
 * name (push_context.go sortConfigByCreationTime): `precise` < `wildcard` on Istio's APIs, but
 * `…~*.example.com` < `…~a.example.com` for the derived ones, so with overlapping prefixes and
 * routes applied in the same second the two APIs can still order them differently in a cluster.
 */
import { App } from 'cdk8s';
import { CanaryRoute, HttpAction, PathMatch, Team, TeamGateway, TrafficApi, VersionedService } from '../../src';
import { answerOf, buildOn } from './support';

interface Topology {
  readonly serverHosts: readonly string[];
  /** The wildcard route's path prefix (to v2) and the precise route's (to v1; undefined: catch-all). */
  readonly wildcardPrefix: string;
  readonly precisePrefix?: string;
  /** Which CanaryRoute is created first (the VirtualServices' order on a shared virtual host). */
  readonly preciseFirst?: boolean;
}

function build(t: Topology) {
  return (app: App, api: TrafficApi) => {
    const team = new Team(app, 'web', { namespace: 'web', api });
    const site = new VersionedService(team, 'site', { versions: [{ name: 'v1', image: 'site:1' }, { name: 'v2', image: 'site:2' }] });
    const gw = new TeamGateway(team, 'gw', { servers: [{ port: 80, hosts: [...t.serverHosts] }] });
    const wildcard = () => new CanaryRoute(team, 'wildcard', {
      hosts: ['*.example.com'], gateways: [gw],
      http: [{ matches: [{ path: PathMatch.startsWith(t.wildcardPrefix) }], action: HttpAction.to(site.subset('v2')) }],
    });
    const precise = () => new CanaryRoute(team, 'precise', {
      hosts: ['a.example.com'], gateways: [gw],
      http: [{ ...(t.precisePrefix ? { matches: [{ path: PathMatch.startsWith(t.precisePrefix) }] } : {}), action: HttpAction.to(site.subset('v1')) }],
    });
    if (t.preciseFirst) { precise(); wildcard(); } else { wildcard(); precise(); }
  };
}

const at = (host: string, path: string) => ({ from: { gateway: 'web/gw' }, host, path });

describe.each([
  // [topology, request host, path, what Istio's APIs answer (the subset, or the outcome)]
  ['server *.example.com', { serverHosts: ['*.example.com'], wildcardPrefix: '/v2' }, [
    ['a.example.com', '/v2', 'v1'], // the precise virtual host alone: the wildcard's /v2 does not reach it
    ['a.example.com', '/', 'v1'],
    ['b.example.com', '/v2', 'v2'],
    ['b.example.com', '/', 'no-route'],
  ]],
  ['server *.example.com + a.example.com', { serverHosts: ['*.example.com', 'a.example.com'], wildcardPrefix: '/v2' }, [
    ['a.example.com', '/v2', 'v2'], // the wildcard's rule joined a.example.com's virtual host
    ['a.example.com', '/', 'v1'],
    ['b.example.com', '/v2', 'v2'],
    ['b.example.com', '/', 'no-route'],
  ]],
  ['server a.example.com + *.example.com, overlapping prefixes, wildcard route first', { serverHosts: ['a.example.com', '*.example.com'], wildcardPrefix: '/a', precisePrefix: '/a/b' }, [
    ['a.example.com', '/a/b', 'v2'], // the wildcard VirtualService's /a comes first
    ['a.example.com', '/x', 'no-route'],
  ]],
  ['server *.example.com + a.example.com, overlapping prefixes, precise route first', { serverHosts: ['*.example.com', 'a.example.com'], wildcardPrefix: '/a', precisePrefix: '/a/b', preciseFirst: true }, [
    ['a.example.com', '/a/b', 'v1'], // now the precise VirtualService's /a/b comes first
    ['a.example.com', '/a', 'v2'],
  ]],
] as const)('%s: Istio APIs and Gateway API answer the same', (_name, topology, cases) => {
  const istio = buildOn(TrafficApi.ISTIO, build(topology));
  const gatewayApi = buildOn(TrafficApi.GATEWAY_API, build(topology));

  test('the Gateway API side is two HTTPRoutes', () => {
    expect(gatewayApi.model.ofKind('HTTPRoute').map((r) => r.name).sort()).toEqual(['precise', 'wildcard']);
    expect(gatewayApi.model.ofKind('VirtualService')).toHaveLength(0);
  });

  test.each(cases.map((c) => [...c]))('%s%s → %s', (host, path, expected) => {
    const onIstio = answerOf(istio, at(host, path));
    if (expected.startsWith('v')) expect({ outcome: onIstio.outcome, subsets: onIstio.destinations.map((d) => d.subset) }).toEqual({ outcome: 'routed', subsets: [expected] });
    else expect(onIstio.outcome).toBe(expected);
    expect(answerOf(gatewayApi, at(host, path))).toEqual(onIstio);
  });
});
