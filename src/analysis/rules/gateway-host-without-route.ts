/**
 * CIT122: a Gateway server host that no VirtualService bound to the Gateway routes. istiod
 * builds no virtual host for it, so the gateway answers 404 (HTTP) or resets the connection
 * (TLS/TCP) — usually a forgotten route, a typo in one of the two host lists, or a route whose
 * `exportTo` hides it from the gateway pods' namespace (istiod's VirtualServicesForGateway looks
 * from there). Servers that need no route are skipped: `tls.httpsRedirect` (istiod answers the
 * redirect itself) and `AUTO_PASSTHROUGH` (routed by SNI to the service).
 */
import { hostsIntersect, isExportedTo, MeshModel, Resource, splitServerHost } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { gatewayWorkloads } from '../support/gateways';
import { append } from '../../model/per-model';
import { arr } from '../support/schema';
import { vsGateways } from '../support/virtualservice';

export const gatewayHostWithoutRoute: Rule = {
  code: 'CIT122',
  description: 'Every Gateway server host is routed by a VirtualService bound to the Gateway',
  run(model: MeshModel): Finding[] {
    const bound = new Map<string, Resource[]>();
    for (const vs of model.ofKind('VirtualService')) {
      for (const ref of new Set(vsGateways(vs))) append(bound, ref, vs);
    }
    const out: Finding[] = [];
    for (const gateway of model.ofKind('Gateway')) {
      const routes = bound.get(`${gateway.namespace}/${gateway.name}`) ?? [];
      // Without pods nothing is served at all (IST0101 says so); then visibility is not judged.
      const podNamespaces = [...new Set(gatewayWorkloads(model, gateway).map((w) => w.namespace))].sort();
      const visible = (vs: Resource) => podNamespaces.length === 0 || podNamespaces.some((ns) => isExportedTo(vs, ns));
      arr(gateway.spec.servers).forEach((server: any, i) => {
        if (server?.tls?.httpsRedirect === true || server?.tls?.mode === 'AUTO_PASSTHROUGH') return;
        for (const serverHost of arr(server?.hosts)) {
          if (typeof serverHost !== 'string') continue;
          const routing = routesFor(gateway, serverHost, routes);
          if (routing.some(visible)) continue;
          const where = `Gateway server host "${serverHost}" (servers[${i}], port ${server?.port?.number})`;
          const dnsName = splitServerHost(serverHost).dnsName;
          out.push(routing.length === 0
            ? finding(gateway, 'CIT122', 'warning',
              `${where} is routed by no VirtualService bound to Gateway ${gateway.namespace}/${gateway.name}; requests for it get 404 or are reset.`,
              `bind a VirtualService to ${gateway.namespace}/${gateway.name} with a host matching "${dnsName}" (in a namespace the server host allows), or remove the host from the server`)
            : finding(gateway, 'CIT122', 'warning',
              `${where} is routed only by ${routing.map((vs) => `VirtualService ${vs.namespace}/${vs.name}`).join(', ')}, not exported to the gateway pods' namespace ${podNamespaces.join(', ')}; requests for it get 404 or are reset.`,
              `add ${podNamespaces[0]} (or "*") to the VirtualService's exportTo`));
        }
      });
    }
    return out;
  },
};

/** The bound VirtualServices in a namespace the server host allows (`ns/`, `./`, `*`) with an intersecting host. */
function routesFor(gateway: Resource, serverHost: string, routes: readonly Resource[]): Resource[] {
  const { namespace, dnsName } = splitServerHost(serverHost);
  return routes.filter((vs) => {
    const allowed = namespace === '*' || namespace === vs.namespace || (namespace === '.' && vs.namespace === gateway.namespace);
    return allowed && arr(vs.spec.hosts).some((h) => typeof h === 'string' && hostsIntersect(dnsName, h));
  });
}
