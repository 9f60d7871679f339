/**
 * IST0101 for subsets: a VirtualService destination names a subset that no DestinationRule for
 * that host defines (Istio's virtualservice.DestinationRuleAnalyzer). Hosts compare as FQDNs.
 */
import { MeshModel, resolveHost } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { arr } from '../support/schema';
import { mirrorDestinations, routeDestinations } from '../support/virtualservice';

export const destinationSubsets: Rule = {
  code: 'IST0101',
  description: 'Subsets used by VirtualService destinations are defined by a DestinationRule for that host',
  run(model: MeshModel): Finding[] {
    const defined = new Map<string, Set<string>>();
    for (const dr of model.ofKind('DestinationRule')) {
      if (typeof dr.spec.host !== 'string') continue;
      const host = resolveHost(dr.spec.host, dr.namespace);
      const names = defined.get(host) ?? new Set<string>();
      for (const s of arr(dr.spec.subsets)) if (typeof s?.name === 'string') names.add(s.name);
      defined.set(host, names);
    }
    const out: Finding[] = [];
    for (const vs of model.ofKind('VirtualService')) {
      for (const d of [...routeDestinations(vs), ...mirrorDestinations(vs)]) {
        if (d.subset === undefined) continue;
        const host = resolveHost(d.host, vs.namespace);
        const subsets = defined.get(host);
        if (subsets?.has(d.subset)) continue;
        const reftype = d.via === 'mirror' ? 'mirror+subset in destinationrule' : 'host+subset in destinationrule';
        const fix = subsets
          ? `add subset "${d.subset}" to the DestinationRule for ${host} (it defines ${[...subsets].sort().join(', ') || 'no subsets'}) or use one of those`
          : `create a DestinationRule with host ${host} defining subset "${d.subset}"`;
        out.push(finding(vs, 'IST0101', 'error', `Referenced ${reftype} not found: "${d.host}+${d.subset}" (at ${d.where}).`, fix));
      }
    }
    return out;
  },
};
