/**
 * Sidecar injection and ambient enrolment as Istio's analyzers judge them from labels alone
 * (pkg/config/analysis/analyzers/util: inMesh, PodInAmbientMode, NamespaceInAmbientMode).
 */
import { MeshModel, Workload } from '../../model';

export const INJECTION_LABEL = 'istio-injection';
export const REVISION_LABEL = 'istio.io/rev';
export const SIDECAR_INJECT = 'sidecar.istio.io/inject';
export const ISTIO_PROXY = 'istio-proxy';

/** The containers of a pod spec (`[]` when absent or malformed). */
export function containersOf(podSpec: any): any[] {
  return Array.isArray(podSpec?.containers) ? podSpec.containers.filter((c: unknown) => c && typeof c === 'object') : [];
}

/**
 * Whether the workload's pods run a sidecar — util.inMesh: an `istio-proxy` container with an
 * image; else the pod's `sidecar.istio.io/inject` label, else that annotation (`"true"` means
 * yes); else the namespace's `istio-injection=enabled` label (only when the Namespace is known).
 * The environment's assumed gateway runs a proxy by definition.
 */
export function workloadInMesh(model: MeshModel, workload: Workload): boolean {
  if (!workload.resource) return true;
  if (containersOf(workload.podSpec).some((c) => c.name === ISTIO_PROXY && typeof c.image === 'string' && c.image !== '')) return true;
  const label = workload.podLabels[SIDECAR_INJECT];
  if (label !== undefined) return label === 'true';
  const annotation = workload.podAnnotations?.[SIDECAR_INJECT];
  if (annotation !== undefined) return annotation === 'true';
  const namespace = model.namespaceResource(workload.namespace);
  return namespace !== undefined && namespace.labels[INJECTION_LABEL] === 'enabled';
}

/** util.PodInAmbientMode: the pod carries `ambient.istio.io/redirection: enabled` (set by the CNI node agent). */
export function workloadInAmbient(workload: Workload): boolean {
  return workload.podAnnotations?.['ambient.istio.io/redirection'] === 'enabled';
}

/**
 * util.NamespaceInAmbientMode: the Namespace is labelled `istio.io/dataplane-mode=ambient` and
 * has neither `istio-injection=enabled` nor a non-empty `istio.io/rev`.
 */
export function namespaceInAmbient(model: MeshModel, namespace: string): boolean {
  const ns = model.namespaceResource(namespace);
  if (!ns) return false;
  if (ns.labels[INJECTION_LABEL] === 'enabled') return false;
  if (ns.labels[REVISION_LABEL]) return false;
  return ns.labels['istio.io/dataplane-mode'] === 'ambient';
}
