/**
 * Sidecar workload selectors (sidecar.SelectorAnalyzer, with DefaultSelectorAnalyzer's check):
 * IST0101 a selector that picks no pod in its namespace; IST0110 two Sidecars selecting the same
 * pod; IST0111 more than one Sidecar without selector in a namespace; IST0167 a Sidecar that
 * cannot act because its pods (or namespace) run ambient, without sidecars.
 */
import { MeshModel, Resource, Workload } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { selectorString, workloadId } from '../support/gateways';
import { namespaceInAmbient, workloadInAmbient } from '../support/injection';
import { append } from '../../model/per-model';

export const sidecarSelectors: Rule = {
  code: 'IST0101/IST0110/IST0111/IST0167',
  description: 'Sidecar selectors pick pods, no two Sidecars pick the same pod, one selector-less Sidecar per namespace',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    const sidecarsOfPod = new Map<string, { workload: Workload; sidecars: Resource[] }>();
    const namespaceWide = new Map<string, Resource[]>();
    for (const sidecar of model.ofKind('Sidecar')) {
      const labels = selectorLabels(sidecar);
      if (!labels) {
        append(namespaceWide, sidecar.namespace, sidecar);
        continue;
      }
      const pods = model.workloadsSelectedBy(labels, sidecar.namespace);
      if (pods.length === 0) {
        out.push(finding(sidecar, 'IST0101', 'error', `Referenced selector not found: "${selectorString(labels)}".`,
          `label the pods in namespace ${sidecar.namespace} with ${selectorString(labels)}, or correct workloadSelector.labels`));
      }
      for (const workload of pods) {
        const entry = sidecarsOfPod.get(workloadId(workload)) ?? { workload, sidecars: [] };
        entry.sidecars.push(sidecar);
        sidecarsOfPod.set(workloadId(workload), entry);
      }
    }

    // A Sidecar is reported ineffective once, even when several of its pods run ambient.
    const ineffective = new Set<Resource>();
    for (const { workload, sidecars } of [...sidecarsOfPod.values()].sort((a, b) => cmp(workloadId(a.workload), workloadId(b.workload)))) {
      if (workloadInAmbient(workload)) {
        for (const sidecar of sidecars) ineffective.add(sidecar);
        continue;
      }
      if (sidecars.length < 2) continue;
      const names = `[${sidecars.map((s) => s.name).join(' ')}]`;
      for (const sidecar of sidecars) {
        out.push(finding(sidecar, 'IST0110', 'error',
          `The Sidecars ${names} in namespace "${workload.namespace}" select the same workload pod "${workload.name}", which can lead to undefined behavior.`,
          'make the workload selectors disjoint, or merge the Sidecars into one'));
      }
    }
    for (const sidecar of ineffective) out.push(ineffectiveSidecar(sidecar, 'selected workload is in ambient mode, the policy has no impact'));

    for (const [namespace, sidecars] of namespaceWide) {
      if (namespaceInAmbient(model, namespace)) {
        for (const sidecar of sidecars) if (!ineffective.has(sidecar)) out.push(ineffectiveSidecar(sidecar, 'namespace is in ambient mode, the policy has no impact'));
        continue;
      }
      if (sidecars.length < 2) continue;
      const names = `[${sidecars.map((s) => s.name).join(' ')}]`;
      for (const sidecar of sidecars) {
        out.push(finding(sidecar, 'IST0111', 'error',
          `The Sidecars ${names} in namespace "${namespace}" have no workload selector, which can lead to undefined behavior.`,
          'keep one Sidecar without workloadSelector per namespace; give the others a workloadSelector'));
      }
    }
    return out;
  },
};

/** `workloadSelector.labels` when non-empty; undefined for a namespace-wide Sidecar. */
function selectorLabels(sidecar: Resource): Record<string, string> | undefined {
  const labels = sidecar.spec.workloadSelector?.labels;
  return labels && typeof labels === 'object' && Object.keys(labels).length > 0 ? labels : undefined;
}

function ineffectiveSidecar(sidecar: Resource, reason: string): Finding {
  return finding(sidecar, 'IST0167', 'warning', `The policy has no impact: ${reason}.`,
    'ambient pods have no sidecar to configure: remove the Sidecar, or take the pods out of ambient mode');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
