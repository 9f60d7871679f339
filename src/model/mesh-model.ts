/**
 * The one model that `check`, `explain` and `graph` read: manifests indexed by kind, namespace,
 * name and resolved host. Built from manifests alone, so it judges any Istio configuration — the
 * library's own output like anyone else's.
 */
import { IstioTrafficError } from '../errors';
import { defaultIngressService, defaultIngressWorkload, MeshEnvironment } from './environment';
import { hostCovers, resolveHost } from './hosts';
import { INPUT_ERROR, LoadedObject, loadManifestFiles } from './load';
import { describeResource, Resource, toResource } from './resource';
import { ServiceInfo, serviceOf } from './service';
import { labelsMatch, Workload, workloadOf } from './workload';

/** The Istio kinds this version knows, by API group. */
const ISTIO_KINDS: Record<string, readonly string[]> = {
  'networking.istio.io': ['VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry', 'Sidecar', 'EnvoyFilter', 'WorkloadEntry', 'WorkloadGroup', 'ProxyConfig'],
  'security.istio.io': ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'],
  'telemetry.istio.io': ['Telemetry'],
  'extensions.istio.io': ['WasmPlugin', 'TrafficExtension'],
};

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
    const charts: any[] = Array.isArray(scope.charts) ? scope.charts : [scope];
    const objects = charts.flatMap((chart) => chart.toJson());
    return MeshModel.fromObjects(objects, environment);
  }

  public readonly resources: readonly Resource[];
  public readonly environment: Required<MeshEnvironment>;
  /** Kubernetes Services by FQDN. */
  public readonly services: ReadonlyMap<string, ServiceInfo>;
  public readonly workloads: readonly Workload[];

  private readonly byKind = new Map<string, Resource[]>();
  private readonly byId = new Map<string, Resource>();

  private constructor(resources: Resource[], environment: MeshEnvironment) {
    this.environment = {
      defaultIngressGateway: environment.defaultIngressGateway ?? true,
      outboundTrafficPolicy: environment.outboundTrafficPolicy ?? 'ALLOW_ANY',
      rootNamespace: environment.rootNamespace ?? 'istio-system',
    };
    this.resources = resources;
    for (const resource of resources) {
      checkKnownKind(resource);
      const id = idOf(resource.kind, resource.namespace, resource.name);
      this.byId.set(id, resource);
      const list = this.byKind.get(resource.kind) ?? [];
      list.push(resource);
      this.byKind.set(resource.kind, list);
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

  /** Every resource of a kind, in input order. */
  public ofKind(kind: string): readonly Resource[] {
    return this.byKind.get(kind) ?? [];
  }

  /** One resource by identity (namespace `''` for cluster-scoped kinds). */
  public get(kind: string, namespace: string, name: string): Resource | undefined {
    return this.byId.get(idOf(kind, namespace, name));
  }

  /** Workloads whose pods carry every label of `selector`, in `namespace` (or any namespace when undefined). */
  public workloadsSelectedBy(selector: Readonly<Record<string, string>> | undefined, namespace?: string): Workload[] {
    return this.workloads.filter((w) => (namespace === undefined || w.namespace === namespace) && labelsMatch(selector, w.podLabels));
  }

  /** ServiceEntries declaring a host that covers `host` (resolved as the entry's namespace would). */
  public serviceEntriesFor(host: string): Resource[] {
    return this.ofKind('ServiceEntry').filter((se) =>
      (se.spec.hosts ?? []).some((h: string) => hostCovers(resolveHost(h, se.namespace), host)));
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
    const candidates = this.ofKind('DestinationRule').filter((dr) => {
      const drHost = resolveHost(dr.spec.host ?? '', dr.namespace);
      return hostCovers(drHost, host) && isExportedTo(dr, fromNamespace);
    });
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

function idOf(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

function checkKnownKind(resource: Resource): void {
  const group = resource.apiVersion.split('/')[0];
  const kinds = ISTIO_KINDS[group];
  if (kinds && !kinds.includes(resource.kind)) {
    const where = resource.source ? `${resource.source.file}:${resource.source.line}` : describeResource(resource);
    throw new IstioTrafficError(INPUT_ERROR, where, `unknown kind ${resource.kind} in ${group}`, resource.apiVersion, `use one of ${kinds.join(', ')}`);
  }
}
