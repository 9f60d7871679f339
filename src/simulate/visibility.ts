/**
 * What a calling sidecar knows of a host: whether it is a Service or ServiceEntry host, which
 * ports it declares, and — when the host exists but the sidecar has no config for it — what hides
 * it (a Sidecar's egress hosts, a ServiceEntry's exportTo, a Service's
 * `networking.istio.io/exportTo` annotation). istiod gives a proxy only the services of its
 * SidecarScope (pilot/pkg/model/sidecar.go DefaultSidecarScopeForNamespace / ConvertToSidecarScope,
 * filtered by exportTo and the egress listener hosts), and builds an outbound virtual host for a
 * service only on the ports it declares (httproute.go BuildSidecarOutboundVirtualHosts:
 * `svc.Ports.GetByPort(listenerPort)`).
 */
import { hostCovers, hostsIntersect, resolveHost } from '../model/hosts';
import { isExportedTo, MeshModel } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { ServiceInfo } from '../model/service';
import { RegistryKind } from './types';

/** The caller's view: its namespace and the egress hosts of its Sidecar on the request port. */
export interface CallerScope {
  readonly namespace: string;
  readonly sidecar?: Resource;
  /** `egress[].hosts` for the port; undefined when no Sidecar limits egress. */
  readonly egress?: readonly string[];
}

export interface HostRegistration {
  /** The registration the caller sees ('none' when it sees none). */
  readonly kind: RegistryKind;
  /** The host as registered: the FQDN, or the ServiceEntry's (possibly wildcard) host. */
  readonly registeredAs?: string;
  /** Ports the visible registration declares. */
  readonly ports: readonly number[];
  /** Why a host that exists is not visible to the caller, e.g. `Sidecar shop/default egress hosts [./*]`. */
  readonly hiddenBy?: string;
  /** `Service ns/name` or `ServiceEntry ns/name` of the hidden registration. */
  readonly hidden?: string;
}

const SERVICE_EXPORT_ANNOTATION = 'networking.istio.io/exportTo';

/** Whether a Service's `networking.istio.io/exportTo` annotation lets `namespace` see it. */
export function serviceExportedTo(service: ServiceInfo, namespace: string): boolean {
  const annotation = service.resource?.annotations[SERVICE_EXPORT_ANNOTATION];
  if (annotation === undefined || annotation.trim() === '') return true;
  return annotation.split(',').map((s) => s.trim()).some((e) => e === '*' || (e === '.' ? service.namespace === namespace : e === namespace));
}

/**
 * The namespace `.` stands for in the caller's Sidecar egress hosts: the caller's own, also for a
 * Sidecar of the root namespace (push_context.go getSidecarScope converts the root Sidecar once
 * per proxy namespace, and sidecar.go convertIstioListenerToWrapper maps `.` to that namespace).
 */
export function egressNamespace(caller: CallerScope): string {
  return caller.namespace;
}

/** Whether an `ns/dnsName` egress host list lets the caller see config of `configNamespace` for `host`. */
export function egressAdmits(egressHosts: readonly string[] | undefined, sidecarNamespace: string, configNamespace: string, host: string, wildcardHost: boolean): boolean {
  if (egressHosts === undefined) return true;
  return egressHosts.some((entry) => {
    const slash = entry.indexOf('/');
    const ns = slash < 0 ? '*' : entry.slice(0, slash);
    const dns = slash < 0 ? entry : entry.slice(slash + 1);
    const nsOk = ns === '*' || (ns === '.' ? configNamespace === sidecarNamespace : ns !== '~' && ns === configNamespace);
    if (!nsOk) return false;
    return dns === '*' || (wildcardHost ? hostsIntersect(dns, host) : hostCovers(dns, host));
  });
}

function entryHosts(entry: Resource): string[] {
  return (Array.isArray(entry.spec.hosts) ? entry.spec.hosts : []).map((h: string) => resolveHost(String(h), entry.namespace).toLowerCase());
}

