/**
 * Per-model indexes for the simulator, built lazily and kept in a WeakMap keyed by the model, so
 * that `explain` in a tight loop costs a few map lookups and predicate calls per request: route
 * tables per (gateway pod, port) and per (caller, port, host), compiled routes per
 * VirtualService, planned destinations (and whether they lead into a gateway) per route and
 * caller. Hot-path caches are nested maps keyed by objects and numbers rather than by
 * concatenated strings, which would be hashed anew on every request.
 */
import { resolveGatewayRef } from '../model/hosts';
import { MeshModel } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { Workload } from '../model/workload';
import { aliasView, aliasVirtualServiceWins, serviceAliases } from './aliases';
import { compileWithDelegates } from './delegates';
import { PlannedDestination, planDestinations, planOne } from './destinations';
import { findGatewayPod, GatewayPod, gatewaysSelecting, isGatewayWorkload, serversOnPort, workloadId } from './gateway-listeners';
import { buildMeshTable, egressHostsFor, indexMeshVirtualServices, MeshCandidates, MeshRouteTable, meshVirtualServices, sidecarForWorkload } from './mesh-routes';
import { CompiledRoute } from './route-match';
import { compileRouteHeaders, RouteHeaders } from './route-headers';
import { RouteFault } from './types';
import { buildGatewayListener, byCreation, GatewayListener, RouteCatalog } from './virtual-hosts';
import { HostRegistration, registrationFor, visibleHostsOnPort } from './visibility';
import { perModel } from '../model/per-model';
import { planGatewayBackends } from './gateway-backends';
import { RouteOrigin, routeOriginOf, virtualServiceOrigin } from './route-origin';
import { routingConfigFor } from './routing-config';

/** Caches keyed by request-derived values are bounded so a fuzz loop cannot exhaust memory. */
const MAX_ENTRIES = 50_000;

export function bounded<K, V>(map: Map<K, V>, key: K, build: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = build();
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, value);
  }
  return value;
}

/** An inner map of a nested cache; bounded like the leaves (request-derived keys reach it too). */
const nested = bounded;

/** A planned destination and, when its host is a gateway's Service, the pods it re-enters at. */
export interface IndexedPlan extends PlannedDestination {
  readonly behind?: GatewayPod;
}

/** The destinations of a route for one caller namespace and port, with what the trace shows. */
export interface PlanSet {
  readonly destinations: readonly IndexedPlan[];
  readonly destinationRules?: readonly string[];
  /** Whether some destination is a gateway to enter again. */
  readonly viaGateway: boolean;
  /** Whether some destination's `route[]` entry has `headers`. */
  readonly headers: boolean;
}

/** What a matched rule contributes to its hop, computed once per route. */
export interface RouteInfo {
  readonly ruleName?: string;
  readonly timeout?: string;
  readonly retries?: Readonly<Record<string, unknown>>;
  readonly fault?: RouteFault;
  readonly mirror?: string;
  /** The rule's `headers`, when they change something. */
  readonly headers?: RouteHeaders;
  /** The rule has more than one `route[]` entry: istiod builds weighted clusters. */
  readonly weighted: boolean;
  /** For a rule istiod derived from a Gateway API route: that route and rule. */
  readonly origin?: RouteOrigin;
}

