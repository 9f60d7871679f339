/**
 * The benchmark's team, written with the library: what one product team declares.
 * Each team: a TeamGateway, a VersionedService with two versions, a CanaryRoute on the gateway
 * with a cookie rule and a 90/10 split, and an ExternalEgress with a timeout.
 */
import { App, Duration } from 'cdk8s';
import { CanaryRoute, ExternalEgress, HeaderMatch, HttpAction, Team, TeamGateway, TrafficApi, VersionedService } from '../../src';
import { teamName, teamNames } from './names';

/** Adds team `index` (0-based) to `app` as one Team chart. */
export function addLibraryTeam(app: App, index: number, api: TrafficApi = TrafficApi.ISTIO): Team {
  const names = teamNames(index);
  const team = new Team(app, teamName(index), { namespace: names.namespace, api });
  const gateway = new TeamGateway(team, 'gw', { servers: [{ port: 80, hosts: [names.publicHost] }] });
  const web = new VersionedService(team, 'web', {
    versions: [
      { name: 'v1', image: `${names.image}:1.0.0` },
      { name: 'v2', image: `${names.image}:2.0.0` },
    ],
  });
  new CanaryRoute(team, 'web-route', {
    name: 'web',
    hosts: [names.publicHost],
    gateways: [gateway],
    http: [
      { name: 'beta-testers', matches: [{ headers: [HeaderMatch.cookieIs('beta', 'true')] }], action: HttpAction.to(web.subset('v2')) },
      { name: 'rollout', action: HttpAction.split([{ destination: web.subset('v1'), weight: 90 }, { destination: web.subset('v2'), weight: 10 }]) },
    ],
  });
  new ExternalEgress(team, 'payments', { host: names.externalHost, timeout: Duration.seconds(5) });
  return team;
}

/** Adds `teams` library teams to `app`, on Istio's APIs or on the Gateway API. */
export function buildLibraryTopology(app: App, teams: number, api: TrafficApi = TrafficApi.ISTIO): void {
  for (let i = 0; i < teams; i++) addLibraryTeam(app, i, api);
}
