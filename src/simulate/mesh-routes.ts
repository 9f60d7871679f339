/**
 * Sidecar outbound routing (SEMANTICS §4, mesh): which VirtualService a calling workload's sidecar
 * uses for a host, and whether the host is in the registry it can see.
 * - one VirtualService per host, no merging: exact host beats wildcard (longer wildcard beats
 *   shorter), then the oldest (input order) wins;
 * - only VirtualServices bound to `mesh`, exported to the caller's namespace, and imported by the
 *   Sidecar's `egress.hosts` count — a VirtualService is imported whole when any of its hosts is;
 *   the same egress hosts limit which Services it sees;
 * - a VirtualService applies on a port only where istiod builds it into that port's route
 *   configuration: for a registered service, on the ports the service declares; for a host
 *   outside the registry, on port 80 (or a port on which the same VirtualService names a
 *   registered service); a wildcard host attaches only to the registered services it covers
 *   (and acts as a host outside the registry when it covers none).
 */
import { hostCovers, hostsIntersect, resolveHost } from '../model/hosts';
import { isExportedTo, MeshModel } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { labelsMatch } from '../model/workload';
import { CompiledRoute, entryApplies } from './route-match';
import { RegistryKind } from './types';
import { describeRoutes } from './route-origin';
import { routingConfigFor, usesGatewaySemantics } from './routing-config';
import { byCreation } from './virtual-hosts';
import { CallerScope, egressAdmits, egressNamespace, HostRegistration, registrationFor } from './visibility';

export { egressAdmits } from './visibility';

/** A VirtualService bound to the mesh, with its resolved hosts. */
export interface MeshVirtualService {
  readonly vs: Resource;
  readonly hosts: readonly string[];
}

export interface MeshRouteTable {
  readonly host: string;
  readonly virtualService?: Resource;
  /** Routes of the chosen VirtualService after dropping entries for another port or gateway. */
  readonly routes: readonly CompiledRoute[];
  /** Other VirtualServices that claim the host but lose (IST0109). */
  readonly shadowed: readonly string[];
  readonly registry: RegistryKind;
  /** How the caller sees the host: registration, declared ports, what hides it. */
  readonly registration: HostRegistration;
  /** Whether the host is registered (and visible) on the request port: the sidecar has a virtual host for it there. */
  readonly registeredOnPort: boolean;
  /** VirtualServices for the host that istiod does not build on the request port, with why (for notes). */
  readonly notOnPort: readonly string[];
  /** The Sidecar governing the caller, if any. */
  readonly sidecar?: Resource;
  /** `ALLOW_ANY` or `REGISTRY_ONLY`. */
  readonly outboundPolicy: string;
}

/** The Sidecar for a workload: one selecting its labels in its namespace, else the namespace-wide one, else the root's. */
export function sidecarForWorkload(model: MeshModel, namespace: string, labels: Readonly<Record<string, string>>): Resource | undefined {
  const selecting = model.ofKind('Sidecar').find((s) => s.namespace === namespace
    && s.spec.workloadSelector?.labels && labelsMatch(s.spec.workloadSelector.labels, labels));
  return selecting ?? model.sidecarFor(namespace);
}

/** `egress[].hosts` that apply on `port`: the listener for that port, else the port-less one. */
export function egressHostsFor(sidecar: Resource | undefined, port: number): readonly string[] | undefined {
  const egress: any[] | undefined = sidecar?.spec.egress;
  if (!Array.isArray(egress) || egress.length === 0) return undefined;
  const listener = egress.find((e) => e?.port?.number === port) ?? egress.find((e) => !e?.port);
  return listener ? (listener.hosts ?? []) : [];
}

/** Every VirtualService bound to `mesh` (explicitly, or by naming no gateways), in creation order. */
export function meshVirtualServices(model: MeshModel): MeshVirtualService[] {
  return routingConfigFor(model).virtualServices
    .filter((vs) => {
      const gateways: string[] | undefined = vs.spec.gateways;
      return !Array.isArray(gateways) || gateways.length === 0 || gateways.includes('mesh');
    })
    .sort(byCreation)
    .map((vs) => ({ vs, hosts: (Array.isArray(vs.spec.hosts) ? vs.spec.hosts : []).map((h: string) => resolveHost(h, vs.namespace).toLowerCase()) }));
}

