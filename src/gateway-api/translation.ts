/**
 * What istiod makes of Gateway API objects, from manifests alone: the Istio-shaped Gateways and
 * VirtualServices it derives (pilot/pkg/config/kube/gateway), and the status conditions it would
 * write on the Gateway API objects. `explain` routes through the derived objects exactly like
 * through hand-written ones; `check` reports the conditions.
 *
 * This file is the contract between the translation (src/gateway-api/*), the simulator
 * (src/simulate) and check's rules (src/analysis/rules/gateway-api-*.ts).
 */
import { Resource } from '../model/resource';

/**
 * Annotation istiod puts on VirtualServices derived from Gateway API routes
 * (`constants.InternalRouteSemantics` = `gateway`): Envoy routes are then built with Gateway API
 * semantics (path-separated prefixes, prefix replacement as the spec defines it).
 */
export const ROUTE_SEMANTICS_ANNOTATION = 'internal.istio.io/route-semantics';
export const GATEWAY_ROUTE_SEMANTICS = 'gateway';

/** One status condition istiod would report on a Gateway API object (or one of its parents/listeners). */
export interface GatewayApiCondition {
  /** The Gateway, listener's Gateway, HTTPRoute, TLSRoute or ReferenceGrant the condition is written on. */
  readonly resource: Resource;
  /** For a route: the parentRef it concerns (`Gateway ns/name[/section]` or `Service ns/name`); for a Gateway: the listener name. */
  readonly scope?: string;
  /** Condition type: `Accepted`, `ResolvedRefs`, `Programmed`, `Conflicted`. */
  readonly type: string;
  /** Reason as istiod writes it: `NotAllowedByListeners`, `NoMatchingListenerHostname`, `RefNotPermitted`, `BackendNotFound`, `InvalidKind`, `HostnameConflict`, `ProtocolConflict`, `UnsupportedValue`, … */
  readonly reason: string;
  /** What istiod would say, in this library's words: which value, and why. */
  readonly message: string;
  /** JSON path of the offending field in `resource`, for `file:line` (e.g. `spec.rules[0].backendRefs[1]`). */
  readonly field?: string;
  /**
   * `warning` when the manifests alone cannot settle it (a Secret the manifests do not contain may
   * exist in the cluster) or only part of the object is affected; absent means `error`.
   */
  readonly severity?: 'error' | 'warning';
}

/** Everything derived from the model's Gateway API objects. */
export interface GatewayApiTranslation {
  /** Istio-shaped `networking.istio.io/v1` Gateways (one per Gateway API Gateway, as istiod builds them), with `derivedFrom`. */
  readonly gateways: readonly Resource[];
  /** Istio-shaped VirtualServices with the gateway route-semantics annotation and `derivedFrom`. */
  readonly virtualServices: readonly Resource[];
  /** Conditions that are not `True`/healthy: each one is a finding for `check`. */
  readonly conditions: readonly GatewayApiCondition[];
}
