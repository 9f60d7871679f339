/**
 * CIT103: a VirtualService sends traffic to an external host (not a short or `*.svc.cluster.local`
 * name: a missing in-cluster Service is IST0101's business) that is in no registry visible to the
 * caller while the caller's namespace runs with outboundTrafficPolicy REGISTRY_ONLY: the proxy
 * answers 502 from the BlackHoleCluster (SEMANTICS §4). Callers are the VirtualService's namespace for
 * mesh-bound rules and the gateway pods' namespaces for Gateway-bound ones.
 */
import { CLUSTER_DOMAIN, MeshModel, Resource, resolveGatewayRef } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { gatewayWorkloads } from '../support/gateways';
import { lookupHost } from '../support/registry';
import { isMeshBound, mirrorDestinations, routeDestinations, vsGateways } from '../support/virtualservice';

export const registryOnly: Rule = {
  code: 'CIT103',
  description: 'Destinations are in the registry when the caller namespace is REGISTRY_ONLY',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const vs of model.ofKind('VirtualService')) {
      const callers = callerNamespaces(model, vs).filter((ns) => model.outboundPolicyFor(ns) === 'REGISTRY_ONLY');
      if (callers.length === 0) continue;
      for (const d of [...routeDestinations(vs), ...mirrorDestinations(vs)]) {
        if (!isExternalName(d.host)) continue;
        for (const ns of callers) {
          if (lookupHost(model, d.host, ns)) continue;
          out.push(finding(vs, 'CIT103', 'error',
            `Destination "${d.host}" (at ${d.where}) is in no service registry visible to namespace ${ns}, whose outbound traffic policy is REGISTRY_ONLY: calls get 502 from the BlackHoleCluster.`,
            `add a ServiceEntry for ${d.host} (location MESH_EXTERNAL, resolution DNS, with its ports) exported to ${ns}`));
        }
      }
    }
    return out;
  },
};

function isExternalName(host: string): boolean {
  return host.includes('.') && !host.endsWith(`.${CLUSTER_DOMAIN}`);
}

function callerNamespaces(model: MeshModel, vs: Resource): string[] {
  const namespaces = new Set<string>();
  if (isMeshBound(vs)) namespaces.add(vs.namespace);
  for (const ref of vsGateways(vs)) {
    if (ref === 'mesh') continue;
    const [ns, name] = resolveGatewayRef(ref, vs.namespace).split('/');
    const gateway = model.get('Gateway', ns, name);
    if (gateway) for (const w of gatewayWorkloads(model, gateway)) namespaces.add(w.namespace);
  }
  return [...namespaces].sort();
}
