/**
 * The one model that `check`, `explain` and `graph` read: manifests indexed by kind, namespace,
 * name and resolved host. Built from manifests alone, so it judges any Istio configuration — the
 * library's own output like anyone else's.
 */
import { IstioTrafficError } from '../errors';
import { defaultIngressService, defaultIngressWorkload, MeshEnvironment } from './environment';
import { hostCovers, resolveHost } from './hosts';
import { groupsOfKind, kindsOfGroup } from './kinds';
import { INPUT_ERROR, LoadedObject, loadManifestFiles } from './load';
import { describeResource, Resource, toResource } from './resource';
import { ServiceInfo, serviceOf } from './service';
import { labelsMatch, Workload, workloadOf } from './workload';

/** Anything `synth`-able: a cdk8s App or Chart (only `toJson`/`charts` are used). */
export interface Synthesizable {
  /** cdk8s `Chart.toJson()`. */
  toJson?(): any[];
}

export class MeshModel {
  /** Builds the model from plain objects (e.g. `Testing.synth(chart)`). */
  public static fromObjects(objects: readonly any[], environment: MeshEnvironment = {}): MeshModel {
    return new MeshModel(objects.map((object, i) => toResource(object, i)), environment);
  }

  /** Builds the model from objects read from files, keeping their `file:line`. */
  public static fromLoaded(objects: readonly LoadedObject[], environment: MeshEnvironment = {}): MeshModel {
    return new MeshModel(objects.map((loaded, i) => toResource(loaded.object, i, loaded.source)), environment);
  }

  /** Reads YAML/JSON files and folders (multi-document). Throws `CIT900` with `file:line` on bad input. */
  public static fromFiles(paths: readonly string[], environment: MeshEnvironment = {}): MeshModel {
    return MeshModel.fromLoaded(loadManifestFiles(paths), environment);
  }

  /**
   * Builds the model from an in-process cdk8s App or Chart, in synth order.
   * @param scope a cdk8s `App` (all its charts) or a `Chart`
   */
  public static fromApp(scope: any, environment: MeshEnvironment = {}): MeshModel {
    // A MeshApp renders all charts in one linear pass; a plain App pays cdk8s's per-chart cost.
    if (typeof scope.synthManifests === 'function') return MeshModel.fromObjects(scope.synthManifests(), environment);
    const charts: any[] = Array.isArray(scope.charts) ? scope.charts : [scope];
    const objects = charts.flatMap((chart) => chart.toJson());
    return MeshModel.fromObjects(objects, environment);
  }

  public readonly resources: readonly Resource[];
  public readonly environment: Required<MeshEnvironment>;
  /** Kubernetes Services by FQDN. */
  public readonly services: ReadonlyMap<string, ServiceInfo>;
  public readonly workloads: readonly Workload[];

  /** Every group's objects by kind name; `ofKind` keeps the group the name stands for. */
  private readonly byKindName = new Map<string, Resource[]>();
  private readonly byKind = new Map<string, readonly Resource[]>();
  private readonly byId = new Map<string, Resource>();
  // Lookup indexes, built on first use so that every query costs what it returns, not the whole
  // model: the simulator asks them once per gateway and route, 1,000s of times on big meshes.
  private workloadsByNamespace?: Map<string, Workload[]>;
  private workloadsByLabel?: Map<string, Workload[]>;
  private gatewaysByLabel?: { byPair: Map<string, Resource[]>; unselective: Resource[] };
  private destinationRuleHosts?: HostIndex;
  private knownNamespaces?: Set<string>;
  private serviceEntryHosts?: HostIndex;

  private constructor(resources: Resource[], environment: MeshEnvironment) {
    this.environment = {
      defaultIngressGateway: environment.defaultIngressGateway ?? true,
      outboundTrafficPolicy: environment.outboundTrafficPolicy ?? 'ALLOW_ANY',
      rootNamespace: environment.rootNamespace ?? 'istio-system',
      trustDomain: environment.trustDomain ?? 'cluster.local',
      pathNormalization: environment.pathNormalization ?? 'BASE',
      dnsAutoAllocate: environment.dnsAutoAllocate ?? false,
    };
    this.resources = resources;
    for (const resource of resources) {
      checkKnownKind(resource);
      this.byId.set(idOf(resource.group, resource.kind, resource.namespace, resource.name), resource);
      const list = this.byKindName.get(resource.kind);
      if (list) list.push(resource);
      else this.byKindName.set(resource.kind, [resource]);
    }

    const services = new Map<string, ServiceInfo>();
    for (const resource of this.ofKind('Service')) services.set(serviceOf(resource).host, serviceOf(resource));
    const workloads = this.resources.map(workloadOf).filter((w): w is Workload => w !== undefined);
    if (this.environment.defaultIngressGateway && !services.has(defaultIngressService.host)) {
      services.set(defaultIngressService.host, defaultIngressService);
      workloads.push(defaultIngressWorkload);
    }
    this.services = services;
    this.workloads = workloads;
  }

