/**
 * IST0101 (destination host, mirror host or host:port not found) and IST0112 (port required) as
 * Istio's virtualservice.DestinationHostAnalyzer (analyzeVirtualService, checkServiceEntryPorts):
 * the registry is Services and ServiceEntries visible where the VirtualService is exported
 * (util.GetDestinationHost), and a destination without a host (`route: - {}`) is looked up as
 * `""` and reported not found.
 */
import { MeshModel } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { lookupDestinationHost } from '../support/scoped-registry';
import { mirrorDestinations, RouteDestination, routeDestinations } from '../support/virtualservice';

export const destinationHosts: Rule = {
  code: 'IST0101/IST0112',
  description: 'VirtualService destination and mirror hosts exist where the VirtualService is exported, and name a port when the service has several',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const vs of model.ofKind('VirtualService')) {
      const options = { includeHostless: true };
      const all: RouteDestination[] = [...routeDestinations(vs, options), ...mirrorDestinations(vs, options)];
      for (const d of all) {
        const reftype = d.via === 'mirror' ? 'mirror host' : 'host';
        const entry = lookupDestinationHost(model, d.host, vs.namespace, vs.spec.exportTo);
        if (!entry) {
          out.push(finding(vs, 'IST0101', 'error', `Referenced ${reftype} not found: "${d.host}" (at ${d.where}).`, notFoundFix(d, vs.namespace, vs.spec.exportTo)));
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

function notFoundFix(d: RouteDestination, namespace: string, exportTo: unknown): string {
  if (d.host === '') return `give ${d.where} a host (the Service or ServiceEntry to send the traffic to)`;
  const where = Array.isArray(exportTo) && exportTo.length > 0
    ? `exported to the namespaces this VirtualService is exported to (${exportTo.join(', ')})`
    : `visible to namespace ${namespace}`;
  return `create a Service or ServiceEntry for "${d.host}" ${where}, or use the service's FQDN <name>.<namespace>.svc.cluster.local`;
}