/** Mesh VirtualServices by exact host, plus those with a wildcard host, so a lookup skips the rest. */
export interface MeshCandidates {
  readonly byHost: ReadonlyMap<string, readonly MeshVirtualService[]>;
  readonly wildcard: readonly MeshVirtualService[];
}

export function indexMeshVirtualServices(list: readonly MeshVirtualService[]): MeshCandidates {
  const byHost = new Map<string, MeshVirtualService[]>();
  const wildcard: MeshVirtualService[] = [];
  for (const entry of list) {
    if (entry.hosts.some((h) => h.startsWith('*'))) wildcard.push(entry);
    for (const host of new Set(entry.hosts)) {
      if (host.startsWith('*')) continue;
      const bucket = byHost.get(host) ?? [];
      bucket.push(entry);
      byHost.set(host, bucket);
    }
  }
  return { byHost, wildcard };
}

export interface MeshTableInput {
  readonly model: MeshModel;
  readonly candidates: MeshCandidates;
  compiled(vs: Resource): readonly CompiledRoute[];
  readonly namespace: string;
  readonly sidecar?: Resource;
  readonly port: number;
  readonly host: string;
  /** Hosts registered on `port` that the caller sees (computed on first use; only wildcard and unregistered hosts need it). */
  visibleOnPort(): readonly string[];
}

export function buildMeshTable(input: MeshTableInput): MeshRouteTable {
  const { model, namespace, sidecar, port, host } = input;
  const egress = egressHostsFor(sidecar, port);
  const caller: CallerScope = { namespace, sidecar, egress };
  const sidecarNs = egressNamespace(caller);
  const registration = registrationFor(model, host, caller);
  const registeredOnPort = registration.kind !== 'none' && registration.ports.includes(port);
  const applies = onPortRule(input, host, registration, registeredOnPort);
  let best: { vs: Resource; specificity: number } | undefined;
  const claimants: string[] = [];
  const notOnPort: string[] = [];
  const exact = input.candidates.byHost.get(host) ?? [];
  const relevant = input.candidates.wildcard.length === 0 ? exact
    : [...new Set([...exact, ...input.candidates.wildcard])].sort((a, b) => byCreation(a.vs, b.vs));
  for (const { vs, hosts } of relevant) {
    if (!isExportedTo(vs, namespace)) continue;
    // istiod: sidecar.go SelectVirtualServices imports the WHOLE VirtualService when any of its
    // hosts matches the egress hosts; its other hosts come along.
    if (!importsVirtualService(egress, sidecarNs, vs.namespace, hosts, usesGatewaySemantics(vs))) continue;
    let specificity = -1;
    let refusal: string | undefined;
    for (const vsHost of hosts) {
      if (!hostCovers(vsHost, host)) continue;
      const why = applies(vsHost, hosts);
      if (why !== undefined) {
        refusal ??= why;
        continue;
      }
      // an exact host beats every wildcard; among wildcards the longer is more specific
      specificity = Math.max(specificity, vsHost.startsWith('*') ? vsHost.length : Number.MAX_SAFE_INTEGER);
    }
    if (specificity < 0) {
      if (refusal) notOnPort.push(`${describeRoutes(vs)} does not apply on port ${port}: ${refusal}`);
      continue;
    }
    claimants.push(`${vs.namespace}/${vs.name}`);
    // candidates come oldest first, so only a strictly more specific host replaces the winner —
    // or, at equal specificity, a consumer route of the caller's namespace (below)
    if (!best || specificity > best.specificity
      || (specificity === best.specificity && consumerOverride(vs, namespace) && !consumerOverride(best.vs, namespace))) best = { vs, specificity };
  }
  const chosen = best?.vs;
  const routes = chosen ? input.compiled(chosen).filter((r) => entryApplies(r.match, port, 'mesh')) : [];
  return {
    host,
    virtualService: chosen,
    routes,
    shadowed: claimants.filter((id) => !chosen || id !== `${chosen.namespace}/${chosen.name}`),
    registry: registration.kind,
    registration,
    registeredOnPort,
    notOnPort,
    sidecar,
    outboundPolicy: sidecar?.spec.outboundTrafficPolicy?.mode ?? model.environment.outboundTrafficPolicy,
  };
}

