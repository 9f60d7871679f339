/**
 * Per model: the static authorization and mTLS checks of every hop the simulator takes, cached
 * by destination and caller so that `explain` in a tight loop only evaluates predicates.
 */
import { MeshModel } from '../../model/mesh-model';
import { labelsMatch, Workload } from '../../model/workload';
import { PlannedDestination } from '../destinations';
import { GatewayPod } from '../gateway-listeners';
import { bounded } from '../sim-index';
import { clientTlsSettings, istioClusterSni } from '../tls-settings';
import { callerWorkload, principalOf, workloadPrincipal } from './identity';
import { Caller, callerTls, OUTSIDE, securityActive, targetCheck, TargetCheck } from './hop';
import { perModel } from '../../model/per-model';

/** Bound on request-derived cache keys (caller labels, ports), as in sim-index. */
const MAX_ENTRIES = 50_000;

function inner<K, K2, V>(map: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let found = map.get(key);
  if (!found) {
    found = new Map<K2, V>();
    put(map, key, found);
  }
  return found;
}

function put<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= MAX_ENTRIES) map.clear();
  map.set(key, value);
}

export class SecurityIndex {
  public readonly active: boolean;
  /** gateway pod → caller → port → check */
  private readonly gatewayChecks = new Map<GatewayPod, Map<Caller, Map<number, TargetCheck>>>();
  /** destination → caller → request port → checks */
  private readonly destinations = new Map<PlannedDestination, Map<Caller, Map<number, readonly TargetCheck[]>>>();
  /** destination list → caller → request port → allowed without a word */
  private readonly quiet = new Map<readonly PlannedDestination[], Map<Caller, Map<number, boolean>>>();
  private readonly callers = new Map<string, Caller>();
  private readonly gatewayCallers = new Map<Workload, Caller>();

  constructor(public readonly model: MeshModel) {
    this.active = securityActive(model);
  }

  /** A mesh workload calling out: its identity from the pods' ServiceAccount. */
  public workloadCaller(namespace: string, labels: Readonly<Record<string, string>>, serviceAccount?: string): Caller {
    const key = `${namespace}|${serviceAccount ?? ''}|${Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',')}`;
    return bounded(this.callers, key, () => {
      const sa = serviceAccount ?? callerWorkload(this.model, namespace, labels)?.serviceAccount ?? 'default';
      const principal = principalOf(this.model, namespace, sa);
      return { principal, namespace, key: `${namespace}|${principal}` };
    });
  }

  /** A gateway's pods forwarding a request: the gateway's ServiceAccount. */
  public gatewayCaller(pod: GatewayPod): Caller {
    return this.callerFor(pod.workload);
  }

  /** The identity a workload's proxy presents when it calls out. */
  public callerFor(workload: Workload): Caller {
    const found = this.gatewayCallers.get(workload);
    if (found) return found;
    const principal = workloadPrincipal(this.model, workload);
    const caller = { principal, namespace: workload.namespace, key: `${workload.namespace}|${principal}` };
    this.gatewayCallers.set(workload, caller);
    return caller;
  }

  // The lookups below run for every simulated request: plain get-then-build, no closure per call.

  /** The check at a gateway's own pods for a request arriving from `caller` (OUTSIDE: a client outside the mesh). */
  public atGateway(pod: GatewayPod, port: number, caller: Caller, via?: PlannedDestination): TargetCheck {
    const from = via ? caller : OUTSIDE;
    const perCaller = inner(inner(this.gatewayChecks, pod), from);
    let check = perCaller.get(port);
    if (!check) {
      const podPort = this.gatewayPort(pod.workload, port);
      check = from === OUTSIDE || !via
        ? targetCheck(this.model, pod.workload, podPort, OUTSIDE, true, {})
        : targetCheck(this.model, pod.workload, podPort, caller, true, callerTls(this.model, caller, via.host, via.subset, via.port), sniOf(this.model, caller, via, port));
      put(perCaller, port, check);
    }
    return check;
  }

