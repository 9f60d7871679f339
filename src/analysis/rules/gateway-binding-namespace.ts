/**
 * CIT104: a VirtualService names a Gateway (in `gateways:` or a match's `gateways`), but istiod
 * ignores the binding — silently — because the Gateway does not admit the VirtualService's
 * namespace:
 * - the server hosts that match the VirtualService's hosts are reserved for another namespace
 *   (`other/host`, or `./host` of a Gateway in another namespace). istiod:
 *   networking/core/gateway.go buildGatewayHTTPRouteConfig, which intersects the VirtualService
 *   hosts with `host.NamesForNamespace(server.Hosts, virtualService.Namespace)`;
 * - or the VirtualService's `exportTo` hides it from the namespace of the gateway pods. istiod:
 *   model/push_context.go VirtualServicesForGateway(proxyNamespace, gateway), which lists only
 *   VirtualServices exported to the gateway proxy's namespace.
 * When no server host matches at all, whatever the namespace, that is IST0132 (referenced-gateways.ts),
 * not this rule, so the two never report the same binding.
 */
import { hostsIntersect, isExportedTo, MeshModel, Resource, resolveGatewayRef, resolveHost } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { gatewayWorkloads, selectorOf } from '../support/gateways';
import { arr } from '../support/schema';
import { admitsNamespace, ServerHost, serverHostsOf } from '../support/server-hosts';

export const gatewayBindingNamespace: Rule = {
  code: 'CIT104',
  description: 'Gateways a VirtualService binds to admit its namespace (server host namespace and exportTo)',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const vs of model.ofKind('VirtualService')) {
      const vsHosts = arr(vs.spec.hosts).filter((h): h is string => typeof h === 'string').map((h) => resolveHost(h, vs.namespace));
      for (const ref of boundGateways(vs)) {
        const [namespace, name] = ref.split('/', 2);
        const gateway = model.get('Gateway', namespace, name);
        if (!gateway) continue; // IST0101
        const serverHosts = serverHostsOf(gateway);
        let admittedSomewhere = false;
        for (const vsHost of vsHosts) {
          const matching = serverHosts.filter((s) => hostsIntersect(s.dnsName, vsHost));
          if (matching.length === 0) continue; // this host is simply not served: IST0132's business
          if (matching.some((s) => admitsNamespace(s, vs.namespace))) {
            admittedSomewhere = true;
            continue;
          }
          out.push(hostNotAdmitted(vs, gateway, vsHost, matching));
        }
        if (admittedSomewhere) out.push(...hiddenFromGatewayPods(model, vs, gateway));
      }
    }
    return out;
  },
};

/** `spec.gateways` and every match's `gateways`, resolved to `ns/name`, without `mesh`. */
function boundGateways(vs: Resource): string[] {
  const refs: unknown[] = [...arr(vs.spec.gateways)];
  for (const via of ['http', 'tls', 'tcp']) {
    for (const rule of arr(vs.spec[via])) for (const match of arr(rule?.match)) refs.push(...arr(match?.gateways));
  }
  const resolved = refs.filter((r): r is string => typeof r === 'string').map((r) => resolveGatewayRef(r, vs.namespace));
  return [...new Set(resolved)].filter((r) => r !== 'mesh' && r.includes('/'));
}

function hostNotAdmitted(vs: Resource, gateway: Resource, vsHost: string, matching: ServerHost[]): Finding {
  const written = [...new Set(matching.map((s) => s.written))].sort();
  const owners = [...new Set(matching.map((s) => s.admits))].sort();
  const dnsName = matching.map((s) => s.dnsName).sort()[0];
  return finding(vs, 'CIT104', 'error',
    `VirtualService ${vs.namespace}/${vs.name} binds host ${vsHost} to Gateway ${gateway.namespace}/${gateway.name}, whose matching server hosts [${written.join(' ')}] admit only namespace ${owners.join(', ')}; istiod silently ignores the binding for namespace ${vs.namespace}, so the Gateway serves none of these routes.`,
    `ask the owner of Gateway ${gateway.namespace}/${gateway.name} to admit namespace ${vs.namespace} (server host "${vs.namespace}/${dnsName}"), or bind the VirtualService to a Gateway of namespace ${vs.namespace}`);
}

/** One finding per namespace of the Gateway's pods that the VirtualService is not exported to. */
function hiddenFromGatewayPods(model: MeshModel, vs: Resource, gateway: Resource): Finding[] {
  // Without a selector the Gateway applies to every gateway proxy, which the manifests do not tell apart from other pods.
  if (Object.keys(selectorOf(gateway)).length === 0) return [];
  const podNamespaces = [...new Set(gatewayWorkloads(model, gateway).map((w) => w.namespace))].sort();
  return podNamespaces.filter((ns) => !isExportedTo(vs, ns)).map((ns) => finding(vs, 'CIT104', 'error',
    `VirtualService ${vs.namespace}/${vs.name} (exportTo [${arr(vs.spec.exportTo).join(' ')}]) is bound to Gateway ${gateway.namespace}/${gateway.name}, but is not exported to namespace ${ns}, where that Gateway's pods run; istiod gives a gateway only the VirtualServices exported to its own namespace, so those pods serve none of these routes.`,
    `add "${ns}" to the VirtualService's exportTo`));
}
