/**
 * The decision of a proxy's authorization filters for one request, in the order istiod chains
 * them (builder/builder.go build; networking/core httpFilters): CUSTOM (ext_authz), then the
 * root namespace's and the workload namespace's DENY, then ALLOW.
 * - a matching DENY rule → 403;
 * - ALLOW policies present and none of their rules matches (an ALLOW without rules matches
 *   nothing) → 403; no ALLOW policy at all → allowed;
 * - a matching CUSTOM rule sends the request to the external authorizer: the simulator does not
 *   guess its answer.
 * Verdicts are precomputed per rule, so a decision allocates nothing.
 */
import { CompiledRule } from './compile';
import { AuthzContext } from './context';
import { CompiledPolicy, WorkloadPolicies } from './policies';

export interface Verdict {
  readonly decision: 'allowed' | 'denied' | 'external';
  /** `AuthorizationPolicy ns/name` that decided, or `no ALLOW policy matched`. */
  readonly policy?: string;
  readonly rule?: number;
  readonly reason: string;
}

export const NO_ALLOW_POLICY = 'no ALLOW policy matched';

export const ALLOWED_WITHOUT_POLICY: Verdict = Object.freeze({ decision: 'allowed', reason: 'no ALLOW policy applies: allowed' });

const verdicts = new WeakMap<CompiledRule, Verdict>();
const noMatch = new WeakMap<WorkloadPolicies, Verdict>();

function ruleVerdict(policy: CompiledPolicy, rule: CompiledRule): Verdict {
  let verdict = verdicts.get(rule);
  if (!verdict) {
    const at = `${policy.id} rules[${rule.index}]`;
    verdict = Object.freeze(policy.action === 'DENY'
      ? { decision: 'denied' as const, policy: policy.id, rule: rule.index, reason: `${at} (DENY) matches the request` }
      : policy.action === 'CUSTOM'
        ? { decision: 'external' as const, policy: policy.id, rule: rule.index, reason: `${at} (CUSTOM) matches: the external authorizer${policy.provider ? ` "${policy.provider}"` : ''} decides` }
        : { decision: 'allowed' as const, policy: policy.id, rule: rule.index, reason: `${at} (ALLOW) matches the request` });
    verdicts.set(rule, verdict);
  }
  return verdict;
}

function firstMatch(policies: readonly CompiledPolicy[], context: AuthzContext): Verdict | undefined {
  for (const policy of policies) {
    for (const rule of policy.rules) if (rule.test(context)) return ruleVerdict(policy, rule);
  }
  return undefined;
}

/** Why no ALLOW policy admitted the request, naming each one (computed once per workload). */
function noAllowVerdict(policies: WorkloadPolicies): Verdict {
  let verdict = noMatch.get(policies);
  if (!verdict) {
    const parts = policies.allow.map((p) => (p.noRules ? `${p.id} (no rules: allows nothing)`
      : p.rules.length === 0 ? `${p.id} (every rule skipped by istiod: ${p.skipped.map((s) => `rules[${s.index}] ${s.reason}`).join('; ')})`
        : `${p.id} (no rule matches)`));
    verdict = Object.freeze({ decision: 'denied' as const, policy: NO_ALLOW_POLICY, reason: `ALLOW policies apply and none admits the request: ${parts.join(', ')}` });
    noMatch.set(policies, verdict);
  }
  return verdict;
}

export function decide(policies: WorkloadPolicies, context: AuthzContext): Verdict {
  const denied = firstMatch(policies.deny, context);
  if (denied) return denied;
  let verdict: Verdict = ALLOWED_WITHOUT_POLICY;
  if (policies.allow.length > 0) verdict = firstMatch(policies.allow, context) ?? noAllowVerdict(policies);
  if (verdict.decision === 'denied') return verdict;
  return firstMatch(policies.custom, context) ?? verdict;
}

/** What the simulator assumed while deciding at this workload (conditions it cannot know). */
const assumptions = new WeakMap<WorkloadPolicies, readonly string[]>();

export function assumptionsOf(policies: WorkloadPolicies): readonly string[] {
  let found = assumptions.get(policies);
  if (!found) {
    found = Object.freeze(collectAssumptions(policies));
    assumptions.set(policies, found);
  }
  return found;
}

function collectAssumptions(policies: WorkloadPolicies): string[] {
  const out = new Set<string>();
  for (const list of [policies.custom, policies.deny, policies.allow]) {
    for (const p of list) {
      for (const r of p.rules) for (const a of r.assumptions) out.add(`${p.id} rules[${r.index}]: ${a}`);
      for (const s of p.skipped) out.add(`${p.id} rules[${s.index}] is skipped by istiod (${s.reason})`);
    }
  }
  return [...out].sort();
}

/**
 * Whether every request from `peer` is refused here, whatever its path, method or headers: a
 * DENY rule that matches the identity alone, or ALLOW policies none of which can admit it.
 * Undefined when some request may pass (used by `check`, CIT130).
 */
export function refusesPeer(policies: WorkloadPolicies, peer: string | undefined): Verdict | undefined {
  for (const policy of policies.deny) {
    for (const rule of policy.rules) if (rule.identity.must(peer)) return ruleVerdict(policy, rule);
  }
  if (policies.allow.length === 0) return undefined;
  for (const policy of policies.allow) {
    for (const rule of policy.rules) if (rule.identity.could(peer)) return undefined;
  }
  return noAllowVerdict(policies);
}
