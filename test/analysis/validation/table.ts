/**
 * Runs a validation table in istiod's own test shape (pkg/config/validation validation_test.go:
 * `{ name, in, valid, warning? }`): `in` is the spec of one resource, judged by `check` alone;
 * only that resource's IST0106 findings count. valid ⇔ no IST0106 error; warning ⇔ some IST0106
 * warning; `message`, when given, is a phrase of istiod's message the error (or, for a valid case,
 * the warning) must contain.
 */
import { check, Finding } from '../../../src/analysis';
import { MeshEnvironment, MeshModel } from '../../../src/model';

export interface ValidationCase {
  /** `<Go test>: <what>` — the istiod test (or function) the case is ported from; renamed ones say `(Go: "<original>")`. */
  readonly name: string;
  /** The resource's spec. */
  readonly in: object;
  readonly valid: boolean;
  /** istiod returns a warning for this input. */
  readonly warning?: boolean;
  readonly message?: string;
  /** Metadata of the resource (name `x`, namespace of the kind, unless given). */
  readonly meta?: { readonly name?: string; readonly namespace?: string; readonly annotations?: Record<string, string> };
  readonly annotations?: Record<string, string>;
  readonly labels?: Record<string, string>;
}

/** The kind a table validates; a bare kind name means networking.istio.io/v1 in namespace `bookinfo`. */
export interface ValidationKind {
  readonly apiVersion: string;
  readonly kind: string;
  /** Namespace of the validated resource (istiod's tests use `bar` or `namespace`). */
  readonly namespace?: string;
  readonly environment?: MeshEnvironment;
}

function kindOf(kind: string | ValidationKind): ValidationKind {
  return typeof kind === 'string' ? { apiVersion: 'networking.istio.io/v1', kind, namespace: 'bookinfo' } : kind;
}

/** The IST0106 findings `check` reports for the one resource a case describes. */
export function schemaFindings(kind: string | ValidationKind, c: ValidationCase): Finding[] {
  const k = kindOf(kind);
  const annotations = c.meta?.annotations ?? c.annotations;
  const metadata = {
    name: c.meta?.name ?? (typeof kind === 'string' ? 'x' : 'foo'),
    namespace: c.meta?.namespace ?? k.namespace ?? 'bar',
    ...(annotations ? { annotations } : {}),
    ...(c.labels ? { labels: c.labels } : {}),
  };
  const model = MeshModel.fromObjects([{ apiVersion: k.apiVersion, kind: k.kind, metadata, spec: c.in }], k.environment ?? {});
  return check(model).filter((f) => f.code === 'IST0106' && f.kind === k.kind);
}

/** One jest test per case. */
export function runValidationTable(kind: string | ValidationKind, cases: readonly ValidationCase[]): void {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const found = schemaFindings(kind, c);
    const errors = found.filter((f) => f.severity === 'error').map((f) => f.message);
    const warnings = found.filter((f) => f.severity === 'warning').map((f) => f.message);
    expect({ valid: errors.length === 0, warning: warnings.length > 0, errors: c.valid ? errors : [] })
      .toEqual({ valid: c.valid, warning: c.warning ?? false, errors: [] });
    if (c.message) expect([...(c.valid ? warnings : errors)].join('\n')).toContain(c.message);
    for (const message of found.map((f) => f.message)) expect(message).toMatch(/^Schema validation (error|warning): .+ Fix: .+/);
  });
}

/** The same, inside a `describe` named after the kind. */
export function describeValidationTable(kind: ValidationKind, cases: readonly ValidationCase[]): void {
  describe(`IST0106 ${kind.kind} (istiod validation table)`, () => runValidationTable(kind, cases));
}