export class SimulationIndex implements RouteCatalog {
  private readonly compiledRoutes = new Map<Resource, readonly CompiledRoute[]>();
  /** `ns/name` of a root VirtualService → delegations istiod skips or trims (for the trace). */
  private readonly delegation = new Map<string, readonly string[]>();
  private bound?: Map<string, Resource[]>;
  private meshCandidates?: MeshCandidates;
  private namespacesWithSelectingSidecars?: Set<string>;
  private readonly gatewayPods = new Map<string, GatewayPod>();
  /** Keyed by the pod's id: every Gateway naming the same pods shares one listener per port. */
  private readonly listeners = new Map<string, Map<number, GatewayListener>>();
  /** namespace → sidecar (or null) → port → host → table */
  private readonly meshTables = new Map<string, Map<Resource | null, Map<number, Map<string, MeshRouteTable>>>>();
  private readonly sidecars = new Map<string, Resource | null>();
  /** namespace → sidecar (or null) → port → hosts registered on the port that the caller sees */
  private readonly visibleHosts = new Map<string, Map<Resource | null, Map<number, readonly string[]>>>();
  private readonly plans = new Map<CompiledRoute, Map<string, Map<number, PlanSet>>>();
  private readonly infos = new Map<CompiledRoute, RouteInfo>();
  private readonly gatewaysBehind = new Map<string, GatewayPod | null>();
  private readonly defaultPlans = new Map<string, Map<number, Map<string, PlanSet>>>();
  /** namespace → sidecar (or null) → port → host → registration as the caller sees it */
  private readonly registrations = new Map<string, Map<Resource | null, Map<number, Map<string, HostRegistration>>>>();
  private readonly egressProxyPlans = new Map<Resource, Map<string, Map<number, PlanSet>>>();

  constructor(public readonly model: MeshModel) {}

  public compiled(vs: Resource): readonly CompiledRoute[] {
    return nested(this.compiledRoutes, vs, () => {
      const { routes, issues } = compileWithDelegates(this.model, vs);
      if (issues.length > 0) this.delegation.set(`${vs.namespace}/${vs.name}`, issues);
      return routes;
    });
  }

  /** Why delegate rules of a (compiled) root VirtualService yield no routes, for the trace. */
  public delegationIssues(vsId: string): readonly string[] {
    return this.delegation.get(vsId) ?? [];
  }

  public boundTo(gatewayRef: string): readonly Resource[] {
    if (!this.bound) {
      const bound = new Map<string, Resource[]>();
      for (const vs of [...routingConfigFor(this.model).virtualServices].sort(byCreation)) {
        const refs = new Set<string>((Array.isArray(vs.spec.gateways) ? vs.spec.gateways : []).map((g: string) => resolveGatewayRef(g, vs.namespace)));
        for (const ref of refs) {
          if (ref === 'mesh') continue;
          nested(bound, ref, () => []).push(vs);
        }
      }
      this.bound = bound;
    }
    return this.bound.get(gatewayRef) ?? [];
  }

  public gatewayPod(ref: string): GatewayPod {
    // Failures throw every time (nothing is cached for them), with the same message.
    return bounded(this.gatewayPods, ref, () => findGatewayPod(this.model, ref));
  }

  public listener(pod: GatewayPod, port: number): GatewayListener {
    const perPort = nested(this.listeners, pod.id, () => new Map<number, GatewayListener>());
    return bounded(perPort, port, () => buildGatewayListener(this, pod, port, serversOnPort(pod, port)));
  }

  public sidecarFor(namespace: string, labels: Readonly<Record<string, string>>): Resource | undefined {
    if (!this.namespacesWithSelectingSidecars) {
      this.namespacesWithSelectingSidecars = new Set(this.model.ofKind('Sidecar').filter((s) => s.spec.workloadSelector?.labels).map((s) => s.namespace));
    }
    // Labels only matter where a Sidecar selects workloads; elsewhere the namespace decides.
    const key = this.namespacesWithSelectingSidecars.has(namespace) ? `${namespace}|${labelKey(labels)}` : namespace;
    const found = bounded(this.sidecars, key, () => sidecarForWorkload(this.model, namespace, labels) ?? null);
    return found ?? undefined;
  }

  public meshTable(namespace: string, sidecar: Resource | undefined, port: number, host: string): MeshRouteTable {
    const bySidecar = nested(this.meshTables, namespace, () => new Map());
    const byPort = nested(bySidecar, sidecar ?? null, () => new Map());
    const byHost = nested(byPort, port, () => new Map<string, MeshRouteTable>());
    return bounded(byHost, host, () => {
      this.meshCandidates ??= indexMeshVirtualServices(meshVirtualServices(this.model));
      const table = buildMeshTable({
        model: this.model, candidates: this.meshCandidates, compiled: (vs) => this.compiled(vs),
        namespace, sidecar, port, host,
        visibleOnPort: () => this.visibleOnPort(namespace, sidecar, port),
      });
      const alias = serviceAliases(this.model).get(host);
      if (!alias) return table;
      // An ExternalName Service's name joins its target's virtual host (aliases.ts), unless a
      // VirtualService naming the alias itself claims the domain first.
      const view = aliasView(this.model, alias, { namespace, sidecar, egress: egressHostsFor(sidecar, port) });
      const joined = 'joins' in view ? this.meshTable(namespace, sidecar, port, view.joins) : undefined;
      if (aliasVirtualServiceWins(table, joined)) return table;
      if (joined) return joined;
      // The sidecar has no config for an alias that joins nothing.
      return { ...table, virtualService: undefined, routes: [], shadowed: [], notOnPort: [], registry: 'none', registration: (view as { registration: HostRegistration }).registration, registeredOnPort: false };
    });
  }

