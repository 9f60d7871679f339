/**
 * CIT107: a mesh VirtualService or a ServiceEntry in namespace A declares a host that belongs to a
 * Kubernetes Service of namespace B (`<svc>.<B>.svc.cluster.local`, or a wildcard covering B's
 * Services) and is exported beyond A (no `exportTo` means `*`). Callers in other namespaces then
 * see A's routes or A's registry entry for B's service:
 * - sidecars import every mesh VirtualService exported to their namespace (istiod:
 *   model/sidecar.go SelectVirtualServices over VirtualServicesForGateway(ns, "mesh")), so A's
 *   routes join — or displace — B's for that host;
 * - a ServiceEntry with B's host is a second service of that name; a caller outside both
 *   namespaces gets an arbitrary one of the two (istiod: model/sidecar.go selectServices,
 *   "if neither are in configNamespace, an arbitrary one will be chosen").
 * With `exportTo: ["."]` only A's own callers are affected, which is A's business.
 *
 * DestinationRules are not reported: istiod applies a DestinationRule to a caller only from the
 * caller's namespace, the service's namespace or the root namespace (model/push_context.go
 * destinationRule, steps 1–4), so A's rule for B's host never reaches a third namespace, whatever
 * its exportTo. The root namespace is the mesh operator's and may configure every namespace.
 */
import { hostCovers, isWildcard, MeshModel, Resource, resolveHost, serviceNamespaceOf } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { arr } from '../support/schema';
import { isMeshBound } from '../support/virtualservice';

export const foreignServiceHosts: Rule = {
  code: 'CIT107',
  description: 'No mesh VirtualService or ServiceEntry for another namespace\'s Service host is exported beyond its own namespace',
  run(model: MeshModel): Finding[] {
    const candidates = [...model.ofKind('VirtualService').filter(isMeshBound), ...model.ofKind('ServiceEntry')]
      .filter((r) => r.namespace !== model.environment.rootNamespace && exportedBeyondOwnNamespace(r));
    const out: Finding[] = [];
    for (const resource of candidates) {
      const byOwner = new Map<string, Set<string>>();
      for (const written of arr(resource.spec.hosts).filter((h): h is string => typeof h === 'string')) {
        const host = resolveHost(written, resource.namespace);
        for (const owner of ownerNamespaces(model, host)) {
          if (owner === resource.namespace) continue;
          byOwner.set(owner, (byOwner.get(owner) ?? new Set()).add(host));
        }
      }
      for (const [owner, hosts] of [...byOwner].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        out.push(finding(resource, 'CIT107', 'error',
          `${resource.kind} ${resource.namespace}/${resource.name} declares ${[...hosts].sort().join(', ')} of namespace ${owner}'s Service(s) and is exported to ${exportToText(resource)}, beyond namespace ${resource.namespace}: it changes ${owner}'s traffic for callers in other namespaces.`,
          `set exportTo: ["."] so that it only affects namespace ${resource.namespace}'s callers, or leave the host's configuration to namespace ${owner}`));
      }
    }
    return out;
  },
};

/** Whether `exportTo` lets namespaces other than the resource's own see it (absent or empty = `*`). */
function exportedBeyondOwnNamespace(resource: Resource): boolean {
  const exportTo = arr(resource.spec.exportTo).filter((e): e is string => typeof e === 'string');
  if (exportTo.length === 0) return true;
  return exportTo.some((e) => e !== '.' && e !== '~' && e !== resource.namespace);
}

function exportToText(resource: Resource): string {
  const exportTo = arr(resource.spec.exportTo);
  return exportTo.length === 0 ? 'every namespace (no exportTo)' : `[${exportTo.join(' ')}]`;
}

/**
 * The namespaces whose Kubernetes Services a host names: the namespace in a
 * `<svc>.<ns>.svc.cluster.local` name (or `*.<ns>.svc.cluster.local`), else, for a broader
 * wildcard, the namespaces of the Services it covers.
 */
function ownerNamespaces(model: MeshModel, host: string): string[] {
  const named = serviceNamespaceOf(host);
  if (named !== undefined && named !== '*') return [named];
  if (!isWildcard(host)) return [];
  const owners = new Set<string>();
  for (const service of model.services.values()) if (service.resource && hostCovers(host, service.host)) owners.add(service.namespace);
  return [...owners];
}
