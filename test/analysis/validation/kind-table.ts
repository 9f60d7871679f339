/**
 * Runs a validation table in the shape of istiod's own tests (pkg/config/validation
 * validation_test.go): each case is a spec, whether istiod accepts it (`valid`) and whether it
 * warns (`warning`). A case is judged by the IST0106 findings `check` reports for that resource.
 */
import { check, Finding } from '../../../src/analysis';
import { MeshEnvironment, MeshModel } from '../../../src/model';

export interface ValidationCase {
  /** The Go test case's name; renamed cases say `(Go: "<original>")`. */
  readonly name: string;
  /** The resource's spec. */
  readonly in: object;
  readonly valid: boolean;
  readonly warning?: boolean;
  readonly annotations?: Record<string, string>;
  readonly labels?: Record<string, string>;
}

export interface ValidationKind {
  readonly apiVersion: string;
  readonly kind: string;
  /** Namespace of the validated resource (istiod's tests use `bar` or `namespace`). */
  readonly namespace?: string;
  readonly environment?: MeshEnvironment;
}

/** The IST0106 findings `check` reports for one resource built from a case. */
export function schemaFindings(kind: ValidationKind, c: ValidationCase): Finding[] {
  const metadata = { name: 'foo', namespace: kind.namespace ?? 'bar', ...(c.annotations ? { annotations: c.annotations } : {}), ...(c.labels ? { labels: c.labels } : {}) };
  const model = MeshModel.fromObjects([{ apiVersion: kind.apiVersion, kind: kind.kind, metadata, spec: c.in }], kind.environment ?? {});
  return check(model).filter((f) => f.code === 'IST0106' && f.kind === kind.kind);
}

/** Declares one jest test per case: valid ⇔ no IST0106 error; warning ⇔ some IST0106 warning. */
export function describeValidationTable(kind: ValidationKind, cases: readonly ValidationCase[]): void {
  describe(`IST0106 ${kind.kind} (istiod validation table)`, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const findings = schemaFindings(kind, c);
      const errors = findings.filter((f) => f.severity === 'error').map((f) => f.message);
      const warnings = findings.filter((f) => f.severity === 'warning').map((f) => f.message);
      expect({ valid: errors.length === 0, warning: warnings.length > 0, errors, warnings })
        .toEqual({ valid: c.valid, warning: c.warning ?? false, errors: c.valid ? [] : expect.arrayContaining([expect.any(String)]), warnings: expect.any(Array) });
      for (const message of [...errors, ...warnings]) expect(message).toMatch(/^Schema validation (error|warning): .+ Fix: .+/);
    });
  });
}
