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

function evaluateRules(node: RuleNode, value: unknown, path: string, out: CelViolation[], observe?: RuleObserver): void {
  const live = node.liveRules;
  if (live.length === 0) return;
  const self = toCelValue(value, node.schema);
  for (const rule of live) {
    const result = rule.program!({ self });
    const passed = result === true;
    observe?.(rule, passed);
    if (passed) continue;
    if (isCelError(result)) {
      const detail = result.message.startsWith('no such overload')
        ? `'${result.message}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(rule)}`
        : `${result.message} evaluating rule: ${ruleErrorString(rule)}`;
      out.push({ path, rule: rule.spec.rule, ruleId: rule.id, message: detail, reason: 'FieldValueInvalid' });
      continue;
    }
    const at = rule.spec.fieldPath ? join(path, normalizeFieldPath(rule.spec.fieldPath)) : path;
    out.push({ path: at, rule: rule.spec.rule, ruleId: rule.id, message: failureMessage(rule, self), reason: rule.spec.reason ?? 'FieldValueInvalid' });
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