/**
 * istiod: push_context.go VirtualServicesForGateway lists a caller namespace's own
 * gateway-semantics VirtualServices (routes derived from its HTTPRoutes) before the others, so a
 * consumer HTTPRoute for another team's Service overrides the producer's route for that
 * namespace's callers ("consumer override").
 */
function consumerOverride(vs: Resource, callerNamespace: string): boolean {
  return vs.namespace === callerNamespace && usesGatewaySemantics(vs);
}

/**
 * istiod: sidecar.go SelectVirtualServices / hostClassification.VSMatches — a Sidecar egress
 * listener imports a VirtualService when one of its hosts matches an imported host of the
 * VirtualService's namespace (or of `*`): exact names by equality, wildcards either way — except
 * for a VirtualService derived from a Gateway API route, whose host must lie within the imported
 * host, as a Service's does (sidecar.go vsHostMatches: `SubsetOf`, not `Matches`).
 */
export function importsVirtualService(egress: readonly string[] | undefined, sidecarNamespace: string, vsNamespace: string, vsHosts: readonly string[], gatewaySemantics = false): boolean {
  return egress === undefined || vsHosts.some((h) => egressAdmits(egress, sidecarNamespace, vsNamespace, h, h.startsWith('*') && !gatewaySemantics));
}

/**
 * Whether istiod builds a VirtualService host into the route configuration of the request port,
 * as `undefined` (it does) or the reason it does not. Follows route.go
 * buildSidecarVirtualHostsForVirtualService and separateVSHostsAndServices, and httproute.go
 * BuildSidecarOutboundVirtualHosts (only services with the listener port are in the registry of
 * that port's route configuration; on ports other than 80 only VirtualServices naming such a
 * service are considered at all).
 */
function onPortRule(input: MeshTableInput, host: string, registration: HostRegistration, registeredOnPort: boolean) {
  const port = input.port;
  let visible: readonly string[] | undefined;
  const onPort = () => (visible ??= input.visibleOnPort());
  // The non-registry hosts of a VirtualService ride on the ports of its registered services, else on port 80 only.
  const carried = (vsHosts: readonly string[]) => port === 80
    || vsHosts.some((h) => (h.startsWith('*') ? onPort().some((v) => hostsIntersect(h, v)) : onPort().includes(h)));
  const outsideRegistry = `istiod builds VirtualService hosts outside the registry only on port 80 (route.go buildSidecarVirtualHostsForVirtualService)`;
  return (vsHost: string, vsHosts: readonly string[]): string | undefined => {
    if (!vsHost.startsWith('*')) {
      // An exact VirtualService host is a registry key only as the exact registered name.
      if (registeredOnPort && registration.registeredAs === vsHost) return undefined;
      if (carried(vsHosts)) return undefined;
      return registration.kind !== 'none' && registration.registeredAs === vsHost
        ? `${vsHost} declares no port ${port} (ports ${registration.ports.join(', ') || 'none'}), and istiod builds a VirtualService only on its service's ports (and on port 80) (route.go buildSidecarVirtualHostsForVirtualService)`
        : `${vsHost} is not a service registered on port ${port}; ${outsideRegistry}`;
    }
    const covered = onPort().filter((v) => hostsIntersect(vsHost, v));
    if (covered.length > 0) {
      if (registeredOnPort && registration.registeredAs && hostsIntersect(vsHost, registration.registeredAs)) return undefined;
      const shown = covered.slice(0, 3).join(', ') + (covered.length > 3 ? ', …' : '');
      return `wildcard ${vsHost} attaches only to the registered services it covers on port ${port} (${shown}), and ${host} is not one (route.go separateVSHostsAndServices)`;
    }
    return carried(vsHosts) ? undefined : `wildcard ${vsHost} covers no service registered on port ${port}; ${outsideRegistry}`;
  };
}