  /** Hosts registered on `port` that a caller in `namespace` under `sidecar` sees (one registry scan per caller and port). */
  public visibleOnPort(namespace: string, sidecar: Resource | undefined, port: number): readonly string[] {
    const bySidecar = nested(this.visibleHosts, namespace, () => new Map());
    const byPort = nested(bySidecar, sidecar ?? null, () => new Map<number, readonly string[]>());
    return bounded(byPort, port, () => visibleHostsOnPort(this.model, port, { namespace, sidecar, egress: egressHostsFor(sidecar, port) }));
  }

  /** Destinations of a route for a caller; cached because they depend on nothing else. */
  public plan(route: CompiledRoute, callerNamespace: string, requestPort: number): PlanSet {
    const perNamespace = nested(this.plans, route, () => new Map<string, Map<number, PlanSet>>());
    const perPort = nested(perNamespace, callerNamespace, () => new Map<number, PlanSet>());
    return bounded(perPort, requestPort, () => {
      const list: any[] = Array.isArray(route.rule.route) ? route.rule.route : [];
      // A delegated rule's destinations were resolved in the delegate's namespace (delegates.ts).
      const hostNamespace = (route.delegate?.virtualService ?? route.virtualService).namespace;
      const planned = route.gatewaySemantics
        ? planGatewayBackends(this.model, list, hostNamespace, callerNamespace, requestPort)
        : planDestinations(this.model, list, hostNamespace, callerNamespace, requestPort);
      return this.planSet(planned);
    });
  }

  /** The sidecar's default route for a registered host with no VirtualService: the host on the request port. */
  public defaultPlan(callerNamespace: string, host: string, port: number): PlanSet {
    const perPort = nested(this.defaultPlans, callerNamespace, () => new Map<number, Map<string, PlanSet>>());
    const perHost = nested(perPort, port, () => new Map<string, PlanSet>());
    return bounded(perHost, host, () =>
      this.planSet([planOne(this.model, { host, port: { number: port } }, 1, callerNamespace, callerNamespace, port)]));
  }

  /** How a caller in `namespace` under `sidecar` sees `host` on `port` (registration, ports, what hides it). */
  public registration(namespace: string, sidecar: Resource | undefined, port: number, host: string): HostRegistration {
    const bySidecar = nested(this.registrations, namespace, () => new Map());
    const byPort = nested(bySidecar, sidecar ?? null, () => new Map());
    const byHost = nested(byPort, port, () => new Map<string, HostRegistration>());
    return bounded(byHost, host, () => registrationFor(this.model, host, { namespace, sidecar, egress: egressHostsFor(sidecar, port) }));
  }

  /** Where a Sidecar's `outboundTrafficPolicy.egressProxy` sends unknown traffic (ALLOW_ANY). */
  public egressProxyPlan(sidecar: Resource, callerNamespace: string, port: number): PlanSet {
    const perNamespace = nested(this.egressProxyPlans, sidecar, () => new Map<string, Map<number, PlanSet>>());
    const perPort = nested(perNamespace, callerNamespace, () => new Map<number, PlanSet>());
    return bounded(perPort, port, () =>
      this.planSet([planOne(this.model, sidecar.spec.outboundTrafficPolicy.egressProxy, 1, sidecar.namespace, callerNamespace, port)]));
  }

