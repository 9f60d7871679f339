/**
 * Collects every `x-kubernetes-validations` rule of a CRD version with the schema path it is
 * attached at, compiles each rule (and its messageExpression) once with @bufbuild/cel, and
 * builds a tree that mirrors only the schema branches leading to rules, so validating an
 * object walks just those branches.
 *
 * A rule that mentions `oldSelf` is a transition rule: Kubernetes evaluates it only on update,
 * so on create it is skipped and counted. With `optionalOldSelf: true` Kubernetes would evaluate
 * it on create with `oldSelf` = optional.none(); @bufbuild/cel has no optional types, so such a
 * rule is counted as `unsupported` instead of being evaluated wrongly.
 */
import { parse, plan, type CelResult } from '@bufbuild/cel';
import type { CelRuleSpec, CrdSchema, CrdVersion } from './crd-types';
import { kubernetesCelEnv } from './cel-env';

type Program = (bindings: { self: unknown }) => CelResult;

export interface CompiledRule {
  /** Stable id: `<Kind>/<version><schema path>#<index>`, e.g. `Gateway/v1.spec.servers[].tls#0`. */
  id: string;
  kind: string;
  version: string;
  /** `.spec.servers[].tls`; `[]` = every array item, `{}` = every map value. */
  schemaPath: string;
  spec: CelRuleSpec;
  status: 'create' | 'transition' | 'unsupported';
  program?: Program;
  messageProgram?: Program;
}

/** Walked alongside the raw JSON; `schema` converts the value at this node into `self`. */
export interface RuleNode {
  schema: CrdSchema;
  rules: CompiledRule[];
  /** The rules that run on create (have a program), computed once. */
  liveRules: CompiledRule[];
  properties: Map<string, RuleNode>;
  items?: RuleNode;
  additional?: RuleNode;
}

/** All identifiers and called functions in a parsed expression (macros are already expanded). */
export function exprSymbols(expression: string): { idents: Set<string>; functions: Set<string> } {
  const idents = new Set<string>();
  const functions = new Set<string>();
  const walk = (n: unknown): void => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) { n.forEach(walk); return; }
    const o = n as { case?: string; value?: { name?: string; function?: string } };
    if (o.case === 'identExpr' && o.value?.name) idents.add(o.value.name);
    if (o.case === 'callExpr' && o.value?.function) functions.add(o.value.function);
    for (const v of Object.values(n)) walk(v);
  };
  walk(parsed(expression).expr);
  return { idents, functions };
}

/**
 * Parsed expressions and programs by expression text: one text recurs across rules (52 of the
 * 89 rules of the seven kinds are `duration(self) >= duration('1ms')`) and across the served
 * versions of a kind. A program is a pure function of its text in the one shared environment.
 */
const parsedByText = new Map<string, ReturnType<typeof parse>>();
const programByText = new Map<string, Program>();

function parsed(expression: string): ReturnType<typeof parse> {
  let p = parsedByText.get(expression);
  if (!p) parsedByText.set(expression, (p = parse(expression)));
  return p;
}

function compileProgram(expression: string, where: string): Program {
  let program = programByText.get(expression);
  if (program) return program;
  try {
    program = plan(kubernetesCelEnv(), parsed(expression)) as unknown as Program;
  } catch (e) {
    throw new Error(`CRD validation: cannot compile CEL at ${where}: ${expression}: ${(e as Error).message}`);
  }
  programByText.set(expression, program);
  return program;
}

function compileRule(crd: CrdVersion, schemaPath: string, index: number, spec: CelRuleSpec): CompiledRule {
  const id = `${crd.kind}/${crd.version}${schemaPath}#${index}`;
  const usesOldSelf = exprSymbols(spec.rule).idents.has('oldSelf');
  const status = !usesOldSelf ? 'create' : spec.optionalOldSelf ? 'unsupported' : 'transition';
  const rule: CompiledRule = { id, kind: crd.kind, version: crd.version, schemaPath, spec, status };
  if (status === 'create') {
    rule.program = compileProgram(spec.rule, id);
    if (spec.messageExpression) rule.messageProgram = compileProgram(spec.messageExpression, `${id} messageExpression`);
  }
  return rule;
}

/** Builds the rule tree below `schema`; returns undefined when no rule lives there. */
function buildNode(crd: CrdVersion, schema: CrdSchema, schemaPath: string, all: CompiledRule[]): RuleNode | undefined {
  const rules = (schema['x-kubernetes-validations'] ?? []).map((r, i) => compileRule(crd, schemaPath, i, r));
  all.push(...rules);
  const node: RuleNode = { schema, rules, liveRules: rules.filter((r) => r.program), properties: new Map() };
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    const sub = buildNode(crd, child, `${schemaPath}.${name}`, all);
    if (sub) node.properties.set(name, sub);
  }
  if (schema.items) node.items = buildNode(crd, schema.items, `${schemaPath}[]`, all);
  if (typeof schema.additionalProperties === 'object') {
    node.additional = buildNode(crd, schema.additionalProperties, `${schemaPath}{}`, all);
  }
  const empty = rules.length === 0 && node.properties.size === 0 && !node.items && !node.additional;
  return empty ? undefined : node;
}

export interface CompiledCrdRules {
  root?: RuleNode;
  rules: CompiledRule[];
}

/** At the root, CEL also sees apiVersion, kind and metadata.name/generateName (never labels etc.). */
function withResourceFields(schema: CrdSchema): CrdSchema {
  const str: CrdSchema = { type: 'string' };
  const metadata: CrdSchema = { type: 'object', properties: { name: str, generateName: str } };
  // metadata last: a CRD's own `metadata: {type: object}` (Gateway API) must not hide name/generateName.
  return { ...schema, properties: { apiVersion: str, kind: str, ...schema.properties, metadata } };
}

const cache = new WeakMap<CrdVersion, CompiledCrdRules>();

/** Compiles a CRD version's rules once per process. */
export function compiledRules(crd: CrdVersion): CompiledCrdRules {
  let c = cache.get(crd);
  if (!c) {
    const rules: CompiledRule[] = [];
    const root = buildNode(crd, crd.schema, '', rules);
    if (root) root.schema = withResourceFields(crd.schema);
    c = { root, rules };
    cache.set(crd, c);
  }
  return c;
}
