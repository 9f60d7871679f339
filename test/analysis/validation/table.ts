/**
 * Runs a validation table in istiod's own test shape (`{ name, in, valid, warning? }`): `in` is
 * the spec of one resource of `kind`, judged by `check` alone; only IST0106 findings count.
 */
import { stringify } from 'yaml';
import { Finding } from '../../../src/analysis';
import { findingsOf, withCode } from '../helpers';

export interface ValidationCase {
  /** `<Go test>: <what>` — the istiod test (or function) the case is ported from. */
  readonly name: string;
  /** The resource's spec (metadata is filled in: name `x`, namespace `bookinfo`, unless `meta` says otherwise). */
  readonly in: object;
  readonly valid: boolean;
  /** istiod returns a warning for this input. */
  readonly warning?: boolean;
  /** A phrase of istiod's message that an error (or, for a valid case, the warning) must contain. */
  readonly message?: string;
  readonly meta?: { readonly name?: string; readonly namespace?: string; readonly annotations?: Record<string, string> };
}

export function webhookFindings(kind: string, c: ValidationCase): Finding[] {
  const metadata = { name: c.meta?.name ?? 'x', namespace: c.meta?.namespace ?? 'bookinfo', ...(c.meta?.annotations ? { annotations: c.meta.annotations } : {}) };
  const yaml = stringify({ apiVersion: 'networking.istio.io/v1', kind, metadata, spec: c.in });
  return withCode(findingsOf(yaml), 'IST0106').filter((f) => f.kind === kind);
}

export function runValidationTable(kind: string, cases: readonly ValidationCase[]): void {
  it.each(cases)('$name', (c) => {
    const found = webhookFindings(kind, c);
    const errors = found.filter((f) => f.severity === 'error').map((f) => f.message);
    const warnings = found.filter((f) => f.severity === 'warning').map((f) => f.message);
    if (c.valid) expect(errors).toEqual([]);
    else expect(errors.length).toBeGreaterThan(0);
    if (c.warning) expect(warnings.length).toBeGreaterThan(0);
    else expect(warnings).toEqual([]);
    if (c.message) expect([...(c.valid ? warnings : errors)].join('\n')).toContain(c.message);
    for (const f of found) expect(f.message).toMatch(/^Schema validation (error|warning): .+ Fix: .+/);
  });
}
