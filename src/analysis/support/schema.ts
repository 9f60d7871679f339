/**
 * Collects webhook (schema) problems of one resource and turns them into IST0106 findings, the
 * way `istioctl analyze` reports istiod's validation errors ("Schema validation error: …").
 */
import { Resource } from '../../model';
import { Finding, finding } from '../finding';

export const SCHEMA_VALIDATION_ERROR = 'IST0106';

export class SchemaIssues {
  private readonly findings: Finding[] = [];
  constructor(private readonly resource: Resource) {}

  /** Records one reason istiod would reject the resource, and what to change. */
  public add(reason: string, fix: string): void {
    this.findings.push(finding(this.resource, SCHEMA_VALIDATION_ERROR, 'error', `Schema validation error: ${reason}.`, fix));
  }

  /** Records something istiod accepts but warns about (the webhook's `Warning`), as a warning. */
  public warn(reason: string, fix: string): void {
    this.findings.push(finding(this.resource, SCHEMA_VALIDATION_ERROR, 'warning', `Schema validation warning: ${reason}.`, fix));
  }

  /** Records a problem when `problem` is defined. */
  public addIf(problem: string | undefined, fix: string): void {
    if (problem !== undefined) this.add(problem, fix);
  }

  public result(): Finding[] {
    return this.findings;
  }
}

/** `problem` with a location in front (`where` ends with its own separator, e.g. `"ports[0]: "`). */
export function prefixed(where: string, problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `${where}${problem}`;
}

/** `x` as an array (absent → empty), so validators can iterate without guarding every field. */
export function arr(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** Whether a field is present (not undefined/null). */
export function has(value: unknown): boolean {
  return value !== undefined && value !== null;
}
