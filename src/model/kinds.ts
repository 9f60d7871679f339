/**
 * Kinds are identified by API group and kind, as Kubernetes and istiod do (config.GroupVersionKind):
 * a Gateway API `Gateway` (gateway.networking.k8s.io) is not an Istio `Gateway`
 * (networking.istio.io), and a Knative `Service` is not a Kubernetes Service. The model asks by
 * kind name (`model.ofKind('Gateway')`); this table says which group that name means.
 */
import type { MeshModel } from './mesh-model';
import type { Resource } from './resource';

/** The API group of an `apiVersion`: `networking.istio.io/v1` → `networking.istio.io`, `v1` → `''` (core). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The Istio kinds this version knows, by API group (istio.io/api 1.30 CRDs). */
export const ISTIO_KINDS: Readonly<Record<string, readonly string[]>> = {
  'networking.istio.io': ['VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry', 'Sidecar', 'EnvoyFilter', 'WorkloadEntry', 'WorkloadGroup', 'ProxyConfig'],
  'security.istio.io': ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'],
  'telemetry.istio.io': ['Telemetry'],
  'extensions.istio.io': ['WasmPlugin', 'TrafficExtension'],
};

/** The Gateway API group (gateway.networking.k8s.io): its `Gateway` is istiod's gvk.KubernetesGateway. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/**
 * The kinds of GATEWAY_API_GROUP: the v1.5.1 standard channel's (the CRDs `check` validates
 * against), plus TCPRoute and UDPRoute, which the experimental channel defines in the same group
 * and istiod reads when installed. `Gateway` here is the Gateway API one: the name `Gateway`
 * alone keeps meaning the Istio Gateway (`ofKind('Gateway')`); read these with
 * `ofGroupKind(GATEWAY_API_GROUP, 'Gateway')` or `gatewayApiGateways(model)`.
 */
export const GATEWAY_API_KINDS: readonly string[] = [
  'GatewayClass', 'Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'ReferenceGrant', 'BackendTLSPolicy', 'ListenerSet', 'TCPRoute', 'UDPRoute',
];

/** The kinds a group defines, for the groups whose kinds this library knows (Istio's, the Gateway API's). */
export function kindsOfGroup(group: string): readonly string[] | undefined {
  return ISTIO_KINDS[group] ?? (group === GATEWAY_API_GROUP ? GATEWAY_API_KINDS : undefined);
}

/** The Gateway API Gateways of a model (its `ofKind('Gateway')` are the Istio ones). */
export function gatewayApiGateways(model: Pick<MeshModel, 'ofGroupKind'>): readonly Resource[] {
  return model.ofGroupKind(GATEWAY_API_GROUP, 'Gateway');
}

/** Non-Istio kinds the model and the rules read, with the group(s) each name stands for. */
const OTHER_KINDS: Readonly<Record<string, readonly string[]>> = {
  // core (apiVersion: v1)
  Service: [''], Pod: [''], Secret: [''], ConfigMap: [''], Namespace: [''], Node: [''], ServiceAccount: [''], Endpoints: [''],
  // apps; `extensions` is the pre-1.16 group some old manifests still name
  Deployment: ['apps', 'extensions'], StatefulSet: ['apps'], DaemonSet: ['apps', 'extensions'], ReplicaSet: ['apps', 'extensions'],
  Job: ['batch'], CronJob: ['batch'],
  Certificate: ['cert-manager.io'],
};

const KIND_GROUPS: ReadonlyMap<string, readonly string[]> = new Map([
  ...Object.entries(ISTIO_KINDS).flatMap(([group, kinds]) => kinds.map((kind) => [kind, [group]] as [string, readonly string[]])),
  // Every Gateway API kind but `Gateway`, which names the Istio one.
  ...GATEWAY_API_KINDS.filter((kind) => kind !== 'Gateway').map((kind) => [kind, [GATEWAY_API_GROUP]] as [string, readonly string[]]),
  ...Object.entries(OTHER_KINDS),
]);

/** The groups a kind name means, or undefined for kinds this library does not read (any group then). */
export function groupsOfKind(kind: string): readonly string[] | undefined {
  return KIND_GROUPS.get(kind);
}

/** Whether an object of `group`/`kind` is the kind that `kind` names here (`Gateway` + networking.istio.io, not the Gateway API one). */
export function isKnownAs(group: string, kind: string): boolean {
  const groups = KIND_GROUPS.get(kind);
  return groups === undefined || groups.includes(group);
}
