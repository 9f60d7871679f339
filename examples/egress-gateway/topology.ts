/**
 * Seed 004: a team with its own ingress gateway (port 8000) in front of `echo`, REGISTRY_ONLY
 * egress (the Team default), a ServiceEntry for httpbin.org and an egress gateway that every call
 * to httpbin.org goes through: sidecar → egress gateway → httpbin.org.
 */
import { App } from 'cdk8s';
import { CanaryRoute, ExternalEgress, GatewayType, HttpAction, Team, TeamGateway, TrafficApi, VersionedService } from '../../src';

export const ECHO_HOST = 'echo.example.com';

export function buildEgressGateway(app: App, api: TrafficApi = TrafficApi.ISTIO): { team: Team; echo: VersionedService; egress: TeamGateway; httpbin: ExternalEgress } {
  const team = new Team(app, 'echo', { namespace: 'echo', api });
  const ingress = new TeamGateway(team, 'echo-ingress', { servers: [{ port: 8000, hosts: [ECHO_HOST] }] });
  const egress = new TeamGateway(team, 'egress', { type: GatewayType.EGRESS });
  const echo = new VersionedService(team, 'echo', { ports: [{ port: 80, targetPort: 8080 }], versions: [{ name: 'v1', image: 'ealen/echo-server:0.9.2' }] });
  new CanaryRoute(team, 'echo-route', { name: 'echo', hosts: [ECHO_HOST], gateways: [ingress], http: [{ action: HttpAction.to(echo.destination()) }] });
  const httpbin = new ExternalEgress(team, 'httpbin-ext', { host: 'httpbin.org', egressGateway: egress });
  return { team, echo, egress, httpbin };
}
