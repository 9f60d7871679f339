/**
 * Service registry lookups for this library's own checks (CIT102, CIT103) and IST0174: a host
 * written in a namespace finds a Kubernetes Service (visible unless its
 * `networking.istio.io/exportTo` annotation hides it) or a ServiceEntry host (subject to
 * `exportTo`), exact names first, then wildcard entries. Istio's destination analyzers look up
 * by the VirtualService's own exportTo instead: scoped-registry.ts.
 */
import { hostCovers, isExportedTo, MeshModel, Resource, resolveHost, ServiceInfo } from '../../model';

export interface RegistryEntry {
  /** `Service` or `ServiceEntry`. */
  readonly kind: string;
  readonly host: string;
  readonly ports: readonly number[];
  readonly service?: ServiceInfo;
  readonly serviceEntry?: Resource;
}

/** The registry entry a host written in `fromNamespace` refers to, if any. */
export function lookupHost(model: MeshModel, host: string, fromNamespace: string): RegistryEntry | undefined {
  const fqdn = resolveHost(host, fromNamespace);
  const service = model.services.get(fqdn);
  if (service && serviceVisibleTo(service, fromNamespace)) {
    return { kind: 'Service', host: fqdn, ports: service.ports.map((p) => p.port), service };
  }
  const entries = model.ofKind('ServiceEntry').filter((se) => isExportedTo(se, fromNamespace));
  for (const exactPass of [true, false]) {
    for (const se of entries) {
      for (const h of hostsOf(se)) {
        const seHost = resolveHost(h, se.namespace);
        const hit = exactPass ? seHost.toLowerCase() === fqdn.toLowerCase() : seHost.startsWith('*') && hostCovers(seHost, fqdn);
        if (hit) return { kind: 'ServiceEntry', host: seHost, ports: portsOf(se), serviceEntry: se };
      }
    }
  }
  return undefined;
}

/** Services whose short name is `name`, in any namespace (for "did you mean the FQDN" hints). */
export function servicesNamed(model: MeshModel, name: string): ServiceInfo[] {
  return [...model.services.values()].filter((s) => s.name === name).sort((a, b) => a.host.localeCompare(b.host));
}

function serviceVisibleTo(service: ServiceInfo, namespace: string): boolean {
  const annotation = service.resource?.annotations['networking.istio.io/exportTo'];
  if (!annotation) return true;
  return annotation.split(',').map((s) => s.trim()).some((e) => e === '*' || e === namespace || (e === '.' && service.namespace === namespace));
}

function hostsOf(se: Resource): string[] {
  return (Array.isArray(se.spec.hosts) ? se.spec.hosts : []).filter((h: unknown) => typeof h === 'string');
}

function portsOf(se: Resource): number[] {
  return (Array.isArray(se.spec.ports) ? se.spec.ports : []).map((p: any) => p?.number).filter((n: unknown) => typeof n === 'number');
}
