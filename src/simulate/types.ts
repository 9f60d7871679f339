/**
 * The public shapes of the route simulator: what a request looks like and what the trace says.
 * Everything is readonly: a trace is an answer, not something to edit.
 */

/** A request entering at a Gateway's pods: `ns/name` of a Gateway resource. */
export interface GatewaySource {
  /**
   * `namespace/name` of a Gateway; the simulator finds the pods it selects: an Istio Gateway's
   * (networking.istio.io) when one has this name, else a Gateway API Gateway's (the automated
   * deployment `<name>-istio`), else a gateway workload of this name.
   */
  readonly gateway: string;
}

/** A request leaving a mesh workload through its sidecar (outbound). */
export interface WorkloadSource {
  /** The calling pod's namespace. */
  readonly namespace: string;
  /** The calling pod's labels (for `sourceLabels` and workload-selected Sidecars). */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * The pods' ServiceAccount, which makes their identity
   * `spiffe://<trustDomain>/ns/<namespace>/sa/<serviceAccount>`.
   * @default - the `serviceAccountName` of the first workload in the namespace whose pods carry `labels`, else `default`
   */
  readonly serviceAccount?: string;
}

export type RequestSource = GatewaySource | WorkloadSource;

export interface ExplainRequest {
  readonly from: RequestSource;
  /**
   * The Host/authority. From a workload a short name is resolved through the caller namespace's
   * DNS search path (`cart` from `shop` → `cart.shop.svc.cluster.local`). A `:port` suffix is
   * ignored for virtual-host selection.
   */
  readonly host: string;
  /** The port the request is sent to. @default 80, or 443 with `scheme: 'https'` */
  readonly port?: number;
  /** @default 'GET' */
  readonly method?: string;
  /**
   * `https` makes the client open TLS with the host as SNI: at a gateway, the HTTPS/TLS server
   * (filter chain) is chosen by that name.
   * @default 'http'
   */
  readonly scheme?: string;
  /** Path, may carry `?query`. Must start with `/`. */
  readonly path: string;
  /** Header names are case-insensitive. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as a `cookie` header (`k=v; k2=v2`, as browsers do), after any `cookie` header given. */
  readonly cookies?: Readonly<Record<string, string>>;
  /**
   * The validated JWT principal `iss/sub` (`request.auth.principal`, `requestPrincipals`).
   * @default - none: the request carries no token, so `requestPrincipals` never match
   */
  readonly requestPrincipal?: string;
  /**
   * The client's IP address as the first proxy sees it (`ipBlocks`, `remoteIpBlocks`).
   * @default - unknown: IP conditions never match (and `notIpBlocks` always do)
   */
  readonly sourceIp?: string;
  /**
   * With `scheme: 'https'` at a gateway: whether the client presents a certificate in the TLS
   * handshake (a MUTUAL server requires one).
   * @default false
   */
  readonly clientCertificate?: boolean;
}

/**
 * Header changes of one route or one `route[]` entry (VirtualService `headers.request` /
 * `headers.response`), names lower-cased, as Envoy applies them: `remove` first, then `set`
 * (overwrite), then `add` (append).
 */
export interface HeaderChanges {
  readonly set?: Readonly<Record<string, string>>;
  readonly add?: Readonly<Record<string, string>>;
  readonly remove?: readonly string[];
}

/**
 * TLS on a hop: terminated or passed through by a gateway server, or originated by the calling
 * proxy (DestinationRule `tls`).
 */
export interface TlsHandling {
  readonly action: 'terminated' | 'passthrough' | 'originated';
  /** SIMPLE, MUTUAL, ISTIO_MUTUAL, PASSTHROUGH, AUTO_PASSTHROUGH. */
  readonly mode: string;
  /** The server name the client sends. */
  readonly sni?: string;
  /** Originated: `host:port` the TLS connection goes to (the ServiceEntry's targetPort). */
  readonly to?: string;
  /** Originated: the CA the proxy verifies the server with (`system` roots when unset). */
  readonly caCertificates?: string;
  /** `Gateway ns/name <server>` or `DestinationRule ns/name`. */
  readonly source: string;
  /** Terminated at a gateway: the caller's side of the handshake, e.g. `DestinationRule echo/egress-mtls ISTIO_MUTUAL`. */
  readonly client?: string;
}