  /**
   * Every resource of a kind, in input order. The kind name means its group (see kinds.ts):
   * `ofKind('Gateway')` is networking.istio.io Gateways only, never Gateway API ones; a kind this
   * library does not know is returned from any group.
   */
  public ofKind(kind: string): readonly Resource[] {
    let list = this.byKind.get(kind);
    if (!list) {
      const all = this.byKindName.get(kind) ?? [];
      const groups = groupsOfKind(kind);
      list = groups ? all.filter((r) => groups.includes(r.group)) : all;
      this.byKind.set(kind, list);
    }
    return list;
  }

  /** Every resource of an explicit API group and kind (e.g. `gateway.networking.k8s.io`, `Gateway`), in input order. */
  public ofGroupKind(group: string, kind: string): readonly Resource[] {
    return (this.byKindName.get(kind) ?? []).filter((r) => r.group === group);
  }

  /** One resource by identity (namespace `''` for cluster-scoped kinds); the kind name means its group, as in `ofKind`. */
  public get(kind: string, namespace: string, name: string): Resource | undefined {
    const groups = groupsOfKind(kind);
    if (!groups) return this.ofKind(kind).find((r) => r.namespace === namespace && r.name === name);
    for (const group of groups) {
      const found = this.byId.get(idOf(group, kind, namespace, name));
      if (found) return found;
    }
    return undefined;
  }

  /** One resource by explicit API group, kind and identity. */
  public getGroupKind(group: string, kind: string, namespace: string, name: string): Resource | undefined {
    return this.byId.get(idOf(group, kind, namespace, name));
  }

  /** The `Namespace` object named `name`, when the input declares it. */
  public namespaceResource(name: string): Resource | undefined {
    return this.get('Namespace', '', name);
  }

  /**
   * Whether namespace `name` exists in the target cluster, as far as manifests can tell: it is
   * declared by a `Namespace` object, some input object lives in it (it must exist to be applied),
   * or it is one Kubernetes and Istio always have (`default`, `kube-*`, the root namespace).
   * istioctl reads the live cluster's Namespaces instead.
   */
  public namespaceExists(name: string): boolean {
    if (!this.knownNamespaces) {
      this.knownNamespaces = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', this.environment.rootNamespace]);
      for (const resource of this.resources) {
        if (resource.kind === 'Namespace') this.knownNamespaces.add(resource.name);
        else if (resource.namespace) this.knownNamespaces.add(resource.namespace);
      }
    }
    return this.knownNamespaces.has(name);
  }

  /** Every namespace `namespaceExists` knows, sorted. */
  public namespaceNames(): string[] {
    this.namespaceExists('');
    return [...this.knownNamespaces!].sort();
  }

  /** Workloads whose pods carry every label of `selector`, in `namespace` (or any namespace when undefined). */
  public workloadsSelectedBy(selector: Readonly<Record<string, string>> | undefined, namespace?: string): Workload[] {
    let candidates: readonly Workload[];
    if (namespace !== undefined) {
      this.workloadsByNamespace ??= groupBy(this.workloads, (w) => [w.namespace]);
      candidates = this.workloadsByNamespace.get(namespace) ?? [];
    } else if (selector && Object.keys(selector).length > 0) {
      this.workloadsByLabel ??= groupBy(this.workloads, (w) => Object.entries(w.podLabels).map(labelPair));
      // The smallest group among the selector's labels holds every match.
      const groups = Object.entries(selector).map((pair) => this.workloadsByLabel!.get(labelPair(pair)) ?? []);
      candidates = groups.reduce((a, b) => (b.length < a.length ? b : a));
    } else {
      candidates = this.workloads;
    }
    return candidates.filter((w) => labelsMatch(selector, w.podLabels));
  }

  /** Gateways whose selector picks `workload`'s pods; a Gateway without selector picks every gateway pod. */
  public gatewaysSelecting(workload: Workload): Resource[] {
    if (!this.gatewaysByLabel) {
      const selective = this.ofKind('Gateway').filter((g) => Object.keys(g.spec.selector ?? {}).length > 0);
      // File each Gateway under its rarest selector label (`gateway-name: gw` may repeat in every
      // team; the namespace label does not), so a lookup reads small groups only.
      const frequency = new Map<string, number>();
      for (const g of selective) for (const pair of Object.entries(g.spec.selector) as [string, string][]) frequency.set(labelPair(pair), (frequency.get(labelPair(pair)) ?? 0) + 1);
      const rarest = (g: Resource) => (Object.entries(g.spec.selector) as [string, string][]).map(labelPair)
        .reduce((a, b) => (frequency.get(b)! < frequency.get(a)! ? b : a));
      this.gatewaysByLabel = {
        byPair: groupBy(selective, (g) => [rarest(g)]),
        unselective: this.ofKind('Gateway').filter((g) => Object.keys(g.spec.selector ?? {}).length === 0),
      };
    }
    const { byPair, unselective } = this.gatewaysByLabel;
    const selected = Object.entries(workload.podLabels).flatMap((pair) => byPair.get(labelPair(pair)) ?? [])
      .filter((g) => labelsMatch(g.spec.selector, workload.podLabels));
    return [...unselective, ...selected].sort((a, b) => a.order - b.order);
  }

