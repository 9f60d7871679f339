/**
 * How a converted rule names its backends. HTTPRoute has no subsets: the constructs give every
 * version its own Service (`svc-v1`), so only they know which Service stands for
 * `{ host: svc.ns.svc.cluster.local, subset: v1 }` and which port it serves. The rule conversion
 * stays pure by asking this resolver.
 */

/** An Istio `Destination` as the rendered rules carry it. */
export interface IstioDestination {
  /** The host, fully qualified when it comes from a construct. */
  readonly host: string;
  /** The subset (a version), if any. */
  readonly subset?: string;
  /** The port, if the rule names one. */
  readonly port?: number;
}

/**
 * A Gateway API `BackendObjectReference` (HTTPRoute/TLSRoute `backendRefs[]`, RequestMirror
 * `backendRef`). A Service reference must carry `port` (the CRD's CEL and istiod's
 * buildDestination both reject one without).
 */
export interface BackendRef {
  /** API group: `''` (core) for a Service, `networking.istio.io` for an Istio `Hostname`. */
  readonly group?: string;
  /** `Service` (the default) or `Hostname` (a ServiceEntry host, istiod buildDestination). */
  readonly kind?: string;
  /** The Service name (never a host name: istiod rejects a name with dots for a Service). */
  readonly name: string;
  /** The backend's namespace when it is not the route's (needs a ReferenceGrant there). */
  readonly namespace?: string;
  /** The Service port: the destination's, else the service's own. */
  readonly port?: number;
}

/** Implemented by the constructs (src/constructs/route-backends.ts), which know the per-version Services. */
export interface BackendResolver {
  /**
   * The backendRef standing for `destination`; throws an `IstioTrafficError` naming `where` when
   * there is none (e.g. an unknown host).
   */
  backendRefFor(destination: IstioDestination, where: string): BackendRef;
}
