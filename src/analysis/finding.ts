/**
 * What a check reports: one problem in one resource, with Istio's code where Istio has one.
 */
import { Resource, SourceLocation } from '../model';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** `IST0xxx` (Istio's analyzer/validation code) or `CIT1xx` (this library's own checks). */
  readonly code: string;
  readonly severity: Severity;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Names the values involved and ends with `Fix: …`. */
  readonly message: string;
  /** Where the resource was read from, when it came from a file. */
  readonly source?: SourceLocation;
}

/** Builds a finding about `resource`; `fix` is appended as ` Fix: …` so every message says what to change. */
export function finding(resource: Resource, code: string, severity: Severity, message: string, fix: string): Finding {
  return {
    code,
    severity,
    kind: resource.kind,
    namespace: resource.namespace,
    name: resource.name,
    message: `${message} Fix: ${fix}`,
    ...(resource.source ? { source: resource.source } : {}),
  };
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Sorts findings so that output is identical run after run: by resource (namespace, kind, name),
 * then severity, code and message. Exact duplicates (two paths to the same problem) are dropped.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  const unique: Finding[] = [];
  for (const f of findings) {
    const key = [f.kind, f.namespace, f.name, f.code, f.message].join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(f);
  }
  return unique.sort((a, b) =>
    cmp(a.namespace, b.namespace) || cmp(a.kind, b.kind) || cmp(a.name, b.name)
    || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || cmp(a.code, b.code) || cmp(a.message, b.message));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