/**
 * `denied`: an AuthorizationPolicy answers 403 at a proxy on the way. `reset`: the destination
 * requires mutual TLS (PeerAuthentication STRICT) and the caller sends something else, or a
 * gateway closes the connection in the TLS handshake (no filter chain for the SNI, plaintext to a
 * TLS port, TLS to a plaintext one, a MUTUAL server without a client certificate); a calling
 * proxy reports it as 503.
 */
export type Outcome = 'routed' | 'no-virtual-host' | 'no-route' | 'blocked' | 'redirect' | 'direct-response' | 'fault' | 'denied' | 'reset';

/** Why a proxy refused the request: the policy, its rule and what matched (or did not). */
export interface Denial {
  /** `AuthorizationPolicy ns/name`, `no ALLOW policy matched`, or `PeerAuthentication ns/name` (reset). */
  readonly policy: string;
  /** Index in the policy's `rules` (DENY rules). */
  readonly rule?: number;
  /** For people: what matched, or which policies were consulted and why none admitted the request. */
  readonly reason: string;
  /** `Kind ns/name` of the workload whose proxy refused it. */
  readonly at: string;
}

/** Where a destination's host is registered. */
export type RegistryKind = 'service' | 'service-entry' | 'none';

export interface ExplainedDestination {
  /** Resolved host (FQDN for Kubernetes services). */
  readonly host: string;
  readonly port?: number;
  readonly subset?: string;
  /** Probability in [0, 1] that a request takes this destination. */
  readonly share: number;
  /** Names of the workloads (Deployments…) whose pods would receive it; `[]` for external hosts. */
  readonly workloads: readonly string[];
  /** The path (with query) the destination receives, after rewrites. */
  readonly path: string;
  /** The Host/authority the destination receives. */
  readonly authority: string;
  readonly registry: RegistryKind;
  /** Problems Envoy would hit (unknown subset, no pods…), for people. */
  readonly notes: readonly string[];
  /** Set when the destination's proxy refuses the request (403, or a reset for mTLS). */
  readonly denial?: Denial;
  /** Header changes of the `route[]` entry that chose this destination (applied with the hop's). */
  readonly requestHeaders?: HeaderChanges;
  readonly responseHeaders?: HeaderChanges;
  /** The request headers this destination receives, when a route on the way changed them. */
  readonly headers?: Readonly<Record<string, string>>;
  /** TLS the last proxy originates to this destination (DestinationRule `tls`). */
  readonly tls?: TlsHandling;
  /**
   * Set when the proxy answers this share itself instead of forwarding it: 500 for a Gateway API
   * backendRef that is invalid (not found, not permitted by a ReferenceGrant, unsupported kind).
   */
  readonly status?: number;
}

export interface RouteFault {
  readonly abort?: { readonly status: number; readonly percent: number };
  readonly delay?: { readonly fixedDelay: string; readonly percent: number };
}