function servicePorts(service: ServiceInfo): number[] {
  return service.ports.map((p) => p.port).filter((n) => typeof n === 'number');
}

function entryPorts(entry: Resource): number[] {
  return (Array.isArray(entry.spec.ports) ? entry.spec.ports : []).map((p: any) => p?.number).filter((n: unknown): n is number => typeof n === 'number');
}

/** The ServiceEntry host (as written, resolved lower-case) of `entry` that covers `host`, most specific first. */
function entryHostFor(entry: Resource, host: string): string | undefined {
  const covering = entryHosts(entry).filter((h) => hostCovers(h, host)).sort((a, b) => (a.startsWith('*') ? 1 : 0) - (b.startsWith('*') ? 1 : 0) || b.length - a.length);
  return covering[0];
}

function describe(kind: string, resource: { namespace: string; name: string }): string {
  return `${kind} ${resource.namespace}/${resource.name}`;
}

/** How `host` is registered as the caller sees it. */
export function registrationFor(model: MeshModel, host: string, caller: CallerScope): HostRegistration {
  const sidecarNs = egressNamespace(caller);
  const service = model.services.get(host);
  let hiddenBy: string | undefined;
  let hidden: string | undefined;
  if (service) {
    if (!serviceExportedTo(service, caller.namespace)) {
      hiddenBy = `its ${SERVICE_EXPORT_ANNOTATION} annotation (${service.resource?.annotations[SERVICE_EXPORT_ANNOTATION]}) does not export it to ${caller.namespace}`;
    } else if (!egressAdmits(caller.egress, sidecarNs, service.namespace, host, false)) {
      hiddenBy = sidecarReason(caller);
    } else {
      return { kind: 'service', registeredAs: host, ports: servicePorts(service) };
    }
    hidden = describe('Service', service);
  }
  for (const entry of model.serviceEntriesFor(host)) {
    const written = entryHostFor(entry, host) ?? host;
    if (!isExportedTo(entry, caller.namespace)) {
      hiddenBy ??= `its exportTo [${(entry.spec.exportTo ?? []).join(', ')}] does not include ${caller.namespace}`;
      hidden ??= describe('ServiceEntry', entry);
      continue;
    }
    if (!egressAdmits(caller.egress, sidecarNs, entry.namespace, written, written.startsWith('*'))) {
      hiddenBy ??= sidecarReason(caller);
      hidden ??= describe('ServiceEntry', entry);
      continue;
    }
    return { kind: 'service-entry', registeredAs: written, ports: entryPorts(entry) };
  }
  return { kind: 'none', ports: [], hiddenBy, hidden };
}

function sidecarReason(caller: CallerScope): string {
  const sidecar = caller.sidecar!;
  return `Sidecar ${sidecar.namespace}/${sidecar.name} egress hosts [${(caller.egress ?? []).join(', ')}] do not include it`;
}

/**
 * Every host registered on `port` that the caller sees (Service FQDNs and ServiceEntry hosts):
 * the registry istiod gives the outbound route configuration of that port.
 */
export function visibleHostsOnPort(model: MeshModel, port: number, caller: CallerScope): string[] {
  const sidecarNs = egressNamespace(caller);
  const hosts: string[] = [];
  for (const service of model.services.values()) {
    // An ExternalName Service is an alias: istiod builds no listener for it (listener.go buildSidecarOutboundListener).
    if (service.type === 'ExternalName' || !servicePorts(service).includes(port)) continue;
    if (!serviceExportedTo(service, caller.namespace) || !egressAdmits(caller.egress, sidecarNs, service.namespace, service.host, false)) continue;
    hosts.push(service.host);
  }
  for (const entry of model.ofKind('ServiceEntry')) {
    if (!entryPorts(entry).includes(port) || !isExportedTo(entry, caller.namespace)) continue;
    for (const written of entryHosts(entry)) {
      if (egressAdmits(caller.egress, sidecarNs, entry.namespace, written, written.startsWith('*'))) hosts.push(written);
    }
  }
  return hosts;
}
