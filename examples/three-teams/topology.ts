/**
 * Seed 000: three teams, three namespaces, a gateway per team.
 * - vamp-test1: gw-1 serves two host names, each routed by its own route to a version of svc-1.
 * - vamp-test2: gw-2 serves one host name; `/svc1/…` goes to svc-1 in vamp-test1 and `/svc2/…`
 *   to svc-2, both with the prefix rewritten to `/`.
 * - vamp-test3: calls gw-2's host name from inside the mesh as an external host, with retries
 *   and a timeout.
 * Each team is built by its own function, so the same code runs as one app (here) or as three
 * apps in three chart repos (examples/separate-repos), where team 2 knows svc-1 only by attributes.
 * `api` picks the API the teams are written in: Istio's (the default) or the Gateway API
 * (examples/gateway-api) — the same code either way.
 */
import { App, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import {
  Caller, CanaryRoute, ExternalEgress, HttpAction, IVersionedService, PathMatch, RetryOn, Team, TeamGateway, TrafficApi, VersionedService,
} from '../../src';

export const HOSTS = {
  team1V1: 'v1.team1.example.com',
  team1V2: 'v2.team1.example.com',
  team2: 'team2.example.com',
} as const;

export interface ThreeTeams {
  readonly team1: Team;
  readonly team2: Team;
  readonly team3: Team;
  readonly svc1: VersionedService;
  readonly svc2: VersionedService;
}

export function buildThreeTeams(app: App, api: TrafficApi = TrafficApi.ISTIO): ThreeTeams {
  const { team1, svc1 } = buildTeam1(app, api);
  const { team2, svc2 } = buildTeam2(app, svc1, api);
  const { team3 } = buildTeam3(app, api);
  return { team1, team2, team3, svc1, svc2 };
}

/** Team 1: an old service on two host names, one per version. */
export function buildTeam1(app: App, api: TrafficApi = TrafficApi.ISTIO): { team1: Team; svc1: VersionedService } {
  const team1 = new Team(app, 'vamp-test1', { namespace: 'vamp-test1', api });
  const gw1 = new TeamGateway(team1, 'gw-1', { servers: [{ port: 80, hosts: [HOSTS.team1V1, HOSTS.team1V2] }] });
  const svc1 = new VersionedService(team1, 'svc-1', {
    versions: [
      { name: 'v1', image: 'ghcr.io/vamp/svc-1:1.0.0' },
      { name: 'v2', image: 'ghcr.io/vamp/svc-1:2.0.0' },
    ],
  });
  new CanaryRoute(team1, 'svc-1-v1', { hosts: [HOSTS.team1V1], gateways: [gw1], http: [{ action: HttpAction.to(svc1.subset('v1')) }] });
  new CanaryRoute(team1, 'svc-1-v2', { hosts: [HOSTS.team1V2], gateways: [gw1], http: [{ action: HttpAction.to(svc1.subset('v2')) }] });
  // Team 2's gateway routes /svc1/… here; only team 1, the owner, can let it in.
  svc1.allowFrom(Caller.gateway('vamp-test2', 'gw-2', api));
  return { team1, svc1 };
}

/** Team 2: the new service; routes by path between svc-1 (team 1's namespace) and svc-2. */
export function buildTeam2(app: App, svc1: IVersionedService, api: TrafficApi = TrafficApi.ISTIO): { team2: Team; svc2: VersionedService } {
  const team2 = new Team(app, 'vamp-test2', { namespace: 'vamp-test2', api });
  const gw2 = new TeamGateway(team2, 'gw-2', { servers: [{ port: 80, hosts: [HOSTS.team2] }] });
  const svc2 = new VersionedService(team2, 'svc-2', { versions: [{ name: 'v1', image: 'ghcr.io/vamp/svc-2:1.0.0' }] });
  new CanaryRoute(team2, 'svc-router', {
    hosts: [HOSTS.team2],
    gateways: [gw2],
    http: [
      // `/svc1/` (with the slash) so that `/svc1/orders` becomes `/orders`, not `//orders`.
      { name: 'svc-1', matches: [{ path: PathMatch.startsWith('/svc1/') }, { path: PathMatch.exactly('/svc1') }], action: HttpAction.to(svc1.destination()), rewrite: { path: '/' } },
      { name: 'svc-2', matches: [{ path: PathMatch.startsWith('/svc2/') }, { path: PathMatch.exactly('/svc2') }], action: HttpAction.to(svc2.subset('v1')), rewrite: { path: '/' } },
    ],
  });
  return { team2, svc2 };
}

/** Team 3: reaches team 2's public host name from inside the mesh, as an external service. */
export function buildTeam3(app: App, api: TrafficApi = TrafficApi.ISTIO): { team3: Team } {
  const team3 = new Team(app, 'vamp-test3', { namespace: 'vamp-test3', api });
  new ExternalEgress(team3, 'team2-api', {
    host: HOSTS.team2,
    retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.GATEWAY_ERROR, RetryOn.CONNECT_FAILURE, RetryOn.REFUSED_STREAM] },
    timeout: Duration.seconds(10),
  });
  new k8s.KubeDeployment(team3, 'client', {
    metadata: { name: 'client', namespace: team3.namespace, labels: { app: 'client' } },
    spec: {
      selector: { matchLabels: { app: 'client' } },
      template: {
        metadata: { labels: { app: 'client', version: 'v1' } },
        spec: {
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'client',
            image: 'curlimages/curl:8.10.1',
            command: ['sleep', 'infinity'],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsUser: 100 },
          }],
        },
      },
    },
  });

  return { team3 };
}
