/**
 * CIT130: a route declared in the manifests that can never succeed, because the proxy of the
 * workload it leads to refuses every request from the caller — generated policies and generated
 * routes that disagree. Callers are:
 * - for a Gateway-bound rule: the pods of that Gateway (their ServiceAccount);
 * - for a mesh-bound rule: the workloads of the VirtualService's own namespace (flagged only when
 *   every one of them is refused); a destination that is an egress gateway's Service is judged
 *   at the egress gateway's pods.
 * "Refuses every request" is judged on the identity alone (src/simulate/authz decide.ts
 * refusesPeer): a DENY rule matching the identity whatever the request, ALLOW policies none of
 * which can admit it, or a STRICT PeerAuthentication the caller's DestinationRule sends
 * plaintext to. Each route destination costs a few cached lookups, so the rule stays linear.
 */
import { MeshModel, Resource, resolveGatewayRef } from '../../model';
import { Workload } from '../../model/workload';
import { refusesPeer } from '../../simulate/authz/decide';
import { Caller } from '../../simulate/authz/hop';
import { SecurityIndex, securityIndexFor } from '../../simulate/authz/security-index';
import { planOne } from '../../simulate/destinations';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { arr } from '../support/schema';

export const ROUTE_REFUSED = 'CIT130';

/** Distinct identities judged per namespace for mesh routes (enough for any real namespace). */
const MAX_MESH_CALLERS = 50;

interface Refusal {
  readonly at: string;
  readonly policy: string;
  readonly rule?: number;
  readonly reason: string;
}

export const authorizationRoutes: Rule = {
  code: ROUTE_REFUSED,
  description: "Routes can succeed: the destination's AuthorizationPolicies and mTLS admit the route's callers",
  run(model: MeshModel): Finding[] {
    const security = securityIndexFor(model);
    if (!security.active) return [];
    const out: Finding[] = [];
    const gatewayCallers = new Map<string, { caller: Caller; id: string } | null>();
    const meshCallers = new Map<string, Caller[]>();
    let gatewayPods: Set<Workload> | undefined;
    for (const vs of model.ofKind('VirtualService')) {
      const refs = arr(vs.spec.gateways).filter((g): g is string => typeof g === 'string').map((g) => resolveGatewayRef(g, vs.namespace));
      const meshBound = refs.length === 0 || refs.includes('mesh');
      arr(vs.spec.http).forEach((rule: any, i: number) => {
        const destinations = arr(rule?.route).map((r: any) => r?.destination).filter((d: any) => d && typeof d.host === 'string');
        if (destinations.length === 0) return;
        for (const ref of refs) {
          if (ref === 'mesh' || !ruleAppliesTo(rule, ref, vs.namespace)) continue;
          const gateway = cached(gatewayCallers, ref, () => gatewayCaller(model, security, ref));
          if (!gateway) continue;
          destinations.forEach((d: any, j: number) => {
            const refusal = judge(model, security, gateway.caller, d, vs.namespace);
            if (refusal) out.push(report(vs, i, j, `Gateway ${ref} (pods ${gateway.id}, principal ${gateway.caller.principal})`, refusal, gateway.caller));
          });
        }
        if (!meshBound || !ruleAppliesTo(rule, 'mesh', vs.namespace)) return;
        gatewayPods ??= gatewayWorkloads(model);
        const pods = gatewayPods;
        const callers = cached(meshCallers, vs.namespace, () => namespaceCallers(model, security, vs.namespace, pods));
        if (callers.length === 0) return;
        destinations.forEach((d: any, j: number) => {
          const refusals = callers.map((c) => judge(model, security, c, d, vs.namespace));
          if (refusals.some((r) => r === undefined)) return;
          const who = callers.length === 1 ? `the workloads of ${vs.namespace} (principal ${callers[0].principal})` : `every workload of ${vs.namespace} (${callers.length} identities)`;
          out.push(report(vs, i, j, who, refusals[0]!, callers[0]));
        });
      });
    }
    return out;
  },
};

function cached<V>(map: Map<string, V>, key: string, build: () => V): V {
  if (!map.has(key)) map.set(key, build());
  return map.get(key)!;
}

