/**
 * Would the API server, with the Istio 1.30.3 and Gateway API v1.5.1 (standard channel) CRDs
 * installed, accept this object on create (`kubectl apply`, strict field validation)? The same
 * stages as apiextensions-apiserver, in the same order:
 *   1. find the served CRD version for apiVersion/kind (installed-crds.ts picks the bundle by
 *      API group);
 *   2. apply the schema's defaults (defaulting.ts); drop `status` when the status subresource is
 *      on; prune non-nullable nulls (reported);
 *   3. strict decoding: unknown fields (in metadata or anywhere the schema does not preserve
 *      them) reject the request alone, before any validation;
 *   4. ObjectMeta checks, structural schema with list-type uniqueness (structural-schema.ts);
 *   5. unless stage 4 found a blocking error (type/enum/required/too long/too many), every CEL
 *      rule that applies on create, on every instance of its schema node.
 *
 * Usage:
 *   const r = validateAgainstCrds(obj);
 *   if (!r.ok) console.log(r.violations.map(formatViolation).join('\n'));
 */
import { compiledRules } from './cel-rules';
import { validateCel, type CelViolation, type RuleObserver } from './cel-validate';
import { gvkKey, splitApiVersion, type CrdBundle, type CrdVersion } from './crd-types';
import { defaultedObject } from './defaulting';
import { bundleForGroup, isInstalledGroup } from './installed-crds';
import { loadIstioBundle } from './istio-crds';
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

export interface ValidationResult {
  ok: boolean;
  violations: Violation[];
  /** Fields the API server would silently drop (non-nullable nulls). Not a rejection. */
  pruned: string[];
  /** True when CEL was skipped because of a blocking schema error, as the API server does. */
  celSkipped: boolean;
}

export const CEL_SKIPPED_MESSAGE =
  'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

export interface ValidateOptions {
  /** The CRDs to validate against; by default the installed bundle of the object's API group (installed-crds.ts). */
  bundle?: CrdBundle;
  /** Sees every CEL rule evaluation (tests use it to prove which rules ran). */
  observe?: RuleObserver;
}

/**
 * The body CEL sees: without `status` (status subresource) and pruned nulls. Copied only when
 * something must be removed, so the common case costs no copy and the caller's object is never
 * mutated.
 */
function celBody(object: Record<string, any>, crd: CrdVersion, pruned: string[]): Record<string, any> {
  const dropStatus = crd.hasStatusSubresource && 'status' in object;
  if (!dropStatus && pruned.length === 0) return object;
  const body = structuredClone(object);
  if (dropStatus) delete body.status;
  pruneNonNullableNulls(body, crd.schema);
  return body;
}

/** Validates one object as a create request. Never throws for a bad object. */
export function validateAgainstCrds(object: unknown, opts: ValidateOptions = {}): ValidationResult {
  const raw = (object !== null && typeof object === 'object' ? object : {}) as Record<string, any>;
  const kind = typeof raw.kind === 'string' ? raw.kind : '';
  const name = typeof raw.metadata?.name === 'string' ? raw.metadata.name : '';
  const { group, version } = splitApiVersion(raw.apiVersion);
  const bundle = opts.bundle ?? bundleForGroup(group) ?? loadIstioBundle();
  const crd = bundle.byGvk.get(gvkKey(group, version, kind));
  const v = (source: Violation['source'], path: string, message: string, extra: Partial<Violation> = {}): Violation =>
    ({ kind, name, path, message, source, ...extra });
  if (!crd) {
    const msg = `no matches for kind "${kind}" in version "${String(raw.apiVersion)}"`;
    return { ok: false, violations: [v('crd', '', msg)], pruned: [], celSkipped: true };
  }
  const input = defaultedObject(raw, crd);

  const structural = validateStructure(crd, input);
  const { pruned } = structural;
  const metadata = validateMetadata(input.metadata, crd.scope === 'Namespaced').map((m) => v('metadata', m.path, m.message));
  const schema = structural.violations.map((s) => v(s.source, s.path, s.message));
  // Strict decoding runs before validation: with fieldValidation=Strict an unknown field fails
  // the request on its own, listing only the unknown fields (apiserver handlers/create.go).
  const unknown = [...metadata, ...schema].filter(isUnknownField);
  if (unknown.length > 0) return { ok: false, violations: unknown, pruned, celSkipped: true };
  const violations: Violation[] = [...metadata, ...schema];
  const celSkipped = structural.violations.some((s) => s.blocking);
  if (celSkipped) {
    violations.push(v('cel', '', CEL_SKIPPED_MESSAGE));
  } else {
    for (const c of validateCel(compiledRules(crd).root, celBody(input, crd, pruned), '', [], opts.observe)) {
      violations.push(v('cel', c.path, c.message, { rule: c.rule, ruleId: c.ruleId, reason: c.reason }));
    }
  }
  return { ok: violations.length === 0, violations, pruned, celSkipped };
}

/** A strict-decoding error: the field is not in the schema (kubectl apply --validate=strict). */
export function isUnknownField(v: Violation): boolean {
  return v.message.startsWith('unknown field "');
}

/**
 * Whether the object's API group has CRDs: in `bundle`, or by default in the installed Istio or
 * Gateway API bundle (Services, Deployments... have none).
 */
export function isCrdGroupObject(object: unknown, bundle?: CrdBundle): boolean {
  const group = splitApiVersion((object as { apiVersion?: unknown } | null)?.apiVersion).group;
  return bundle ? bundle.groups.has(group) : isInstalledGroup(group);
}

/** Validates every object of a manifest whose API group has CRDs (in `opts.bundle`, or installed), passing over the rest. */
export function validateManifest(objects: unknown[], opts: ValidateOptions = {}): ValidationResult {
  const results = objects.filter((o) => isCrdGroupObject(o, opts.bundle)).map((o) => validateAgainstCrds(o, opts));
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
