/**
 * The service registry exactly as `istioctl analyze` builds it for destination checks
 * (analyzers/util/service_lookup.go InitServiceEntryHostMap + GetDestinationHost): every
 * ServiceEntry host and Kubernetes Service filed under `<scope>/<fqdn>`, where the scope is `*`
 * or one namespace the object is exported to. A destination written in a resource counts as
 * found when it is filed under `*`, under one of the resource's OWN exportTo namespaces (its
 * namespace when it has no exportTo), or under a wildcard entry visible to its namespace.
 */
import { CLUSTER_DOMAIN, MeshModel, Resource } from '../../model';
import { arr } from './schema';
import { RegistryEntry } from './registry';
import { perModel } from '../../model/per-model';

interface ScopedRegistry {
  readonly byScopedHost: ReadonlyMap<string, RegistryEntry>;
  /** Wildcard hosts in filing order: `*.example.com` under its scope. */
  readonly wildcards: readonly { scope: string; host: string; entry: RegistryEntry }[];
}

/**
 * What Istio's analyzers find for `host` written in a resource of `sourceNamespace` whose
 * `exportTo` is given (util.GetDestinationHost). A VirtualService exported only to `bar` needs
 * its destinations visible in `bar`; a Service whose `networking.istio.io/exportTo` annotation
 * names other namespaces is not found from this one.
 */
export function lookupDestinationHost(model: MeshModel, host: string, sourceNamespace: string, exportTo: unknown): RegistryEntry | undefined {
  const registry = scopedRegistryOf(model);
  const fqdn = convertHostToFqdn(sourceNamespace, host);
  const exported = registry.byScopedHost.get(`*/${fqdn}`);
  if (exported) return exported;
  const scopes = arr(exportTo).filter((e): e is string => typeof e === 'string');
  for (const scope of scopes.length === 0 ? [sourceNamespace] : scopes.map((e) => (e === '.' ? sourceNamespace : e))) {
    const scoped = registry.byScopedHost.get(`${scope}/${fqdn}`);
    if (scoped) return scoped;
  }
  // Wildcard entries last, compared on the host as written (not its FQDN), as Istio does.
  const written = host.startsWith('*') ? host.slice(1) : host;
  for (const w of registry.wildcards) {
    if (w.scope !== '*' && w.scope !== sourceNamespace) continue;
    if (written.endsWith(w.host.slice(1))) return w.entry;
  }
  return undefined;
}

/** util.ConvertHostToFQDN: a host that is neither wildcard nor dotted gets `.<namespace>.svc.cluster.local`. */
export function convertHostToFqdn(namespace: string, host: string): string {
  return !host.startsWith('*') && !host.includes('.') ? `${host}.${namespace}.${CLUSTER_DOMAIN}` : host;
}

const scopedRegistryOf = perModel(buildScopedRegistry);

function buildScopedRegistry(model: MeshModel): ScopedRegistry {
  const byScopedHost = new Map<string, RegistryEntry>();
  const wildcards: { scope: string; host: string; entry: RegistryEntry }[] = [];
  // Later objects overwrite earlier ones under the same key, and Services overwrite
  // ServiceEntries, as the Go map assignments do.
  const file = (scope: string, fqdn: string, entry: RegistryEntry) => {
    byScopedHost.set(`${scope}/${fqdn}`, entry);
    if (fqdn.startsWith('*')) wildcards.push({ scope, host: fqdn, entry });
  };
  for (const se of model.ofKind('ServiceEntry')) {
    const ports = arr(se.spec.ports).map((p: any) => p?.number).filter((n: unknown): n is number => typeof n === 'number');
    for (const [scope, host] of serviceEntryScopes(se)) {
      const fqdn = convertHostToFqdn(se.namespace, host);
      file(scope, fqdn, { kind: 'ServiceEntry', host: fqdn, ports, serviceEntry: se });
    }
  }
  for (const service of model.services.values()) {
    const entry: RegistryEntry = { kind: 'Service', host: service.host, ports: service.ports.map((p) => p.port), service };
    for (const scope of annotationScopes(service.resource, service.namespace)) file(scope, service.host, entry);
  }
  return { byScopedHost, wildcards };
}

/**
 * `[scope, host]` pairs of a ServiceEntry. Istio's loop keeps one `exportsToAll` flag across the
 * hosts: once an exportTo of `*` is met, the remaining hosts are filed under `*` only.
 */
function serviceEntryScopes(se: Resource): [string, string][] {
  const hosts = arr(se.spec.hosts).filter((h): h is string => typeof h === 'string');
  const exportTo = arr(se.spec.exportTo).filter((e): e is string => typeof e === 'string');
  const out: [string, string][] = [];
  let exportsToAll = false;
  for (const host of hosts) {
    if (exportTo.length === 0 || exportsToAll) {
      out.push(['*', host]);
      continue;
    }
    for (const e of exportTo) {
      if (e === '*') {
        out.push(['*', host]);
        exportsToAll = true;
        break;
      }
      out.push([e === '.' ? se.namespace : e, host]);
    }
  }
  return out;
}

/** getVisibleNamespacesFromExportToAnno: the Service's `networking.istio.io/exportTo` (`.` = its namespace), `*` when absent. */
function annotationScopes(resource: Resource | undefined, namespace: string): string[] {
  const annotation = resource?.annotations['networking.istio.io/exportTo'];
  if (!annotation) return ['*'];
  return annotation.split(',').map((e) => (e === '.' ? namespace : e));
}
