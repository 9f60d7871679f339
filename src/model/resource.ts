/**
 * One Kubernetes object as the model sees it: identity, labels, spec and where it came from.
 */
import { groupOf } from './kinds';

/** Where a document was read from, for `file:line` messages. */
export interface SourceLocation {
  readonly file: string;
  /** 1-based line of the document's first line. */
  readonly line: number;
}

export interface Resource {
  readonly apiVersion: string;
  /** API group of `apiVersion` (`networking.istio.io`, `apps`, `''` for core): with `kind`, the object's type. */
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** `''` for cluster-scoped kinds; `default` for namespaced objects that name none (as kubectl does). */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The object's `spec` (`{}` when absent). */
  readonly spec: any;
  /** The whole object as read. */
  readonly object: any;
  readonly source?: SourceLocation;
  /**
   * Position in the input. Manifests carry no creation time before they are applied, so the
   * order in which they are given stands in for it wherever Istio orders by creation time.
   */
  readonly order: number;
  /**
   * Set on the Istio-shaped objects istiod derives from Gateway API objects (see src/gateway-api):
   * the HTTPRoute/TLSRoute/Gateway a derived VirtualService or Gateway was translated from, so
   * that every message names what the user wrote.
   */
  readonly derivedFrom?: Resource;
}

/** Kinds that live outside namespaces. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume',
  'StorageClass', 'PriorityClass', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'IngressClass', 'Node', 'APIService',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** `Kind namespace/name`, or `Kind name` for cluster-scoped objects: how every message names a resource. */
export function describeResource(resource: Pick<Resource, 'kind' | 'namespace' | 'name'>): string {
  return resource.namespace ? `${resource.kind} ${resource.namespace}/${resource.name}` : `${resource.kind} ${resource.name}`;
}

export function toResource(object: any, order: number, source?: SourceLocation): Resource {
  const metadata = object.metadata ?? {};
  const kind = String(object.kind);
  const apiVersion = String(object.apiVersion);
  return {
    apiVersion,
    group: groupOf(apiVersion),
    kind,
    name: String(metadata.name),
    namespace: isClusterScoped(kind) ? '' : String(metadata.namespace ?? 'default'),
    labels: metadata.labels ?? {},
    annotations: metadata.annotations ?? {},
    spec: object.spec ?? {},
    object,
    source,
    order,
  };
}
