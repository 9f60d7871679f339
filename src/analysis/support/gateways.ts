/**
 * Gateway pods: which workloads a Gateway's selector picks (in every namespace, as istiod does
 * unless PILOT_SCOPE_GATEWAY_TO_NAMESPACE is set) and which Services expose them.
 */
import { labelsMatch, MeshModel, Resource, ServiceInfo, Workload } from '../../model';

/** The workloads whose pods a Gateway's `selector` matches. */
export function gatewayWorkloads(model: MeshModel, gateway: Resource): Workload[] {
  return model.workloadsSelectedBy(selectorOf(gateway));
}

/** The Gateway's selector (`{}` when absent). */
export function selectorOf(gateway: Resource): Record<string, string> {
  const selector = gateway.spec.selector;
  return selector && typeof selector === 'object' && !Array.isArray(selector) ? selector : {};
}

/** A selector rendered like Kubernetes' `labels.SelectorFromSet(...).String()`: sorted `k=v` pairs. */
export function selectorString(selector: Readonly<Record<string, string>>): string {
  return Object.keys(selector).sort().map((k) => `${k}=${selector[k]}`).join(',');
}

/** Services in the workload's namespace whose (non-empty) selector picks its pods. */
export function servicesSelecting(model: MeshModel, workload: Workload): ServiceInfo[] {
  return [...model.services.values()].filter((s) =>
    s.namespace === workload.namespace && s.selector && Object.keys(s.selector).length > 0 && labelsMatch(s.selector, workload.podLabels));
}

/** A stable identity for a workload, to compare gateway pod sets. */
export function workloadId(w: Workload): string {
  return `${w.kind} ${w.namespace}/${w.name}`;
}
