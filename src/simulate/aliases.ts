/**
 * Kubernetes `ExternalName` Services as istiod (1.21+, no longer switchable since 1.24) treats
 * them: aliases, not services of their own.
 * - pilot/pkg/serviceregistry/kube/conversion.go ConvertService gives every ExternalName Service
 *   resolution Alias; istiod builds no listener, cluster or default route for it
 *   (listener.go buildSidecarOutboundListener, cluster.go buildOutboundClusters,
 *   route.go BuildSidecarVirtualHostWrapper all skip Alias) — its own ports are ignored;
 * - push_context.go resolveServiceAliases follows externalName chains (a loop resolves to nothing)
 *   and hands each alias to the service whose hostname is the final target; httproute.go
 *   generateVirtualHostDomains then adds the alias names to that service's virtual host, so a
 *   request for the alias is routed exactly like one for the target (its VirtualService included),
 *   provided the caller sees the target and its Sidecar imports the alias name
 *   (sidecar.go matchingAliasService) — and no VirtualService naming the alias itself claims the
 *   name first (aliasVirtualServiceWins);
 * - a route destination naming the alias goes to the cluster of its externalName
 *   (route.go GetDestinationCluster), one hop only.
 * An externalName outside the cluster (`api.example.com`) is an alias too: of a ServiceEntry host
 * when one declares exactly that name, else of nothing — then the caller's sidecar has no config
 * for the name and its outbound policy decides (PassthroughCluster or 502).
 */
import { resolveHost } from '../model/hosts';
import { MeshModel } from '../model/mesh-model';
import { ServiceInfo } from '../model/service';
import type { MeshRouteTable } from './mesh-routes';
import { byCreation } from './virtual-hosts';
import { CallerScope, egressAdmits, egressNamespace, HostRegistration, registrationFor } from './visibility';
import { perModel } from '../model/per-model';

export interface ServiceAlias {
  /** FQDN of the ExternalName Service. */
  readonly host: string;
  readonly service: ServiceInfo;
  /** Its `spec.externalName`, lower-cased. */
  readonly externalName: string;
  /** The final target after following aliases of aliases; undefined when the chain loops. */
  readonly target?: string;
}

/** ExternalName Services by FQDN, their chains resolved (push_context.go resolveServiceAliases). */
export const serviceAliases = perModel((model: MeshModel): ReadonlyMap<string, ServiceAlias> => {
  const raw = new Map<string, { service: ServiceInfo; externalName: string }>();
  for (const service of model.services.values()) {
    const externalName = service.type === 'ExternalName' ? service.resource?.spec.externalName : undefined;
    if (typeof externalName === 'string' && externalName !== '') raw.set(service.host, { service, externalName: externalName.toLowerCase() });
  }
  const resolved = new Map<string, ServiceAlias>();
  for (const [host, { service, externalName }] of raw) {
    let target: string | undefined = externalName;
    const seen = new Set([host, externalName]);
    while (target !== undefined && raw.has(target)) {
      const next: string = raw.get(target)!.externalName;
      // Kubernetes answers NXDOMAIN for a CNAME loop; istiod treats the alias as pointing nowhere.
      target = seen.has(next) ? undefined : next;
      if (target !== undefined) seen.add(target);
    }
    resolved.set(host, { host, service, externalName, target });
  }
  return resolved;
});

/** The Service or ServiceEntry namespace whose hostname is exactly `host` (the one an alias can join). */
export function concreteNamespace(model: MeshModel, host: string): string | undefined {
  const service = model.services.get(host);
  if (service) return service.type === 'ExternalName' ? undefined : service.namespace;
  const entry = model.serviceEntriesFor(host).find((se) => (Array.isArray(se.spec.hosts) ? se.spec.hosts : [])
    .some((h: string) => resolveHost(String(h), se.namespace).toLowerCase() === host));
  return entry?.namespace;
}

/**
 * Where a route destination naming `host` goes: the externalName of an ExternalName Service
 * (route.go GetDestinationCluster, one hop), with the note the trace shows; undefined otherwise.
 */
export function destinationAlias(model: MeshModel, host: string): { readonly host: string; readonly notes: string[] } | undefined {
  const alias = serviceAliases(model).get(host);
  if (!alias) return undefined;
  const notes = [`${host} is an ExternalName Service (an alias): istiod sends the route to the cluster of its externalName ${alias.externalName} (route.go GetDestinationCluster)`];
  if (serviceAliases(model).has(alias.externalName)) {
    notes.push(`${alias.externalName} is itself an ExternalName Service, which has no cluster (istiod follows one alias hop here): 503 NC`);
  }
  return { host: alias.externalName, notes };
}

/** How a calling sidecar sees an alias: it joins its target's virtual host, or the sidecar has no config for the name. */
export type AliasView = { readonly joins: string } | { readonly registration: HostRegistration };

export function aliasView(model: MeshModel, alias: ServiceAlias, caller: CallerScope): AliasView {
  const none = (why: string): AliasView => ({
    registration: { kind: 'none', ports: [], hidden: `Service ${alias.service.namespace}/${alias.service.name} (type ExternalName)`, hiddenBy: why },
  });
  if (alias.target === undefined) {
    return none(`its externalName chain (${alias.externalName}) loops, so istiod gives the alias to no service (push_context.go resolveServiceAliases)`);
  }
  const namespace = concreteNamespace(model, alias.target);
  if (namespace === undefined) {
    return none(`it is an alias of ${alias.target}, which no Service or ServiceEntry declares, and istiod builds no listener, route or cluster for an ExternalName Service itself`);
  }
  const target = registrationFor(model, alias.target, caller);
  if (target.kind === 'none') return none(`it is an alias of ${alias.target}, which this sidecar does not see${target.hiddenBy ? ` (${target.hiddenBy})` : ''}`);
  const sidecarNamespace = egressNamespace(caller);
  if (!egressAdmits(caller.egress, sidecarNamespace, namespace, alias.host, false)) {
    return none(`it is an alias of ${alias.target}, but the Sidecar's egress hosts [${(caller.egress ?? []).join(', ')}] do not import the alias name (sidecar.go matchingAliasService)`);
  }
  return { joins: alias.target };
}

/**
 * Whether a VirtualService naming the alias itself routes the alias name. istiod builds the
 * virtual hosts of VirtualServices (in order) before the default ones of services, and a domain
 * stays with the first virtual host that claims it (httproute.go BuildSidecarOutboundVirtualHosts,
 * dedupeDomains): so it wins over the target's default route, and over a younger VirtualService of
 * the target whose virtual host lists the alias too.
 */
export function aliasVirtualServiceWins(own: MeshRouteTable, joined: MeshRouteTable | undefined): boolean {
  if (!own.virtualService) return false;
  return !joined?.virtualService || byCreation(own.virtualService, joined.virtualService) < 0;
}
