/**
 * IST0101 for subsets: a VirtualService destination names a subset that no DestinationRule for
 * that host defines, as Istio's virtualservice.DestinationRuleAnalyzer (checkDestinationSubset,
 * initDestHostsAndSubsets). Hosts are compared as util.GetResourceNameFromHost names them: a
 * Kubernetes FQDN `<name>.<ns>.svc.cluster.local` is `<ns>/<name>` wherever it is written, any
 * other host is `<namespace of the resource>/<host>` — so a subset of an external host must be
 * defined by a DestinationRule in the VirtualService's own namespace. Istio ignores the
 * DestinationRule's exportTo here, and so does this rule.
 */
import { MeshModel } from '../../model';
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
      const key = resourceNameOfHost(dr.namespace, dr.spec.host);
      const names = defined.get(key) ?? new Set<string>();
      for (const s of arr(dr.spec.subsets)) if (typeof s?.name === 'string') names.add(s.name);
      defined.set(key, names);
    }
    const out: Finding[] = [];
    for (const vs of model.ofKind('VirtualService')) {
      for (const d of [...routeDestinations(vs), ...mirrorDestinations(vs)]) {
        if (d.subset === undefined) continue;
        const key = resourceNameOfHost(vs.namespace, d.host);
        const subsets = defined.get(key);
        if (subsets?.has(d.subset)) continue;
        const reftype = d.via === 'mirror' ? 'mirror+subset in destinationrule' : 'host+subset in destinationrule';
        const external = !KUBERNETES_FQDN.test(d.host) && d.host.includes('.');
        const fix = subsets
          ? `add subset "${d.subset}" to the DestinationRule for ${d.host} (it defines ${[...subsets].sort().join(', ') || 'no subsets'}) or use one of those`
          : external
            ? `create a DestinationRule in namespace ${vs.namespace} with host ${d.host} defining subset "${d.subset}" (Istio looks up subsets of a non-Kubernetes host in the VirtualService's namespace)`
            : `create a DestinationRule with host ${d.host} defining subset "${d.subset}"`;
        out.push(finding(vs, 'IST0101', 'error', `Referenced ${reftype} not found: "${d.host}+${d.subset}" (at ${d.where}).`, fix));
      }
    }
    return out;
  },
};

const KUBERNETES_FQDN = /^(.+)\.(.+)\.svc\.cluster\.local$/;

/** util.GetResourceNameFromHost as `namespace/name`: a service FQDN names its own namespace, anything else the resource's. */
function resourceNameOfHost(namespace: string, host: string): string {
  const m = KUBERNETES_FQDN.exec(host);
  return m ? `${m[2]}/${m[1]}` : `${namespace}/${host}`;
}
