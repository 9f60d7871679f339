/**
 * Which API a team's traffic is written in. Both mean the same in a cluster: the Gateway API form
 * follows Istio's own translation of Gateway API objects (pilot/pkg/config/kube/gateway), and
 * a feature the Gateway API cannot express fails at construction (CIT020) instead of being dropped.
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
 */
export class TrafficApi {
  /**
   * Istio's networking APIs: Gateway, VirtualService, DestinationRule (subsets).
   * @see https://istio.io/latest/docs/reference/config/networking/
   */
  public static readonly ISTIO = new TrafficApi('istio', "Istio's APIs (Gateway, VirtualService, DestinationRule)");

  /**
   * The Kubernetes Gateway API v1.5.1 (standard channel) as Istio 1.30 implements it: Gateway
   * (`gatewayClassName: istio`, deployed by Istio), HTTPRoute, TLSRoute, ReferenceGrant, and one
   * Service per version instead of subsets.
   * @see https://gateway-api.sigs.k8s.io/
   */
  public static readonly GATEWAY_API = new TrafficApi('gateway-api', 'the Kubernetes Gateway API (Gateway, HTTPRoute, TLSRoute, ReferenceGrant)');

  /** `istio` or `gateway-api`. */
  public readonly name: string;
  /** How messages name the API. */
  public readonly description: string;

  private constructor(name: string, description: string) {
    this.name = name;
    this.description = description;
  }
}
