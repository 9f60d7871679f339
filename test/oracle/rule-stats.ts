/**
 * Test-side bookkeeping over the API-server layer (src/analysis/apiserver): how many CEL rules
 * each kind has, and which rules a suite exercised.
 */
import { compiledRules, type CompiledRule } from '../../src/analysis/apiserver/cel-rules';
import type { RuleObserver } from '../../src/analysis/apiserver/cel-validate';
import { gvkKey, type CrdVersion } from '../../src/analysis/apiserver/crd-types';
import { loadIstioBundle } from '../../src/analysis/apiserver/istio-crds';

/** The seven kinds the library emits, all at v1. */
export const ISTIO_KINDS_V1 = [
  { group: 'networking.istio.io', kind: 'Gateway' },
  { group: 'networking.istio.io', kind: 'VirtualService' },
  { group: 'networking.istio.io', kind: 'DestinationRule' },
  { group: 'networking.istio.io', kind: 'ServiceEntry' },
  { group: 'networking.istio.io', kind: 'Sidecar' },
  { group: 'security.istio.io', kind: 'PeerAuthentication' },
  { group: 'security.istio.io', kind: 'AuthorizationPolicy' },
] as const;

export interface RuleStats {
  group: string;
  version: string;
  kind: string;
  total: number;
  /** Rules that run on create. */
  evaluatedOnCreate: number;
  /** Rules that read `oldSelf`: update-only, skipped on create. */
  transition: number;
  /** optionalOldSelf rules, which need CEL optionals @bufbuild/cel lacks; not evaluated. */
  unsupported: number;
}

/** CEL rule counts of the v1 version of the seven kinds this library emits (or of `crds`). */
export function crdRuleStats(crds?: CrdVersion[]): RuleStats[] {
  const bundle = loadIstioBundle();
  const versions = crds ?? ISTIO_KINDS_V1.map(({ group, kind }) => {
    const crd = bundle.byGvk.get(gvkKey(group, 'v1', kind));
    if (!crd) throw new Error(`${group}/v1 ${kind} missing from ${bundle.source}`);
    return crd;
  });
  return versions.map((crd) => {
    const { rules } = compiledRules(crd);
    const count = (s: CompiledRule['status']) => rules.filter((r) => r.status === s).length;
    return {
      group: crd.group, version: crd.version, kind: crd.kind, total: rules.length,
      evaluatedOnCreate: count('create'), transition: count('transition'), unsupported: count('unsupported'),
    };
  });
}

/** Records, per rule id, how often a rule was evaluated and how often it failed. */
export class RuleCoverage {
  readonly passed = new Map<string, number>();
  readonly failed = new Map<string, number>();
  readonly observe: RuleObserver = (rule, ok) => {
    const m = ok ? this.passed : this.failed;
    m.set(rule.id, (m.get(rule.id) ?? 0) + 1);
  };
  exercised(): Set<string> {
    return new Set([...this.passed.keys(), ...this.failed.keys()]);
  }
}

/**
 * The blind count of a CRD version's CEL rules: every `x-kubernetes-validations` list anywhere in
 * the raw schema, found by a generic walk over all keys (no schema semantics), and how many of
 * those rules are transition rules (`oldSelf`).
 */
export function blindCount(node: unknown): { rules: number; oldSelf: number } {
  let rules = 0;
  let oldSelf = 0;
  const walk = (n: unknown): void => {
    if (n === null || typeof n !== 'object') return;
    const list = (n as Record<string, unknown>)['x-kubernetes-validations'];
    if (Array.isArray(list)) {
      rules += list.length;
      oldSelf += list.filter((r) => /\boldSelf\b/.test(String(r.rule))).length;
    }
    Object.values(n).forEach(walk);
  };
  walk(node);
  return { rules, oldSelf };
}
