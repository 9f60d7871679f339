/**
 * Workload identities as Istio issues them: the SPIFFE URI
 * `spiffe://<trustDomain>/ns/<namespace>/sa/<serviceAccount of the pods>` (pkg/spiffe). Policies
 * write the principal without the `spiffe://` scheme.
 */
import { MeshModel } from '../../model/mesh-model';
import { labelsMatch, Workload } from '../../model/workload';

export const SPIFFE_PREFIX = 'spiffe://';

export function principalOf(model: MeshModel, namespace: string, serviceAccount: string): string {
  return `${model.environment.trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

export function workloadPrincipal(model: MeshModel, workload: Workload): string {
  return principalOf(model, workload.namespace, workload.serviceAccount);
}

/** The workload a `{ namespace, labels }` caller stands for: the first in input order whose pods carry the labels. */
export function callerWorkload(model: MeshModel, namespace: string, labels: Readonly<Record<string, string>>): Workload | undefined {
  return model.workloadsSelectedBy(undefined, namespace).find((w) => labelsMatch(labels, w.podLabels));
}
