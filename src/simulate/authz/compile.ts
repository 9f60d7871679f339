/**
 * One AuthorizationPolicy rule compiled into a predicate, following istiod's translation to
 * Envoy RBAC (pilot/pkg/security/authz/model/model.go New and Generate):
 * - a rule matches when some permission (`to` entry) AND some principal (`from` entry) match;
 *   no `from` (or no `to`) means any; `when` conditions are ANDed into every entry;
 * - within an entry, each field is ANDed; within a field, values are ORed and `notValues` are
 *   `NOT(OR(...))`; empty fields are skipped;
 * - a value istiod cannot translate (bad CIDR, bad port, malformed key) fails closed:
 *   for ALLOW the whole rule is dropped, for DENY/AUDIT/CUSTOM only that value is ignored
 *   (model.go rule.checkError), so the DENY rule gets wider;
 * - an unknown `when` key makes model.New fail: the rule is skipped (builder.go build).
 */
import { AuthzContext, Condition } from './context';
import {
  cidrTest, headerTest, hostTest, namespaceTest, pathTest, portTest, requestPrincipalTest, serviceAccountTest, stringTest, ValueTest,
} from './values';

export type PolicyAction = 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';

/**
 * The rule judged on the peer identity alone, every other attribute unknown (for `check`):
 * `could` — some request from that peer may match; `must` — every request from it matches.
 */
export interface IdentityJudgement {
  could(peer: string | undefined): boolean;
  must(peer: string | undefined): boolean;
}

export interface CompiledRule {
  readonly index: number;
  readonly test: Condition;
  readonly identity: IdentityJudgement;
  /**
   * Whether the rule reads the request (host, method, path, headers, JWT, addresses). When no
   * rule of a workload does, its verdict for a caller is fixed and computed once.
   */
  readonly readsRequest: boolean;
  /** Conditions the simulator cannot know and treats as absent (for people). */
  readonly assumptions: readonly string[];
}

/** Why a rule produced no Envoy policy (logged by istiod as "skipped invalid rule"). */
export interface SkippedRule {
  readonly index: number;
  readonly reason: string;
}

const SPIFFE = 'spiffe://';
const ANY: Condition = () => true;

/** A field's values as an Envoy matcher on one attribute; `undefined` when the field adds nothing. */
type FieldKind = 'permission' | 'principal';

interface Field {
  /** The attribute read from the context. */
  read(context: AuthzContext): string | undefined;
  compile(value: string): ValueTest;
}

const PEER: Field['read'] = (c) => c.peer;

const FIELDS = {
  principals: { read: PEER, compile: (v: string) => stringTest(v, SPIFFE) },
  namespaces: { read: PEER, compile: namespaceTest },
  ipBlocks: { read: (c: AuthzContext) => c.sourceIp, compile: cidrTest },
  remoteIpBlocks: { read: (c: AuthzContext) => c.remoteIp, compile: cidrTest },
  requestPrincipals: { read: (c: AuthzContext) => c.requestPrincipal, compile: requestPrincipalTest },
  hosts: { read: (c: AuthzContext) => c.authority, compile: hostTest },
  methods: { read: (c: AuthzContext) => c.method, compile: (v: string) => headerTest(v) },
  paths: { read: (c: AuthzContext) => c.path, compile: pathTest },
  sni: { read: (c: AuthzContext) => c.sni, compile: (v: string) => stringTest(v) },
} satisfies Record<string, Field>;

/** A rule could not be translated (istiod: the generator returned an error under ALLOW). */
class DroppedRule extends Error {}

/** `values` ORed, AND `NOT(OR(notValues))`, as model.go rule.permission/principal generate. */
function fieldCondition(read: (c: AuthzContext) => any, compile: (v: string) => (a: any) => boolean,
  values: unknown, notValues: unknown, action: PolicyAction): Condition[] {
  const compileAll = (list: unknown): ((a: any) => boolean)[] => {
    const out: ((a: any) => boolean)[] = [];
    for (const value of Array.isArray(list) ? list : []) {
      try {
        out.push(compile(String(value)));
      } catch (error) {
        // model.go checkError: fail closed — ALLOW loses the rule, DENY ignores the value.
        if (action === 'ALLOW') throw new DroppedRule((error as Error).message);
      }
    }
    return out;
  };
  const conditions: Condition[] = [];
  const yes = anyOf(compileAll(values));
  if (yes) conditions.push((c) => yes(read(c)));
  const no = anyOf(compileAll(notValues));
  if (no) conditions.push((c) => !no(read(c)));
  return conditions;
}

/** OR of value tests, without a closure per call (this runs for every simulated request). */
function anyOf<T>(tests: ((a: T) => boolean)[]): ((a: T) => boolean) | undefined {
  if (tests.length === 0) return undefined;
  if (tests.length === 1) return tests[0];
  return (a) => {
    for (let i = 0; i < tests.length; i++) if (tests[i](a)) return true;
    return false;
  };
}

