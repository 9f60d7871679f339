/**
 * istio-config-validator's assertions, on the rule Envoy would pick. That tool compares fields of
 * the matched `http[]` rule with `reflect.DeepEqual` and passes a request when the comparison
 * equals `wantMatch` (internal/pkg/unit TestRunner.Run): `route` always (no rule, or a rule
 * without destinations, is an empty route), `rewrite`, `fault`, `headers`, `redirect` and
 * `delegate` only when the test gives them. Here the rule is the one `explain` found (Envoy's
 * matching, delegates merged as istiod merges them), and hosts compare as Istio resolves them.
 */
import { MeshModel } from '../../model/mesh-model';
import { resolveHost } from '../../model/hosts';
import { mergeRule } from '../../simulate/delegate-merge';
import { Explanation, Hop } from '../../simulate/types';
import { RuleExpectation } from './types';

/** The rule a request matched: the effective one (delegate merged) and the root rule it came from. */
export interface MatchedRule {
  /** `ns/name[index]` of the rule, for messages. */
  readonly where: string;
  readonly namespace: string;
  readonly rule: any;
  readonly root: any;
}

/** The first routing decision on the way (the VirtualService for the request's own host), if a rule matched. */
export function matchedRule(model: MeshModel, explanation: Explanation): MatchedRule | undefined {
  const hop: Hop | undefined = explanation.hops.find((h) => h.virtualService !== undefined && h.ruleIndex !== undefined);
  if (!hop) return undefined;
  const root = ruleOf(model, hop.virtualService!, hop.ruleIndex!);
  if (!root) return undefined;
  if (hop.delegate !== undefined && hop.delegateRuleIndex !== undefined) {
    const leaf = ruleOf(model, hop.delegate, hop.delegateRuleIndex);
    if (leaf) return { where: `${hop.delegate} http[${hop.delegateRuleIndex}]`, namespace: leaf.namespace, rule: mergeRule(root.rule, leaf.rule, []), root: root.rule };
  }
  return { where: `${hop.virtualService} http[${hop.ruleIndex}]`, namespace: root.namespace, rule: root.rule, root: root.rule };
}

function ruleOf(model: MeshModel, id: string, index: number): { rule: any; namespace: string } | undefined {
  const [namespace, name] = id.split('/');
  const vs = model.get('VirtualService', namespace, name);
  const rule = Array.isArray(vs?.spec.http) ? vs!.spec.http[index] : undefined;
  return rule && typeof rule === 'object' ? { rule, namespace } : undefined;
}

/** Problems (expected versus got) where a field's equality differs from `wantMatch`. */
export function checkRule(model: MeshModel, explanation: Explanation, expected: RuleExpectation, wantMatch: boolean): string[] {
  const matched = matchedRule(model, explanation);
  const gatewayApiHop = matched ? undefined : explanation.hops.find((h) => h.route !== undefined && h.ruleIndex !== undefined);
  if (gatewayApiHop) {
    // There is no VirtualService rule to compare field by field: istiod derived it from an
    // HTTPRoute, and its destinations are Services, not subsets.
    return [`the request was routed by ${gatewayApiHop.route} rules[${gatewayApiHop.ruleIndex}] (Gateway API): istio-config-validator's format compares VirtualService rules (route, rewrite, …); `
      + 'write this test in the native `tests:` format (destinations, path, outcome), which reads both APIs'];
  }
  const namespace = matched?.namespace ?? '';
  const problems: string[] = [];
  const compare = (field: string, want: unknown, got: unknown) => {
    const equal = canonical(want) === canonical(got);
    if (equal === wantMatch) return;
    problems.push(wantMatch
      ? `${field}: expected ${show(want)}, got ${show(got)}${matched ? ` (rule ${matched.where})` : ' (no rule matched)'}`
      : `${field}: expected anything but ${show(want)} (wantMatch: false), got it${matched ? ` (rule ${matched.where})` : ''}`);
  };
  compare('route', normalizeRoute(expected.route, namespace), normalizeRoute(matched?.rule.route, namespace));
  for (const field of ['rewrite', 'fault', 'headers', 'redirect'] as const) {
    if (expected[field] !== undefined) compare(field, expected[field], matched?.rule[field]);
  }
  if (expected.delegate !== undefined) compare('delegate', expected.delegate, matched?.root.delegate);
  return problems;
}

/** Route entries with hosts resolved in the rule's namespace and Go's zero values (weight 0) dropped. */
function normalizeRoute(route: unknown, namespace: string): unknown[] {
  if (!Array.isArray(route)) return [];
  return route.map((entry: any) => {
    const out: any = { ...entry };
    if (entry?.destination && typeof entry.destination.host === 'string') {
      out.destination = { ...entry.destination, host: resolveHost(entry.destination.host.toLowerCase(), namespace) };
    }
    if (out.weight === 0) delete out.weight;
    return out;
  });
}

/** JSON with sorted keys, without null/undefined: equal texts are equal values (as DeepEqual on the decoded protos). */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && v !== null) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

function show(value: unknown): string {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return 'nothing';
  return canonical(value);
}