  public routeInfo(route: CompiledRoute): RouteInfo {
    return nested(this.infos, route, () => {
      const info = routeInfoOf(route.rule);
      const origin = route.virtualService.derivedFrom ? routeOriginOf(this.model, route.virtualService, route.rule) : undefined;
      return origin ? { ...info, origin, ruleName: origin.ruleName } : info;
    });
  }

  /** VirtualService ids (`ns/name`) for notes: a derived one as the Gateway API route it stands for. */
  public shownIds(ids: readonly string[]): string[] {
    return ids.map((id) => {
      const origin = this.originOf(id);
      return origin ? origin.route : id;
    });
  }

  /** The Gateway API route behind a consulted VirtualService id (`ns/name`), when it is a derived one. */
  public originOf(vsId: string | undefined): RouteOrigin | undefined {
    if (vsId === undefined) return undefined;
    const slash = vsId.indexOf('/');
    return virtualServiceOrigin(routingConfigFor(this.model).virtualService(vsId.slice(0, slash), vsId.slice(slash + 1)));
  }

  public planSet(plans: readonly PlannedDestination[]): PlanSet {
    // Every trace shares these arrays; freezing them keeps one caller from corrupting the next.
    const destinations = plans.map((p): IndexedPlan => {
      Object.freeze(p.workloads);
      Object.freeze(p.notes);
      const behind = this.gatewayBehind(p.host);
      return behind ? { ...p, behind } : p;
    });
    const rules = [...new Set(plans.map((p) => p.destinationRule).filter((d): d is string => d !== undefined))];
    return {
      destinations, destinationRules: rules.length > 0 ? rules : undefined, viaGateway: destinations.some((d) => d.behind),
      headers: destinations.some((d) => d.headers),
    };
  }

  /**
   * The gateway pods behind a Service host, when the Service selects pods that a Gateway
   * configures (an egress gateway): the request re-enters there.
   */
  public gatewayBehind(host: string): GatewayPod | undefined {
    const found = bounded(this.gatewaysBehind, host, () => {
      const service = this.model.services.get(host);
      if (!service?.selector || Object.keys(service.selector).length === 0) return null;
      const workload: Workload | undefined = this.model.workloadsSelectedBy(service.selector, service.namespace)
        .find((w) => isGatewayWorkload(this.model, w));
      if (!workload) return null;
      return { workload, id: workloadId(workload), gateways: gatewaysSelecting(this.model, workload), alsoSelected: [] };
    });
    return found ?? undefined;
  }
}

function routeInfoOf(rule: any): RouteInfo {
  const mirrors = [rule.mirror, ...(Array.isArray(rule.mirrors) ? rule.mirrors.map((m: any) => m?.destination) : [])]
    .filter((m: any) => m && typeof m.host === 'string').map((m: any) => m.host);
  return {
    ruleName: typeof rule.name === 'string' ? rule.name : undefined,
    timeout: typeof rule.timeout === 'string' ? rule.timeout : undefined,
    retries: rule.retries && typeof rule.retries === 'object' ? rule.retries : undefined,
    fault: faultOf(rule.fault),
    mirror: mirrors.length > 0 ? mirrors.join(', ') : undefined,
    headers: compileRouteHeaders(rule.headers),
    weighted: Array.isArray(rule.route) && rule.route.length > 1,
  };
}

function faultOf(fault: any): RouteFault | undefined {
  if (!fault || typeof fault !== 'object') return undefined;
  const percentOf = (f: any): number => (typeof f?.percentage?.value === 'number' ? f.percentage.value : typeof f?.percent === 'number' ? f.percent : 100);
  const abort = fault.abort && typeof fault.abort.httpStatus === 'number'
    ? { status: fault.abort.httpStatus, percent: percentOf(fault.abort) } : undefined;
  const delay = fault.delay && typeof fault.delay.fixedDelay === 'string'
    ? { fixedDelay: fault.delay.fixedDelay, percent: percentOf(fault.delay) } : undefined;
  return abort || delay ? { abort, delay } : undefined;
}

function labelKey(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',');
}

/** The simulator's index for `model`, built on first use. Models are immutable, so it never goes stale. */
export const indexFor = perModel((model) => new SimulationIndex(model));
