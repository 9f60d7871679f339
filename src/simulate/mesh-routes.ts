/**
 * Sidecar outbound routing (SEMANTICS §4, mesh): which VirtualService a calling workload's sidecar
 * uses for a host, and whether the host is in the registry it can see.
 * - one VirtualService per host, no merging: exact host beats wildcard (longer wildcard beats
 *   shorter), then the oldest (input order) wins;
 * - only VirtualServices bound to `mesh`, exported to the caller's namespace, and admitted by the
 *   Sidecar's `egress.hosts` count; the same egress hosts limit which Services it sees.
 */
import { hostCovers, hostsIntersect, resolveHost } from '../model/hosts';
import { isExportedTo, MeshModel } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { labelsMatch } from '../model/workload';
import { CompiledRoute, entryApplies } from './route-match';
import { RegistryKind } from './types';
import { byCreation } from './virtual-hosts';

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

/** Every VirtualService bound to `mesh` (explicitly, or by naming no gateways), in creation order. */
export function meshVirtualServices(model: MeshModel): MeshVirtualService[] {
  return model.ofKind('VirtualService')
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
}

export function buildMeshTable(input: MeshTableInput): MeshRouteTable {
  const { model, namespace, sidecar, port, host } = input;
  const egress = egressHostsFor(sidecar, port);
  const sidecarNs = sidecar?.namespace ?? namespace;
  let best: { vs: Resource; specificity: number } | undefined;
  const claimants: string[] = [];
  const exact = input.candidates.byHost.get(host) ?? [];
  const relevant = input.candidates.wildcard.length === 0 ? exact
    : [...new Set([...exact, ...input.candidates.wildcard])].sort((a, b) => byCreation(a.vs, b.vs));
  for (const { vs, hosts } of relevant) {
    if (!isExportedTo(vs, namespace)) continue;
    let specificity = -1;
    for (const vsHost of hosts) {
      if (!hostCovers(vsHost, host)) continue;
      if (!egressAdmits(egress, sidecarNs, vs.namespace, vsHost, vsHost.startsWith('*'))) continue;
      // an exact host beats every wildcard; among wildcards the longer is more specific
      specificity = Math.max(specificity, vsHost.startsWith('*') ? vsHost.length : Number.MAX_SAFE_INTEGER);
    }
    if (specificity < 0) continue;
    claimants.push(`${vs.namespace}/${vs.name}`);
    // candidates come oldest first, so only a strictly more specific host replaces the winner
    if (!best || specificity > best.specificity) best = { vs, specificity };
  }
  const chosen = best?.vs;
  const routes = chosen ? input.compiled(chosen).filter((r) => entryApplies(r.match, port, 'mesh')) : [];
  return {
    host,
    virtualService: chosen,
    routes,
    shadowed: claimants.filter((id) => !chosen || id !== `${chosen.namespace}/${chosen.name}`),
    registry: registryFor(model, host, namespace, egress, sidecarNs),
    sidecar,
    outboundPolicy: sidecar?.spec.outboundTrafficPolicy?.mode ?? model.environment.outboundTrafficPolicy,
  };
}

/** Where `host` is registered, as the caller can see it (Sidecar egress, ServiceEntry exportTo). */
export function registryFor(model: MeshModel, host: string, callerNamespace: string, egress: readonly string[] | undefined, sidecarNs: string): RegistryKind {
  const service = model.services.get(host);
  if (service && egressAdmits(egress, sidecarNs, service.namespace, host, false)) return 'service';
  const entries = model.serviceEntriesFor(host).filter((se) => isExportedTo(se, callerNamespace) && egressAdmits(egress, sidecarNs, se.namespace, host, false));
  return entries.length > 0 ? 'service-entry' : 'none';
}
