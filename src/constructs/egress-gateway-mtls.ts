/**
 * The client side of the sidecar → egress gateway hop: a DestinationRule, in the calling team's
 * namespace and visible only there, for the egress gateway's Service with one subset per external
 * host. Each subset originates Istio mutual TLS with the external host as SNI, so the gateway
 * knows the caller's identity (its AuthorizationPolicy admits principals) and picks the server
 * of that host. This is the setup of Istio's egress gateway tasks when policies match on source.
 * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/
 */
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { DestinationRule } from '../../imports/networking.istio.io';
import { hostLabel, metadataFor } from './labels';
import { Team } from './team';
import { TeamGateway } from './team-gateway';

export class EgressGatewayMtls extends Construct {
  /** The one instance for `team` and `gateway`, made on first use. */
  public static of(team: Team, gateway: TeamGateway): EgressGatewayMtls {
    const id = `EgressMtls-${gateway.namespace}-${gateway.name}`;
    return (team.node.tryFindChild(id) as EgressGatewayMtls | undefined) ?? new EgressGatewayMtls(team, id, team, gateway);
  }

  private readonly subsets = new Map<string, { host: string; port: number }>();

  private constructor(scope: Construct, id: string, team: Team, gateway: TeamGateway) {
    super(scope, id);
    const name = gateway.namespace === team.namespace ? `${gateway.name}-mtls` : `${gateway.namespace}-${gateway.name}-mtls`;
    new DestinationRule(this, 'DestinationRule', {
      metadata: metadataFor(name, team.namespace),
      spec: {
        host: gateway.serviceHost,
        exportTo: ['.'],
        subsets: Lazy.any({ produce: () => this.renderSubsets() }),
      },
    });
  }

  /** Adds the subset for `host` (sent to gateway port `port`); returns the subset name. */
  public addHost(host: string, port: number): string {
    const subset = hostLabel(host);
    this.subsets.set(subset, { host, port });
    return subset;
  }

  private renderSubsets(): unknown[] {
    return [...this.subsets.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, { host, port }]) => ({
      name,
      trafficPolicy: { portLevelSettings: [{ port: { number: port }, tls: { mode: 'ISTIO_MUTUAL', sni: host } }] },
    }));
  }
}
