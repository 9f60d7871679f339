/**
 * Who may call whom, as the routes say. Routes record their callers (the gateways they are bound
 * to, the team whose sidecars use them) against the hosts they send to; at synth time each
 * service turns its callers into the principals of its ALLOW AuthorizationPolicy. One graph per
 * App, filled in O(routes) and read in O(services), so 1,000 teams stay linear.
 * @see https://istio.io/latest/docs/concepts/security/#authorization-policies
 */
import { IConstruct } from 'constructs';

/** The SPIFFE trust domain of the mesh (Istio's default). */
export const TRUST_DOMAIN = 'cluster.local';

/** The principal (SPIFFE identity) of a service account, as AuthorizationPolicies name it. */
export function principalOf(namespace: string, serviceAccount: string): string {
  return `${TRUST_DOMAIN}/ns/${namespace}/sa/${serviceAccount}`;
}

/** Something whose workloads make calls: resolved at synth time, when the team is complete. */
export interface Caller {
  /** The SPIFFE principals of its workloads. */
  callerPrincipals(): string[];
}

const GRAPHS = new WeakMap<IConstruct, AccessGraph>();

/** The calls the routes of one App declare, for deriving AuthorizationPolicies. */
export class AccessGraph {
  /** The graph of the App `scope` belongs to. */
  public static of(scope: IConstruct): AccessGraph {
    const root = scope.node.root;
    let graph = GRAPHS.get(root);
    if (!graph) {
      graph = new AccessGraph();
      GRAPHS.set(root, graph);
    }
    return graph;
  }

  private readonly callersByHost = new Map<string, Set<Caller>>();

  private constructor() {}

  /** Records that `caller` sends traffic to `host`. */
  public addCall(caller: Caller, host: string): void {
    let callers = this.callersByHost.get(host);
    if (!callers) {
      callers = new Set();
      this.callersByHost.set(host, callers);
    }
    callers.add(caller);
  }

  /** The principals allowed to call `host`, sorted and unique. */
  public principalsCalling(host: string): string[] {
    const principals = new Set<string>();
    for (const caller of this.callersByHost.get(host) ?? []) {
      for (const principal of caller.callerPrincipals()) principals.add(principal);
    }
    return [...principals].sort();
  }
}
