/**
 * Evaluates compiled CRD rules against an object with Kubernetes' semantics
 * (apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go):
 *  - a rule runs with `self` bound to the value at its schema node, once per instance (every
 *    array item, every map value); a rule under an absent or null field does not run;
 *  - a result other than `true` fails with `messageExpression` (if it yields a non-empty,
 *    single-line string), else `message`, else "failed rule: <rule>";
 *  - an evaluation error fails with "<error> evaluating rule: <message or rule>";
 *  - `fieldPath` is appended to the node's path; `reason` picks the field error type.
 */
import { isCelError } from '@bufbuild/cel';
import type { CompiledRule, RuleNode } from './cel-rules';
import { toCelValue } from './cel-values';

export interface CelViolation {
  path: string;
  rule: string;
  ruleId: string;
  message: string;
  reason: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
}

/** Called for every evaluation so tests can tell which rules they exercised and how. */
export type RuleObserver = (rule: CompiledRule, passed: boolean) => void;

/**
 * cel-go's wording for the evaluation errors whose @bufbuild/cel text differs: selecting an
 * absent field of an object is `no such key: <field>` (the API server reports e.g.
 * `no such key: certificateRefs evaluating rule: ...`).
 */
function celGoError(message: string): string {
  const absent = /^field not found: (.*)$/.exec(message);
  return absent ? `no such key: ${absent[1]}` : message;
}

function ruleErrorString(rule: CompiledRule): string {
  return (rule.spec.message ?? '').trim() || rule.spec.rule.trim();
}

function defaultMessage(rule: CompiledRule): string {
  const m = (rule.spec.message ?? '').trim();
  return m !== '' ? m : `failed rule: ${rule.spec.rule.trim()}`;
}

/** messageExpression wins only when it yields a usable string; otherwise Kubernetes falls back. */
function failureMessage(rule: CompiledRule, self: unknown): string {
  if (rule.messageProgram) {
    const m = rule.messageProgram({ self });
    if (typeof m === 'string' && m.trim() !== '' && !m.includes('\n') && m.length <= 5000) return m;
  }
  return defaultMessage(rule);
}

/** `.a.b['c.d']` → `a.b[c.d]`: field.Path rendering of a rule's relative fieldPath. */
export function normalizeFieldPath(fieldPath: string): string {
  let out = '';
  for (const m of fieldPath.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\['((?:[^'\\]|\\.)*)'\]/g)) {
    out += m[1] !== undefined ? (out === '' ? m[1] : `.${m[1]}`) : `[${m[2]!.replace(/\\(.)/g, '$1')}]`;
  }
  return out;
}

function join(path: string, child: string): string {
  return path === '' ? child : child.startsWith('[') ? `${path}${child}` : `${path}.${child}`;
}

/** One failing rule at a node, with its path relative to the node. */
interface Failure {
  rule: CompiledRule;
  relativePath: string;
  message: string;
  reason: CelViolation['reason'];
}

function failuresOf(node: RuleNode, value: unknown, observe?: RuleObserver): Failure[] {
  const self = toCelValue(value, node.schema);
  const failures: Failure[] = [];
  for (const rule of node.liveRules) {
    const result = rule.program!({ self });
    const passed = result === true;
    observe?.(rule, passed);
    if (passed) continue;
    if (isCelError(result)) {
      const message = result.message.startsWith('no such overload')
        ? `'${result.message}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(rule)}`
        : `${celGoError(result.message)} evaluating rule: ${ruleErrorString(rule)}`;
      failures.push({ rule, relativePath: '', message, reason: 'FieldValueInvalid' });
      continue;
    }
    const relativePath = rule.spec.fieldPath ? normalizeFieldPath(rule.spec.fieldPath) : '';
    failures.push({ rule, relativePath, message: failureMessage(rule, self), reason: rule.spec.reason ?? 'FieldValueInvalid' });
  }
  return failures;
}

/**
 * A rule sees nothing but `self`, so its outcome is a function of the value at its node. Meshes
 * repeat values (the same timeouts, ports, selectors and policy shapes in every team), so
 * outcomes are remembered per node and value text; a full table is dropped, not grown.
 */
const outcomes = new WeakMap<RuleNode, Map<string, Failure[]>>();
const MAX_OUTCOMES_PER_NODE = 20_000;

function memoizedFailures(node: RuleNode, value: unknown): Failure[] {
  let table = outcomes.get(node);
  if (!table) outcomes.set(node, (table = new Map()));
  const key = JSON.stringify(value);
  let failures = table.get(key);
  if (!failures) {
    failures = failuresOf(node, value);
    if (table.size >= MAX_OUTCOMES_PER_NODE) table.clear();
    table.set(key, failures);
  }
  return failures;
}

function evaluateRules(node: RuleNode, value: unknown, path: string, out: CelViolation[], observe?: RuleObserver): void {
  if (node.liveRules.length === 0) return;
  // An observer counts evaluations, so it gets real ones.
  const failures = observe ? failuresOf(node, value, observe) : memoizedFailures(node, value);
  for (const f of failures) {
    out.push({
      path: f.relativePath === '' ? path : join(path, f.relativePath),
      rule: f.rule.spec.rule, ruleId: f.rule.id, message: f.message, reason: f.reason,
    });
  }
}

/** Walks `value` along the rule tree, evaluating every rule at every instance. */
export function validateCel(node: RuleNode | undefined, value: unknown, path: string, out: CelViolation[], observe?: RuleObserver): CelViolation[] {
  if (!node || value === null || value === undefined) return out;
  evaluateRules(node, value, path, out, observe);
  if (Array.isArray(value)) {
    if (node.items) value.forEach((item, i) => validateCel(node.items, item, `${path}[${i}]`, out, observe));
  } else if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const [name, child] of node.properties) {
      if (Object.prototype.hasOwnProperty.call(obj, name)) validateCel(child, obj[name], join(path, name), out, observe);
    }
    if (node.additional) {
      for (const [key, v] of Object.entries(obj)) validateCel(node.additional, v, `${path}[${key}]`, out, observe);
    }
  }
  return out;
}
