/**
 * IST0101 (destination host, mirror host or host:port not found) and IST0112 (port required) as
 * Istio's virtualservice.DestinationHostAnalyzer: the registry is Services and ServiceEntries
 * visible from the VirtualService's namespace.
 */
import { MeshModel } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { lookupHost } from '../support/registry';
import { mirrorDestinations, RouteDestination, routeDestinations } from '../support/virtualservice';

export const destinationHosts: Rule = {
  code: 'IST0101/IST0112',
  description: 'VirtualService destination and mirror hosts exist, and name a port when the service has several',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const vs of model.ofKind('VirtualService')) {
      const all: RouteDestination[] = [...routeDestinations(vs), ...mirrorDestinations(vs)];
      for (const d of all) {
        const reftype = d.via === 'mirror' ? 'mirror host' : 'host';
        const entry = lookupHost(model, d.host, vs.namespace);
        if (!entry) {
          out.push(finding(vs, 'IST0101', 'error', `Referenced ${reftype} not found: "${d.host}" (at ${d.where}).`,
            `create a Service or ServiceEntry for "${d.host}" visible to namespace ${vs.namespace}, or use the service's FQDN <name>.<namespace>.svc.cluster.local`));
          continue;
        }
        if (d.port === undefined) {
          if (entry.ports.length > 1) {
            out.push(finding(vs, 'IST0112', 'error',
              `This VirtualService routes to a service "${d.host}" that exposes multiple ports [${entry.ports.join(' ')}]. Specifying a port in the destination is required to disambiguate (at ${d.where}).`,
              `set ${d.where}.port.number to one of ${entry.ports.join(', ')}`));
          }
        } else if (!entry.ports.includes(d.port)) {
          out.push(finding(vs, 'IST0101', 'error', `Referenced host:port not found: "${d.host}:${d.port}" (at ${d.where}; ${entry.kind} ${entry.host} has ports [${entry.ports.join(' ')}]).`,
            `use one of the ports ${entry.ports.join(', ') || '(none declared)'} or add port ${d.port} to the ${entry.kind}`));
        }
      }
    }
    return out;
  },
};