  /** ServiceEntries declaring a host that covers `host` (resolved as the entry's namespace would). */
  public serviceEntriesFor(host: string): Resource[] {
    this.serviceEntryHosts ??= indexHosts(this.ofKind('ServiceEntry'), (se) => se.spec.hosts ?? []);
    return this.serviceEntryHosts.covering(host);
  }

  /** Whether `host` is in the service registry: a Kubernetes Service or a ServiceEntry host. */
  public isInRegistry(host: string): boolean {
    return this.services.has(host) || this.serviceEntriesFor(host).length > 0;
  }

  /**
   * DestinationRules for `host`, as istiod picks them for a caller in `fromNamespace`: the
   * caller's namespace first, then the host's own namespace, then the root namespace; exact host
   * before wildcard. The first is the one that applies.
   */
  public destinationRulesFor(host: string, fromNamespace: string): Resource[] {
    this.destinationRuleHosts ??= indexHosts(this.ofKind('DestinationRule'), (dr) => (typeof dr.spec.host === 'string' ? [dr.spec.host] : []));
    const candidates = this.destinationRuleHosts.covering(host).filter((dr) => isExportedTo(dr, fromNamespace));
    const hostNamespace = this.services.get(host)?.namespace;
    const rank = (dr: Resource): number => {
      const exact = resolveHost(dr.spec.host, dr.namespace) === host ? 0 : 1;
      const ns = dr.namespace === fromNamespace ? 0 : dr.namespace === hostNamespace ? 1 : dr.namespace === this.environment.rootNamespace ? 2 : 3;
      return ns * 2 + exact;
    };
    return candidates.sort((a, b) => rank(a) - rank(b) || a.order - b.order);
  }

  /**
   * The outbound traffic policy for workloads in `namespace`: the namespace's Sidecar (without a
   * workload selector), else the root namespace's, else the mesh's.
   */
  public outboundPolicyFor(namespace: string): string {
    const sidecar = this.sidecarFor(namespace);
    return sidecar?.spec.outboundTrafficPolicy?.mode ?? this.environment.outboundTrafficPolicy;
  }

  /** The namespace-wide Sidecar that applies to `namespace`, if any. */
  public sidecarFor(namespace: string): Resource | undefined {
    const namespaceWide = (ns: string) => this.ofKind('Sidecar').find((s) => s.namespace === ns && !s.spec.workloadSelector);
    return namespaceWide(namespace) ?? namespaceWide(this.environment.rootNamespace);
  }
}

/** Whether a resource's `exportTo` lets `namespace` see it (absent means everyone). */
export function isExportedTo(resource: Resource, namespace: string): boolean {
  const exportTo: string[] | undefined = resource.spec.exportTo;
  if (!exportTo || exportTo.length === 0) return true;
  return exportTo.some((e) => e === '*' || (e === '.' ? resource.namespace === namespace : e === namespace));
}

/** Resources by the hosts they declare (resolved in their namespace): exact names hashed, wildcards scanned. */
interface HostIndex {
  covering(host: string): Resource[];
}

function indexHosts(resources: readonly Resource[], hostsOf: (r: Resource) => string[]): HostIndex {
  const exact = new Map<string, Resource[]>();
  const wildcard: { pattern: string; resource: Resource }[] = [];
  for (const resource of resources) {
    for (const written of new Set(hostsOf(resource).map((h) => resolveHost(h, resource.namespace)))) {
      if (written.startsWith('*')) wildcard.push({ pattern: written, resource });
      else exact.set(written.toLowerCase(), [...(exact.get(written.toLowerCase()) ?? []), resource]);
    }
  }
  return {
    covering(host: string): Resource[] {
      const found = new Set(exact.get(host.toLowerCase()) ?? []);
      for (const w of wildcard) if (hostCovers(w.pattern, host)) found.add(w.resource);
      return [...found].sort((a, b) => a.order - b.order);
    },
  };
}

function labelPair([key, value]: [string, string]): string {
  return `${key}\u0000${value}`;
}

function groupBy<T>(items: readonly T[], keysOf: (item: T) => string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
  }
  return groups;
}

function idOf(group: string, kind: string, namespace: string, name: string): string {
  return `${group}\u0000${kind}\u0000${namespace}\u0000${name}`;
}

/**
 * An unknown kind inside an Istio group or the Gateway API group is a typo (CIT900). Objects of
 * other groups (any operator's CRDs) load as they are; no Istio rule reads them, because `ofKind`
 * keeps each kind name to its own group.
 */
function checkKnownKind(resource: Resource): void {
  const group = resource.group;
  const kinds = kindsOfGroup(group);
  if (kinds && !kinds.includes(resource.kind)) {
    const where = resource.source ? `${resource.source.file}:${resource.source.line}` : describeResource(resource);
    throw new IstioTrafficError(INPUT_ERROR, where, `unknown kind ${resource.kind} in ${group}`, resource.apiVersion, `use one of ${kinds.join(', ')}`);
  }
}
