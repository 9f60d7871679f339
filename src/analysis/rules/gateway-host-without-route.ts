/**
 * CIT122: a Gateway server host that no VirtualService bound to the Gateway routes. istiod
 * builds no virtual host for it, so the gateway answers 404 (HTTP) or resets the connection
 * (TLS/TCP) — usually a forgotten route or a typo in one of the two host lists. Servers that
 * need no route are skipped: `tls.httpsRedirect` (istiod answers the redirect itself) and
 * `AUTO_PASSTHROUGH` (routed by SNI to the service).
 */
import { hostsIntersect, MeshModel, Resource, splitServerHost } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { append } from '../support/multimap';
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
      arr(gateway.spec.servers).forEach((server: any, i) => {
        if (server?.tls?.httpsRedirect === true || server?.tls?.mode === 'AUTO_PASSTHROUGH') return;
        for (const serverHost of arr(server?.hosts)) {
          if (typeof serverHost !== 'string' || isRouted(gateway, serverHost, routes)) continue;
          out.push(finding(gateway, 'CIT122', 'warning',
            `Gateway server host "${serverHost}" (servers[${i}], port ${server?.port?.number}) is routed by no VirtualService bound to Gateway ${gateway.namespace}/${gateway.name}; requests for it get 404 or are reset.`,
            `bind a VirtualService to ${gateway.namespace}/${gateway.name} with a host matching "${splitServerHost(serverHost).dnsName}" (in a namespace the server host allows), or remove the host from the server`));
        }
      });
    }
    return out;
  },
};

/** Whether a bound VirtualService in an allowed namespace (`ns/`, `./`, `*` prefix) has an intersecting host. */
function isRouted(gateway: Resource, serverHost: string, routes: readonly Resource[]): boolean {
  const { namespace, dnsName } = splitServerHost(serverHost);
  return routes.some((vs) => {
    const allowed = namespace === '*' || namespace === vs.namespace || (namespace === '.' && vs.namespace === gateway.namespace);
    return allowed && arr(vs.spec.hosts).some((h) => typeof h === 'string' && hostsIntersect(dnsName, h));
  });
}
