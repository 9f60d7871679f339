/**
 * Per-model indexes for the simulator, built lazily and kept in a WeakMap keyed by the model, so
 * that `explain` in a tight loop costs a few map lookups and predicate calls per request: route
 * tables per (gateway pod, port) and per (caller, port, host), compiled routes per
 * VirtualService, planned destinations per route and caller.
 */
import { resolveGatewayRef } from '../model/hosts';
import { MeshModel } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { Workload } from '../model/workload';
import { PlannedDestination, planDestinations, planOne } from './destinations';
import { findGatewayPod, GatewayPod, gatewaysSelecting, isGatewayWorkload, serversOnPort, workloadId } from './gateway-listeners';
import { buildMeshTable, MeshRouteTable, meshVirtualServices, MeshVirtualService, sidecarForWorkload } from './mesh-routes';
import { CompiledRoute, compileHttpRoutes } from './route-match';
import { buildGatewayListener, byCreation, GatewayListener, RouteCatalog } from './virtual-hosts';

/** Caches keyed by request-derived strings are bounded so a fuzz loop cannot exhaust memory. */
const MAX_ENTRIES = 50_000;

function bounded<K, V>(map: Map<K, V>, key: K, build: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = build();
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, value);
  }
  return value;
}

export class SimulationIndex implements RouteCatalog {
  private readonly compiledRoutes = new Map<Resource, readonly CompiledRoute[]>();
  private bound?: Map<string, Resource[]>;
  private meshCandidates?: MeshVirtualService[];
  private readonly gatewayPods = new Map<string, GatewayPod>();
  private readonly listeners = new Map<string, GatewayListener>();
  private readonly meshTables = new Map<string, MeshRouteTable>();
  private readonly sidecars = new Map<string, Resource | null>();
  private readonly plans = new Map<CompiledRoute, Map<string, readonly PlannedDestination[]>>();
  private readonly gatewaysBehind = new Map<string, GatewayPod | null>();
  private readonly defaultPlans = new Map<string, PlannedDestination>();

  constructor(public readonly model: MeshModel) {}

  public compiled(vs: Resource): readonly CompiledRoute[] {
    return bounded(this.compiledRoutes, vs, () => compileHttpRoutes(vs));
  }

  public boundTo(gatewayRef: string): readonly Resource[] {
    if (!this.bound) {
      const bound = new Map<string, Resource[]>();
      for (const vs of [...this.model.ofKind('VirtualService')].sort(byCreation)) {
        const refs = new Set<string>((Array.isArray(vs.spec.gateways) ? vs.spec.gateways : []).map((g: string) => resolveGatewayRef(g, vs.namespace)));
        for (const ref of refs) {
          if (ref === 'mesh') continue;
          const list = bound.get(ref) ?? [];
          list.push(vs);
          bound.set(ref, list);
        }
      }
      this.bound = bound;
    }
    return this.bound.get(gatewayRef) ?? [];
  }

  public gatewayPod(ref: string): GatewayPod {
    // Failures are not cached: they throw every time, with the same message.
    return bounded(this.gatewayPods, ref, () => findGatewayPod(this.model, ref));
  }

  public listener(pod: GatewayPod, port: number): GatewayListener {
    return bounded(this.listeners, `${pod.id}|${port}`, () => buildGatewayListener(this, pod, port, serversOnPort(pod, port)));
  }

  public sidecarFor(namespace: string, labels: Readonly<Record<string, string>>): Resource | undefined {
    const key = `${namespace}|${labelKey(labels)}`;
    const found = bounded(this.sidecars, key, () => sidecarForWorkload(this.model, namespace, labels) ?? null);
    return found ?? undefined;
  }

  public meshTable(namespace: string, sidecar: Resource | undefined, port: number, host: string): MeshRouteTable {
    const sidecarKey = sidecar ? `${sidecar.namespace}/${sidecar.name}` : '-';
    return bounded(this.meshTables, `${namespace}|${sidecarKey}|${port}|${host}`, () => {
      this.meshCandidates ??= meshVirtualServices(this.model);
      return buildMeshTable({
        model: this.model, candidates: this.meshCandidates, compiled: (vs) => this.compiled(vs),
        namespace, sidecar, port, host,
      });
    });
  }

  /** Destinations of a route for a caller; cached because they depend on nothing else. */
  public plan(route: CompiledRoute, callerNamespace: string, requestPort: number): readonly PlannedDestination[] {
    let perCaller = this.plans.get(route);
    if (!perCaller) {
      perCaller = new Map();
      this.plans.set(route, perCaller);
    }
    const list: any[] = Array.isArray(route.rule.route) ? route.rule.route : [];
    return bounded(perCaller, `${callerNamespace}|${requestPort}`, () =>
      planDestinations(this.model, list, route.virtualService.namespace, callerNamespace, requestPort));
  }

  /** The sidecar's default route for a registered host with no VirtualService: the host on the request port. */
  public defaultPlan(callerNamespace: string, host: string, port: number): PlannedDestination {
    return bounded(this.defaultPlans, `${callerNamespace}|${port}|${host}`, () =>
      planOne(this.model, { host, port: { number: port } }, 1, callerNamespace, callerNamespace, port));
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

function labelKey(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',');
}

const indexes = new WeakMap<MeshModel, SimulationIndex>();

/** The simulator's index for `model`, built on first use. Models are immutable, so it never goes stale. */
export function indexFor(model: MeshModel): SimulationIndex {
  let index = indexes.get(model);
  if (!index) {
    index = new SimulationIndex(model);
    indexes.set(model, index);
  }
  return index;
}
