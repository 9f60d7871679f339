/**
 * CIT102: a short destination host (no dot) resolves into the VirtualService's own namespace
 * (SEMANTICS §1), where no such Service exists, while a Service of that name exists elsewhere —
 * seed 000's trap. The fix is the FQDN of the intended Service.
 */
import { MeshModel, resolveHost } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { lookupHost, servicesNamed } from '../support/registry';
import { mirrorDestinations, routeDestinations } from '../support/virtualservice';

export const shortNameNamespace: Rule = {
  code: 'CIT102',
  description: 'Short destination names resolve into the VirtualService namespace; suggest the FQDN of a same-named Service elsewhere',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const vs of model.ofKind('VirtualService')) {
      for (const d of [...routeDestinations(vs), ...mirrorDestinations(vs)]) {
        if (d.host.includes('.') || d.host === '*') continue;
        if (lookupHost(model, d.host, vs.namespace)) continue;
        const elsewhere = servicesNamed(model, d.host).filter((s) => s.namespace !== vs.namespace);
        if (elsewhere.length === 0) continue;
        out.push(finding(vs, 'CIT102', 'warning',
          `Destination "${d.host}" (at ${d.where}) means ${resolveHost(d.host, vs.namespace)}, which does not exist; a Service "${d.host}" exists in ${elsewhere.map((s) => s.namespace).join(', ')}.`,
          `write the FQDN: host: ${elsewhere[0].host}`));
      }
    }
    return out;
  },
};
