/**
 * IST0174 (DestinationRule host is no known service) and IST0173 (a subset selects no pods), as
 * destinationrule.PodNotSelectedAnalyzer. Pods are the pod templates of the workloads in the
 * manifests; a subset selects pods carrying the Service selector plus the subset labels, where
 * a pod's labels include its node's topology labels as the registry adds them (AugmentLabels):
 * a subset by zone or region is not reported for pods whose node the manifests do not show.
 */
import { hostCovers, labelsMatch, MeshModel, Resource, resolveHost, Workload } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { lookupHost, RegistryEntry } from '../support/registry';
import { arr } from '../support/schema';
import { endpointLabels, NODE_TOPOLOGY_LABELS, selectorMayMatch } from '../support/topology';

export const destinationRuleHosts: Rule = {
  code: 'IST0173/IST0174',
  description: 'DestinationRule hosts exist and every subset selects pods',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const dr of model.ofKind('DestinationRule')) {
      const host = dr.spec.host;
      if (typeof host !== 'string' || host === '') continue;
      const entry = lookupHost(model, host, dr.namespace);
      if (!entry) {
        if (host.startsWith('*') && wildcardCoversSomething(model, resolveHost(host, dr.namespace))) continue;
        out.push(finding(dr, 'IST0174', 'warning', `The host ${host} defined in the DestinationRule does not match any services in the mesh.`,
          `use the FQDN of an existing Service (<name>.<namespace>.svc.cluster.local) or add a ServiceEntry for ${host}`));
        continue;
      }
      for (const subset of arr(dr.spec.subsets)) {
        if (typeof subset?.name !== 'string') continue;
        if (subsetSelectsPods(model, entry, subset.labels ?? {})) continue;
        out.push(finding(dr, 'IST0173', 'warning',
          `The Subset ${subset.name} defined in the DestinationRule does not select any pods, which may lead to 503 UH (NoHealthyUpstream) (labels ${JSON.stringify(subset.labels ?? {})} on ${entry.kind} ${entry.host}).`,
          `make subset ${subset.name}'s labels match the pod template labels of a workload behind ${entry.host}, or deploy that version`));
      }
    }
    return out;
  },
};

function subsetSelectsPods(model: MeshModel, entry: RegistryEntry, labels: Record<string, string>): boolean {
  if (entry.service) return someEndpointMatches(model, { ...(entry.service.selector ?? {}), ...labels }, entry.service.namespace);
  const se = entry.serviceEntry as Resource;
  const workloadLabels = se.spec.workloadSelector?.labels;
  if (workloadLabels) return someEndpointMatches(model, { ...workloadLabels, ...labels }, se.namespace);
  // Endpoints of an external entry carry their own labels.
  return arr(se.spec.endpoints).some((ep) => labelsMatch(labels, ep?.labels ?? {}));
}

/** Whether a workload in `namespace` has endpoints the selector (topology labels included) may select. */
function someEndpointMatches(model: MeshModel, selector: Record<string, string>, namespace: string): boolean {
  const podPart = Object.fromEntries(Object.entries(selector).filter(([key]) => !NODE_TOPOLOGY_LABELS.includes(key)));
  return model.workloadsSelectedBy(podPart, namespace).some((w: Workload) => selectorMayMatch(selector, endpointLabels(model, w)));
}

/** A wildcard DestinationRule (e.g. `*.local` for mesh-wide TLS) is fine when it covers some known host. */
function wildcardCoversSomething(model: MeshModel, pattern: string): boolean {
  if ([...model.services.keys()].some((h) => hostCovers(pattern, h))) return true;
  return model.ofKind('ServiceEntry').some((se) => arr(se.spec.hosts).some((h) => typeof h === 'string' && hostCovers(pattern, resolveHost(h, se.namespace))));
}
