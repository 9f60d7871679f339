/**
 * The CRD oracle: would the API server, with the Istio CRDs installed, accept this object on
 * create? It runs the same stages as apiextensions-apiserver, in the same order:
 *   1. find the served CRD version for apiVersion/kind;
 *   2. drop `status` when the status subresource is on; prune non-nullable nulls (reported);
 *   3. ObjectMeta checks, strict structural schema (ajv), list-type uniqueness;
 *   4. unless stage 3 found a blocking error (type/enum/required/too long/too many), every CEL
 *      rule that applies on create, on every instance of its schema node.
 *
 * Usage:
 *   const r = validateAgainstCrds(obj);
 *   if (!r.ok) console.log(r.violations.map(formatViolation).join('\n'));
 */
import { gvkKey, loadIstioBundle, type CrdBundle, type CrdVersion } from './crd-bundle';
import { compiledRules, type CompiledRule } from './cel-rules';
import { validateCel, type CelViolation, type RuleObserver } from './cel-validate';
import { validateListTypes } from './list-types';
import { validateMetadata } from './metadata';
import { pruneNonNullableNulls } from './prune-nulls';
import { validateStructure } from './structural-schema';

export interface Violation {
  kind: string;
  name: string;
  /** Kubernetes field path, e.g. `spec.servers[0].tls`. */
  path: string;
  /** The CEL rule text, for CEL violations. */
  rule?: string;
  ruleId?: string;
  message: string;
  source: 'crd' | 'metadata' | 'schema' | 'list-type' | 'cel';
  reason?: CelViolation['reason'];
}

export interface OracleResult {
  ok: boolean;
  violations: Violation[];
  /** Fields the API server would silently drop (non-nullable nulls). Not a rejection. */
  pruned: string[];
  /** True when CEL was skipped because of a blocking schema error, as the API server does. */
  celSkipped: boolean;
}

export const CEL_SKIPPED_MESSAGE =
  'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

export const ISTIO_KINDS_V1 = [
  { group: 'networking.istio.io', kind: 'Gateway' },
  { group: 'networking.istio.io', kind: 'VirtualService' },
  { group: 'networking.istio.io', kind: 'DestinationRule' },
  { group: 'networking.istio.io', kind: 'ServiceEntry' },
  { group: 'networking.istio.io', kind: 'Sidecar' },
  { group: 'security.istio.io', kind: 'PeerAuthentication' },
  { group: 'security.istio.io', kind: 'AuthorizationPolicy' },
] as const;

function splitApiVersion(apiVersion: unknown): { group: string; version: string } {
  const s = typeof apiVersion === 'string' ? apiVersion : '';
  const i = s.lastIndexOf('/');
  return i < 0 ? { group: '', version: s } : { group: s.slice(0, i), version: s.slice(i + 1) };
}

export interface ValidateOptions {
  bundle?: CrdBundle;
  /** Sees every CEL rule evaluation (see ruleCoverage()). */
  observe?: RuleObserver;
}

/** Validates one object as a create request. Never throws for a bad object. */
export function validateAgainstCrds(object: unknown, opts: ValidateOptions = {}): OracleResult {
  const bundle = opts.bundle ?? loadIstioBundle();
  const obj = (object !== null && typeof object === 'object' ? structuredClone(object) : {}) as Record<string, any>;
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
  const { group, version } = splitApiVersion(obj.apiVersion);
  const crd = bundle.byGvk.get(gvkKey(group, version, kind));
  const v = (source: Violation['source'], path: string, message: string, extra: Partial<Violation> = {}): Violation =>
    ({ kind, name, path, message, source, ...extra });
  if (!crd || !crd.served) {
    const msg = `no matches for kind "${kind}" in version "${String(obj.apiVersion)}"`;
    return { ok: false, violations: [v('crd', '', msg)], pruned: [], celSkipped: true };
  }
  if (crd.hasStatusSubresource) delete obj.status;
  const pruned = pruneNonNullableNulls(obj, crd.schema);

  const structural = validateStructure(crd, obj);
  const violations: Violation[] = [
    ...validateMetadata(obj.metadata, crd.scope === 'Namespaced').map((m) => v('metadata', m.path, m.message)),
    ...structural.map((s) => v('schema', s.path, s.message)),
    ...validateListTypes(obj, crd.schema).map((l) => v('list-type', l.path, l.message)),
  ];
  const celSkipped = structural.some((s) => s.blocking);
  if (celSkipped) {
    violations.push(v('cel', '', CEL_SKIPPED_MESSAGE));
  } else {
    for (const c of validateCel(compiledRules(crd).root, obj, '', [], opts.observe)) {
      violations.push(v('cel', c.path, c.message, { rule: c.rule, ruleId: c.ruleId, reason: c.reason }));
    }
  }
  return { ok: violations.length === 0, violations, pruned, celSkipped };
}

/**
 * Validates every object of a synthesized manifest whose API group has CRDs in the bundle
 * (Services, Deployments... are not this oracle's business and are passed over).
 */
export function validateManifest(objects: unknown[], opts: ValidateOptions = {}): OracleResult {
  const bundle = opts.bundle ?? loadIstioBundle();
  const groups = new Set(bundle.versions.map((v) => v.group));
  const results = objects
    .filter((o) => groups.has(splitApiVersion((o as { apiVersion?: unknown } | null)?.apiVersion).group))
    .map((o) => validateAgainstCrds(o, { ...opts, bundle }));
  return {
    ok: results.every((r) => r.ok),
    violations: results.flatMap((r) => r.violations),
    pruned: results.flatMap((r) => r.pruned),
    celSkipped: results.some((r) => r.celSkipped),
  };
}

/** One line per violation, in the API server's `<path>: <message>` style. */
export function formatViolation(x: Violation): string {
  return `${x.kind}/${x.name} ${x.path === '' ? '<root>' : x.path}: ${x.message}`;
}

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
  const bundle = crds ? undefined : loadIstioBundle();
  const versions = crds ?? ISTIO_KINDS_V1.map(({ group, kind }) => {
    const crd = bundle!.byGvk.get(gvkKey(group, 'v1', kind));
    if (!crd) throw new Error(`${group}/v1 ${kind} missing from ${bundle!.source}`);
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