  /** The checks at each workload a destination's requests land on. */
  public atDestination(plan: PlannedDestination, requestPort: number, caller: Caller): readonly TargetCheck[] {
    const perPort = inner(inner(this.destinations, plan), caller);
    let checks = perPort.get(requestPort);
    if (!checks) {
      checks = this.destinationChecks(plan, requestPort, caller);
      put(perPort, requestPort, checks);
    }
    return checks;
  }

  /**
   * Whether every workload these destinations land on admits `caller` whatever the request and
   * has nothing to say (fixed `allowed` verdicts, no notes): then a request costs one lookup.
   */
  public quietlyAllowed(plans: readonly PlannedDestination[], requestPort: number, caller: Caller): boolean {
    // A one-destination list may be built per request (the egress branch): judge the destination itself.
    if (plans.length === 1) return this.atDestination(plans[0], requestPort, caller).every((c) => c.quiet);
    const perPort = inner(inner(this.quiet, plans), caller);
    let quiet = perPort.get(requestPort);
    if (quiet === undefined) {
      quiet = plans.every((plan) => this.atDestination(plan, requestPort, caller)
        .every((c) => c.quiet));
      put(perPort, requestPort, quiet);
    }
    return quiet;
  }

  private destinationChecks(plan: PlannedDestination, requestPort: number, caller: Caller): readonly TargetCheck[] {
    if (plan.registry !== 'service' || plan.workloads.length === 0) return [];
    const service = this.model.services.get(plan.host);
    if (!service) return [];
    const names = new Set(plan.workloads);
    const targets = this.model.workloadsSelectedBy(service.selector, service.namespace).filter((w) => names.has(w.name));
    const servicePort = plan.port ?? requestPort;
    const tls = callerTls(this.model, caller, plan.host, plan.subset, servicePort);
    return targets.map((w) => targetCheck(this.model, w, targetPortOf(service.ports, servicePort, w), caller, false, tls, sniOf(this.model, caller, plan, servicePort)));
  }

  /** A gateway listens on its Service's target port for a server port (the port policies see). */
  private gatewayPort(workload: Workload, port: number): number {
    for (const service of this.model.services.values()) {
      if (service.namespace !== workload.namespace || !service.selector || Object.keys(service.selector).length === 0) continue;
      if (!labelsMatch(service.selector, workload.podLabels)) continue;
      const target = service.ports.find((p) => p.port === port)?.targetPort;
      if (typeof target === 'number') return target;
    }
    return port;
  }
}

/**
 * The SNI of the caller's Istio mTLS: the DestinationRule's `tls.sni`, else istiod's cluster
 * SNI `outbound_.<port>_.<subset>_.<host>` (cluster_tls.go buildUpstreamClusterTLSContext).
 */
function sniOf(model: MeshModel, caller: Caller, plan: PlannedDestination, port: number): string {
  const servicePort = plan.port ?? port;
  const written = caller.principal === undefined ? undefined : clientTlsSettings(model, caller.namespace, plan.host, plan.subset, servicePort)?.sni;
  return written ?? istioClusterSni(plan.host, plan.subset, servicePort);
}

/** The Service port's target: a number, or a named container port of the workload; else the port itself. */
function targetPortOf(ports: readonly { port: number; targetPort?: number | string }[], port: number, workload: Workload): number {
  const target = ports.find((p) => p.port === port)?.targetPort;
  if (typeof target === 'number') return target;
  if (typeof target === 'string') {
    if (/^\d+$/.test(target)) return Number(target);
    for (const container of workload.resource?.spec?.template?.spec?.containers ?? workload.resource?.spec?.containers ?? []) {
      const named = (container.ports ?? []).find((p: any) => p?.name === target);
      if (typeof named?.containerPort === 'number') return named.containerPort;
    }
  }
  return port;
}

export const securityIndexFor = perModel((model) => new SecurityIndex(model));
