/**
 * The L3/L4 backstop of a team's egress lockdown. REGISTRY_ONLY and the egress gateway are
 * enforced by the sidecar, which a workload could bypass (a pod without injection, a container
 * running as the proxy's UID); Istio's security best practices pair them with NetworkPolicies.
 * The team's pods may reach DNS, istiod, pods of in-mesh namespaces, and — only where an
 * `ExternalEgress` calls a host directly — the external ports it declared. Egress gateway pods may
 * reach the external ports of the hosts routed through them.
 * @see https://istio.io/latest/docs/ops/best-practices/security/#use-kubernetes-network-policies
 */
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { metadataFor } from './labels';

/** Options for a team's NetworkPolicies. */
export interface TeamNetworkPoliciesProps {
  /**
   * The team's namespace.
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   */
  readonly namespace: string;
}

const ANYWHERE = [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }];

/** Egress NetworkPolicies of one team namespace; constructs add the external ports they need. */
export class TeamNetworkPolicies extends Construct {
  private readonly namespace: string;
  private readonly directPorts = new Set<number>();
  private readonly gateways = new Map<string, { labels: Record<string, string>; ports: Set<number> }>();

  constructor(scope: Construct, id: string, props: TeamNetworkPoliciesProps) {
    super(scope, id);
    this.namespace = props.namespace;
    new k8s.KubeNetworkPolicy(this, 'Egress', {
      metadata: metadataFor('egress', this.namespace),
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: Lazy.any({ produce: () => this.renderTeamEgress() }),
      },
    });
  }

  /** Sidecars of this team connect to an external host directly on `port`. */
  public allowDirectEgress(port: number): void {
    this.directPorts.add(port);
  }

  /** The egress gateway with pods `labels` connects to external hosts on `port`. */
  public allowGatewayEgress(gatewayName: string, labels: Record<string, string>, port: number): void {
    let gateway = this.gateways.get(gatewayName);
    if (!gateway) {
      gateway = { labels, ports: new Set() };
      this.gateways.set(gatewayName, gateway);
      new k8s.KubeNetworkPolicy(this, `Gateway-${gatewayName}`, {
        metadata: metadataFor(`${gatewayName}-egress`, this.namespace),
        spec: {
          podSelector: { matchLabels: labels },
          policyTypes: ['Egress'],
          egress: Lazy.any({ produce: () => [{ to: ANYWHERE, ports: tcpPorts(gateway!.ports) }] }),
        },
      });
    }
    gateway.ports.add(port);
  }

  private renderTeamEgress(): unknown[] {
    const rules: unknown[] = [
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) }],
      },
      {
        // xDS and certificates (15012); the sidecar injector's webhook is called by the API server, not by pods.
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { app: 'istiod' } } }],
        ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(15012) }],
      },
      // Mesh peers: every namespace with sidecar injection on (the teams of this library are).
      { to: [{ namespaceSelector: { matchLabels: { 'istio-injection': 'enabled' } } }] },
    ];
    if (this.directPorts.size > 0) rules.push({ to: ANYWHERE, ports: tcpPorts(this.directPorts) });
    return rules;
  }
}

function tcpPorts(ports: Set<number>): unknown[] {
  return [...ports].sort((a, b) => a - b).map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }));
}