function field(name: keyof typeof FIELDS, values: unknown, notValues: unknown, action: PolicyAction): Condition[] {
  const f: Field = FIELDS[name];
  return fieldCondition(f.read, f.compile, values, notValues, action);
}

const PORT_READ = (c: AuthzContext) => c.port;

/** A `when` condition, filed as a permission or a principal as model.go New does; throws for unknown keys. */
function whenCondition(key: string, values: unknown, notValues: unknown, action: PolicyAction, assumptions: string[], policyNamespace: string): { kind: FieldKind; conditions: Condition[] } {
  if (key === 'source.serviceAccount') return { kind: 'principal', conditions: fieldCondition(PEER, serviceAccountTest(policyNamespace), values, notValues, action) };
  if (key === 'destination.port') return { kind: 'permission', conditions: fieldCondition(PORT_READ, portTest, values, notValues, action) };
  if (key === 'connection.sni') return { kind: 'permission', conditions: field('sni', values, notValues, action) };
  if (key === 'source.ip') return { kind: 'principal', conditions: field('ipBlocks', values, notValues, action) };
  if (key === 'remote.ip') return { kind: 'principal', conditions: field('remoteIpBlocks', values, notValues, action) };
  if (key === 'source.namespace') return { kind: 'principal', conditions: field('namespaces', values, notValues, action) };
  if (key === 'source.principal') return { kind: 'principal', conditions: field('principals', values, notValues, action) };
  if (key === 'request.auth.principal') return { kind: 'principal', conditions: field('requestPrincipals', values, notValues, action) };
  if (key.startsWith('request.headers')) {
    const name = nameInBrackets(key.slice('request.headers'.length));
    if (name === undefined) {
      if (action === 'ALLOW') throw new DroppedRule(`malformed key ${key}`);
      return { kind: 'principal', conditions: [] };
    }
    const lower = name.toLowerCase();
    return { kind: 'principal', conditions: fieldCondition((c) => c.headers.get(lower), headerTest, values, notValues, action) };
  }
  if (key === 'destination.ip' || key.startsWith('experimental.envoy.filters.')) {
    assumptions.push(`${key} is not known to the simulator: treated as absent`);
    return { kind: 'permission', conditions: fieldCondition(() => undefined, (v) => stringTest(v), values, notValues, action) };
  }
  if (key === 'request.auth.audiences' || key === 'request.auth.presenter' || key.startsWith('request.auth.claims')) {
    assumptions.push(`${key}: the request carries no JWT claims here (treated as absent)`);
    return { kind: 'principal', conditions: fieldCondition(() => undefined, (v) => stringTest(v), values, notValues, action) };
  }
  throw new Error(`unknown attribute ${key}`);
}

/** istiod: model/util.go extractNameInBrackets — `[name]` → name. */
function nameInBrackets(text: string): string | undefined {
  return text.startsWith('[') && text.endsWith(']') && text.length > 2 ? text.slice(1, -1) : undefined;
}

function all(conditions: readonly Condition[]): Condition {
  if (conditions.length === 0) return ANY;
  if (conditions.length === 1) return conditions[0];
  return (c) => {
    for (let i = 0; i < conditions.length; i++) if (!conditions[i](c)) return false;
    return true;
  };
}

function some(conditions: readonly Condition[]): Condition {
  return anyOf(conditions as Condition[]) ?? ANY;
}

/**
 * Compiles rule `index` of a policy with `action`. Returns a SkippedRule when istiod would not
 * generate an Envoy policy for it.
 */
export function compileRule(rule: any, index: number, action: PolicyAction, policyNamespace = ''): CompiledRule | SkippedRule {
  if (rule === null || rule === undefined) return { index, reason: 'nil rule' };
  const assumptions: string[] = [];
  try {
    const basePermission: Condition[] = [];
    const basePrincipal: Condition[] = [];
    for (const when of Array.isArray(rule.when) ? rule.when : []) {
      const { kind, conditions } = whenCondition(String(when?.key), when?.values, when?.notValues, action, assumptions, policyNamespace);
      (kind === 'permission' ? basePermission : basePrincipal).push(...conditions);
    }
    const identity = judgeIdentity(rule, action, policyNamespace);
    const froms: any[] = Array.isArray(rule.from) ? rule.from : [];
    const principals: Condition[] = froms.length === 0 ? [all(basePrincipal)] : froms.map((from) => {
      const s = from?.source ?? {};
      return all([
        ...field('principals', s.principals, s.notPrincipals, action),
        ...field('requestPrincipals', s.requestPrincipals, s.notRequestPrincipals, action),
        ...fieldCondition(PEER, serviceAccountTest(policyNamespace), s.serviceAccounts, s.notServiceAccounts, action),
        ...field('namespaces', s.namespaces, s.notNamespaces, action),
        ...field('remoteIpBlocks', s.remoteIpBlocks, s.notRemoteIpBlocks, action),
        ...field('ipBlocks', s.ipBlocks, s.notIpBlocks, action),
        ...basePrincipal,
      ]);
    });
    const tos: any[] = Array.isArray(rule.to) ? rule.to : [];
    const permissions: Condition[] = tos.length === 0 ? [all(basePermission)] : tos.map((to) => {
      const o = to?.operation ?? {};
      return all([
        ...field('hosts', o.hosts, o.notHosts, action),
        ...field('methods', o.methods, o.notMethods, action),
        ...field('paths', o.paths, o.notPaths, action),
        ...fieldCondition(PORT_READ, portTest, o.ports, o.notPorts, action),
        ...basePermission,
      ]);
    });
    const permission = some(permissions);
    const principal = some(principals);
    return { index, test: (c) => permission(c) && principal(c), identity, readsRequest: readsRequest(rule), assumptions };
  } catch (error) {
    return { index, reason: (error as Error).message };
  }
}