/** One proxy the request passes through. */
export interface Hop {
  readonly proxy: 'gateway' | 'sidecar';
  /** `Kind ns/name` of the gateway workload, or `ns {labels}` of the calling workload. */
  readonly at: string;
  readonly port: number;
  /** Host the proxy routed on. */
  readonly host: string;
  /** `ns/name` of the Gateway whose server took the request (gateway hops). */
  readonly gateway?: string;
  /** The server, e.g. `http HTTP:80 [example.com]`. */
  readonly server?: string;
  /** The virtual host picked (gateway hops), e.g. `*.example.com`. */
  readonly virtualHost?: string;
  /** `ns/name` of the VirtualService whose rule matched (or the one consulted, when none matched); unset for a Gateway API route (see `route`). */
  readonly virtualService?: string;
  /**
   * The Gateway API route whose rule matched (or was consulted): `HTTPRoute ns/name` or
   * `TLSRoute ns/name`; `ruleIndex` and `ruleName` are then its `rules[]` index and name.
   */
  readonly route?: string;
  /** `ns/name` of the VirtualService istiod derived from `route` (what `istioctl` shows). */
  readonly derivedVirtualService?: string;
  /** The Gateway API listener (name) that took the request; `gateway` is then the Gateway API Gateway. */
  readonly listener?: string;
  readonly ruleIndex?: number;
  readonly ruleName?: string;
  /** Index of the `match` entry that matched (of the HTTPRoute rule's `matches` for a Gateway API route); undefined for a rule without `match`. */
  readonly matchIndex?: number;
  /** `ns/name` of the delegate VirtualService whose merged rule matched (`http[].delegate` of `virtualService`). */
  readonly delegate?: string;
  /** Index of the matched rule in the delegate's `http`. */
  readonly delegateRuleIndex?: number;
  /** Index of the matched entry in that delegate rule's `match`; undefined when it has none. */
  readonly delegateMatchIndex?: number;
  /** `ns/name` of the DestinationRule looked up for subsets, per destination host. */
  readonly destinationRules?: readonly string[];
  readonly timeout?: string;
  readonly retries?: Readonly<Record<string, unknown>>;
  readonly fault?: RouteFault;
  readonly mirror?: string;
  /** Header changes of the matched rule (`headers`), before the destination's own. */
  readonly requestHeaders?: HeaderChanges;
  readonly responseHeaders?: HeaderChanges;
  /** How the gateway handled the connection's TLS (HTTPS/TLS servers). */
  readonly tls?: TlsHandling;
  readonly notes: readonly string[];
}

export interface Explanation {
  readonly request: NormalizedRequest;
  readonly outcome: Outcome;
  /** HTTP status for redirect, direct-response, fault, no-virtual-host (404), blocked (502), no-route (404), denied (403), reset (503 when a calling proxy reports it; none when a client outside the mesh sees its connection closed). */
  readonly status?: number;
  /**
   * For `denied` and `reset`: the first refusal on the way. A failed TLS handshake at a gateway
   * is a `reset` by `Gateway ns/name <server>` (or `Gateway listener <port>` when no filter chain matches).
   */
  readonly denial?: Denial;
  /** Redirect target. */
  readonly location?: string;
  /** directResponse body, if any. */
  readonly body?: string;
  readonly destinations: readonly ExplainedDestination[];
  readonly hops: readonly Hop[];
  /** The request path (with query) after MeshConfig `pathNormalization`, as routes match it. */
  readonly normalizedPath: string;
}

/** The request after defaults and parsing; what the matchers read. */
export interface NormalizedRequest {
  readonly from: RequestSource;
  /** Host as given, lower-cased (the `:authority`). */
  readonly authority: string;
  /** Host without port, resolved through the DNS search path for workload callers. */
  readonly host: string;
  readonly port: number;
  readonly method: string;
  readonly scheme: string;
  /**
   * Path with query after MeshConfig `pathNormalization` (default BASE: `..`/`.` segments
   * resolved, `\\` → `/`): what Envoy routes on and forwards.
   */
  readonly path: string;
  /** The path with query as given, before normalization. */
  readonly originalPath: string;
  /** Normalized path without query string: what `uri` matches. */
  readonly pathOnly: string;
  /** `?…` part including `?`, or `''`. */
  readonly query: string;
  readonly queryParams: ReadonlyMap<string, string>;
  /** Lower-cased header names. */
  readonly headers: ReadonlyMap<string, string>;
  readonly requestPrincipal?: string;
  readonly sourceIp?: string;
  readonly clientCertificate: boolean;
}