/** A rule applies to a gateway when it has no match, or some match entry names it (or names none). */
function ruleAppliesTo(rule: any, ref: string, vsNamespace: string): boolean {
  const matches = arr(rule?.match);
  if (matches.length === 0) return true;
  return matches.some((m: any) => {
    const gateways = arr(m?.gateways).filter((g): g is string => typeof g === 'string');
    return gateways.length === 0 || gateways.map((g) => resolveGatewayRef(g, vsNamespace)).includes(ref);
  });
}

function gatewayCaller(model: MeshModel, security: SecurityIndex, ref: string): { caller: Caller; id: string } | null {
  const [namespace, name] = ref.split('/');
  const gateway = model.get('Gateway', namespace, name);
  const selector = gateway?.spec.selector;
  if (!selector || Object.keys(selector).length === 0) return null;
  const pods: Workload | undefined = model.workloadsSelectedBy(selector)[0];
  if (!pods) return null;
  return { caller: security.callerFor(pods), id: `${pods.kind} ${pods.namespace}/${pods.name}` };
}

/** The distinct identities of the namespace's own (non-gateway) workloads. */
function namespaceCallers(model: MeshModel, security: SecurityIndex, namespace: string, gateways: ReadonlySet<Workload>): Caller[] {
  const byPrincipal = new Map<string, Caller>();
  for (const w of model.workloadsSelectedBy(undefined, namespace)) {
    if (byPrincipal.size >= MAX_MESH_CALLERS) break;
    if (gateways.has(w)) continue;
    const caller = security.callerFor(w);
    if (!byPrincipal.has(caller.principal!)) byPrincipal.set(caller.principal!, caller);
  }
  return [...byPrincipal.values()].sort((a, b) => a.principal!.localeCompare(b.principal!));
}

/** Every workload some Gateway selects (its pods are gateways, not mesh callers); one pass over the Gateways. */
function gatewayWorkloads(model: MeshModel): Set<Workload> {
  const pods = new Set<Workload>();
  for (const gateway of model.ofKind('Gateway')) {
    const selector = gateway.spec.selector;
    if (!selector || Object.keys(selector).length === 0) continue;
    for (const w of model.workloadsSelectedBy(selector)) pods.add(w);
  }
  return pods;
}

/** The first refusal at the destination's workloads when every request from `caller` is refused there. */
function judge(model: MeshModel, security: SecurityIndex, caller: Caller, destination: any, vsNamespace: string): Refusal | undefined {
  const requestPort = typeof destination.port?.number === 'number' ? destination.port.number : 80;
  const plan = planOne(model, destination, 1, vsNamespace, caller.namespace, requestPort);
  const checks = security.atDestination(plan, requestPort, caller);
  // A route that reaches several workloads works when some of them admit it.
  let first: Refusal | undefined;
  for (const check of checks) {
    if (check.reset) {
      first ??= { at: check.id, policy: check.reset.policy, reason: check.reset.reason };
      continue;
    }
    const verdict = refusesPeer(check.policies, check.peer);
    if (!verdict) return undefined;
    first ??= { at: check.id, policy: verdict.policy ?? 'AuthorizationPolicy', rule: verdict.rule, reason: verdict.reason };
  }
  return first;
}

function report(vs: Resource, i: number, j: number, who: string, refusal: Refusal, caller: Caller): Finding {
  const by = `${refusal.policy}${refusal.rule !== undefined ? ` rules[${refusal.rule}]` : ''}`;
  const reset = refusal.policy.startsWith('PeerAuthentication');
  return finding(vs, ROUTE_REFUSED, 'error',
    `http[${i}].route[${j}] can never succeed: ${who} is refused by ${refusal.at} (${by}): ${refusal.reason}.`,
    reset
      ? `send Istio mTLS to that workload (remove tls.mode DISABLE/SIMPLE from the caller's DestinationRule), or relax its PeerAuthentication`
      : `admit "${caller.principal}" in an ALLOW rule of the AuthorizationPolicy selecting ${refusal.at} (or remove the DENY rule), or remove the route`);
}