const CONNECTION_KEYS = new Set(['source.namespace', 'source.principal', 'source.serviceAccount', 'destination.port', 'connection.sni']);
const REQUEST_SOURCE_FIELDS = ['requestPrincipals', 'notRequestPrincipals', 'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'];
const REQUEST_OPERATION_FIELDS = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];

function nonEmpty(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/** Whether anything but the connection (peer, port, SNI) decides the rule. */
function readsRequest(rule: any): boolean {
  if ((Array.isArray(rule.when) ? rule.when : []).some((w: any) => !CONNECTION_KEYS.has(String(w?.key)))) return true;
  if ((Array.isArray(rule.from) ? rule.from : []).some((f: any) => REQUEST_SOURCE_FIELDS.some((k) => nonEmpty(f?.source?.[k])))) return true;
  return (Array.isArray(rule.to) ? rule.to : []).some((t: any) => REQUEST_OPERATION_FIELDS.some((k) => nonEmpty(t?.operation?.[k])));
}

/** Source fields and `when` keys that read only the peer identity. */
const IDENTITY_FIELDS = { principals: 'notPrincipals', namespaces: 'notNamespaces' } as const;
const IDENTITY_KEYS: Record<string, keyof typeof FIELDS> = { 'source.principal': 'principals', 'source.namespace': 'namespaces' };

/**
 * Three-valued reading of a rule for a peer: identity conditions are evaluated, every other
 * condition is unknown (true for `could`, false for `must`).
 */
function judgeIdentity(rule: any, action: PolicyAction, policyNamespace: string): IdentityJudgement {
  const whens: any[] = Array.isArray(rule.when) ? rule.when : [];
  const baseKnown: Condition[] = [];
  let baseUnknown = false;
  let permissionUnknown = Array.isArray(rule.to) && rule.to.length > 0;
  for (const when of whens) {
    const key = String(when?.key);
    const fieldName = IDENTITY_KEYS[key];
    if (fieldName) baseKnown.push(...field(fieldName, when?.values, when?.notValues, action));
    else if (key === 'source.serviceAccount') baseKnown.push(...fieldCondition(PEER, serviceAccountTest(policyNamespace), when?.values, when?.notValues, action));
    else if (key === 'destination.port' || key === 'connection.sni' || key === 'destination.ip' || key.startsWith('experimental.')) permissionUnknown = true;
    else baseUnknown = true;
  }
  const froms: any[] = Array.isArray(rule.from) && rule.from.length > 0 ? rule.from : [{}];
  const entries = froms.map((from) => {
    const s = from?.source ?? {};
    const known: Condition[] = [...baseKnown];
    for (const [yes, no] of Object.entries(IDENTITY_FIELDS) as [keyof typeof IDENTITY_FIELDS, string][]) known.push(...field(yes, s[yes], s[no], action));
    known.push(...fieldCondition(PEER, serviceAccountTest(policyNamespace), s.serviceAccounts, s.notServiceAccounts, action));
    const unknown = baseUnknown || ['requestPrincipals', 'notRequestPrincipals', 'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks']
      .some((k) => Array.isArray(s[k]) && s[k].length > 0);
    return { test: all(known), unknown };
  });
  const contextOf = (peer: string | undefined): AuthzContext => ({ peer, authority: '', method: '', path: '', headers: new Map(), port: 0 });
  return {
    could: (peer) => { const c = contextOf(peer); return entries.some((e) => e.test(c)); },
    must: (peer) => { const c = contextOf(peer); return !permissionUnknown && entries.some((e) => !e.unknown && e.test(c)); },
  };
}

export function isSkipped(rule: CompiledRule | SkippedRule): rule is SkippedRule {
  return (rule as SkippedRule).reason !== undefined;
}
