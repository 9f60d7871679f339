/**
 * Which AuthorizationPolicies apply to a workload, compiled once per workload:
 * - istiod: model/authorization.go ListAuthorizationPolicies — the root namespace's policies and
 *   the workload's namespace's, in creation (input) order, grouped by action;
 * - istiod: model/policyattachment.go ShouldAttachPolicy — for a workload that is not a Gateway
 *   API gateway, a policy with `targetRef(s)` is ignored and `selector` must be a subset of the
 *   pod labels (no selector: every workload in scope); for a Gateway API gateway
 *   (`gateway.networking.k8s.io/gateway-name` label) a `Gateway` targetRef of that name in the
 *   same namespace attaches it, and without targetRefs the selector decides;
 * - istiod: builder/builder.go build — a policy annotated `istio.io/dry-run: "true"` only feeds
 *   shadow rules (never the decision); a policy without rules is one that never matches (so an
 *   ALLOW without rules allows nothing).
 */
import { MeshModel } from '../../model/mesh-model';
import { Resource } from '../../model/resource';
import { labelsMatch, Workload } from '../../model/workload';
import { compileRule, CompiledRule, isSkipped, PolicyAction, SkippedRule } from './compile';
import { append, perModel } from '../../model/per-model';

const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
const DRY_RUN = 'istio.io/dry-run';

export interface CompiledPolicy {
  readonly resource: Resource;
  /** `AuthorizationPolicy ns/name`. */
  readonly id: string;
  readonly action: PolicyAction;
  /** CUSTOM: the extension provider's name. */
  readonly provider?: string;
  /** Rules istiod turns into Envoy policies; empty for a policy without rules (never matches). */
  readonly rules: readonly CompiledRule[];
  readonly skipped: readonly SkippedRule[];
  /** Whether `spec.rules` is empty: the policy matches nothing ("allow nothing" for ALLOW). */
  readonly noRules: boolean;
}

export interface WorkloadPolicies {
  readonly custom: readonly CompiledPolicy[];
  readonly deny: readonly CompiledPolicy[];
  readonly allow: readonly CompiledPolicy[];
  /** Policies ignored by the decision (dry-run); listed for people. */
  readonly dryRun: readonly CompiledPolicy[];
  /** Whether some enforced rule reads the request; if not, the verdict depends on the connection only. */
  readonly readsRequest: boolean;
}

const NONE: WorkloadPolicies = { custom: [], deny: [], allow: [], dryRun: [], readsRequest: false };

/** Policies by namespace, compiled on first use; one per model (models are immutable). */
export class PolicyIndex {
  private readonly byNamespace = new Map<string, Resource[]>();
  private readonly compiled = new Map<Resource, CompiledPolicy>();
  private readonly perWorkload = new Map<Workload, WorkloadPolicies>();
  public readonly empty: boolean;

  constructor(private readonly model: MeshModel) {
    const sorted = [...model.ofKind('AuthorizationPolicy')].sort((a, b) => a.order - b.order);
    for (const policy of sorted) {
      append(this.byNamespace, policy.namespace, policy);
    }
    this.empty = sorted.length === 0;
  }

  /** The policies enforced at `workload`'s proxy, by action. */
  public forWorkload(workload: Workload): WorkloadPolicies {
    if (this.empty) return NONE;
    let found = this.perWorkload.get(workload);
    if (!found) {
      found = this.collect(workload);
      this.perWorkload.set(workload, found);
    }
    return found;
  }

  private collect(workload: Workload): WorkloadPolicies {
    const root = this.model.environment.rootNamespace;
    const namespaces = root === workload.namespace ? [root] : [root, workload.namespace];
    const result = { custom: [] as CompiledPolicy[], deny: [] as CompiledPolicy[], allow: [] as CompiledPolicy[], dryRun: [] as CompiledPolicy[] };
    for (const ns of namespaces) {
      for (const resource of this.byNamespace.get(ns) ?? []) {
        if (!attaches(resource, workload)) continue;
        const policy = this.compile(resource);
        if (String(resource.annotations[DRY_RUN]).toLowerCase() === 'true') result.dryRun.push(policy);
        else if (policy.action === 'CUSTOM') result.custom.push(policy);
        else if (policy.action === 'DENY') result.deny.push(policy);
        else if (policy.action === 'ALLOW') result.allow.push(policy);
        // AUDIT only logs (an RBAC_LOG filter); it never changes the decision.
      }
    }
    const readsRequest = [result.custom, result.deny, result.allow].some((list) => list.some((p) => p.rules.some((r) => r.readsRequest)));
    return { ...result, readsRequest };
  }

  private compile(resource: Resource): CompiledPolicy {
    let policy = this.compiled.get(resource);
    if (!policy) {
      const action = actionOf(resource.spec.action);
      const rules: CompiledRule[] = [];
      const skipped: SkippedRule[] = [];
      const list: any[] = Array.isArray(resource.spec.rules) ? resource.spec.rules : [];
      list.forEach((rule, i) => {
        const compiled = compileRule(rule, i, action, resource.namespace);
        if (isSkipped(compiled)) skipped.push(compiled);
        else rules.push(compiled);
      });
      policy = {
        resource, id: `AuthorizationPolicy ${resource.namespace}/${resource.name}`, action,
        provider: typeof resource.spec.provider?.name === 'string' ? resource.spec.provider.name : undefined,
        rules, skipped, noRules: list.length === 0,
      };
      this.compiled.set(resource, policy);
    }
    return policy;
  }
}

/** `action` absent means ALLOW (the API's default enum value). */
function actionOf(action: unknown): PolicyAction {
  const text = typeof action === 'string' ? action.toUpperCase() : 'ALLOW';
  return text === 'DENY' || text === 'AUDIT' || text === 'CUSTOM' ? text : 'ALLOW';
}

/** istiod: model/policyattachment.go WorkloadPolicyMatcher.ShouldAttachPolicy. */
export function attaches(policy: Resource, workload: Workload): boolean {
  const spec = policy.spec;
  const targetRefs: any[] = Array.isArray(spec.targetRefs) && spec.targetRefs.length > 0 ? spec.targetRefs
    : spec.targetRef ? [spec.targetRef] : [];
  const gatewayName = workload.podLabels[GATEWAY_NAME_LABEL];
  if (gatewayName === undefined || targetRefs.length === 0) {
    if (gatewayName === undefined && targetRefs.length > 0) return false;
    return labelsMatch(spec.selector?.matchLabels, workload.podLabels);
  }
  if (policy.namespace !== workload.namespace) return false;
  return targetRefs.some((ref) => (ref?.namespace === undefined || ref.namespace === '' || ref.namespace === workload.namespace)
    && ref?.kind === 'Gateway' && (ref.group ?? '') === 'gateway.networking.k8s.io' && ref.name === gatewayName);
}

export const policyIndexFor = perModel((model) => new PolicyIndex(model));
