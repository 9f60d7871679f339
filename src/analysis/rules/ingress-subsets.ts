/**
 * IST0140: a Gateway-bound VirtualService routes to a host without a subset while another
 * VirtualService for that host splits it by subsets. Gateway routes go straight to the service,
 * so the subset routing of the mesh VirtualService does not apply to ingress traffic
 * (virtualservice.DestinationHostAnalyzer.analyzeSubset). Hosts compare as FQDNs.
 */
import { MeshModel, Resource, resolveHost } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { arr } from '../support/schema';

export const ingressSubsets: Rule = {
  code: 'IST0140',
  description: 'Ingress routes do not bypass the subset routing of a VirtualService for the same host',
  run(model: MeshModel): Finding[] {
    // VirtualServices that route their own host to subsets: host FQDN -> those VirtualServices.
    const subsetRouters = new Map<string, Resource[]>();
    for (const vs of model.ofKind('VirtualService')) {
      const ownHosts = new Set(arr(vs.spec.hosts).filter((h) => typeof h === 'string').map((h) => resolveHost(h, vs.namespace)));
      for (const rule of arr(vs.spec.http)) {
        for (const rd of arr(rule?.route)) {
          const d = rd?.destination;
          if (!d?.subset || typeof d.host !== 'string') continue;
          const host = resolveHost(d.host, vs.namespace);
          if (!ownHosts.has(host)) continue;
          const list = subsetRouters.get(host) ?? [];
          if (!list.includes(vs)) list.push(vs);
          subsetRouters.set(host, list);
        }
      }
    }
    const out: Finding[] = [];
    for (const vs of model.ofKind('VirtualService')) {
      if (arr(vs.spec.gateways).length === 0) continue;
      arr(vs.spec.http).forEach((rule: any, i: number) => {
        arr(rule?.route).forEach((rd: any, j: number) => {
          const d = rd?.destination;
          if (d?.subset || typeof d?.host !== 'string') return;
          const host = resolveHost(d.host, vs.namespace);
          for (const other of subsetRouters.get(host) ?? []) {
            out.push(finding(vs, 'IST0140', 'warning',
              `Subset in virtual service ${other.namespace}/${other.name} has no effect on ingress gateway ${vs.namespace}/${vs.name} requests (http[${i}].route[${j}] goes to ${host} without a subset).`,
              `route http[${i}].route[${j}] to the subsets explicitly, or bind ${other.namespace}/${other.name} to the gateway too`));
          }
        });
      });
    }
    return out;
  },
};
