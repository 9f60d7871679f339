/**
 * The callers a service's owner admitted, and what follows from them: the ALLOW
 * AuthorizationPolicy (one principal per granted identity, a namespace per team grant) and the
 * `exportTo` of the service's routing config (its own namespace plus the granted callers').
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
import { Caller } from './caller';

export class ServiceGrants {
  private readonly grants = new Map<string, Caller>();

  constructor(private readonly namespace: string) {}

  public add(caller: Caller): void {
    this.grants.set(caller.key, caller);
  }

  public admits(caller: Caller): boolean {
    for (const grant of this.grants.values()) if (grant.admits(caller)) return true;
    return false;
  }

  public admitsSomeoneFrom(namespace: string): boolean {
    for (const grant of this.grants.values()) if (grant.namespace === namespace) return true;
    return false;
  }

  /** `.` first, then the other granted namespaces, sorted. */
  public exportTo(): string[] {
    const others = new Set([...this.grants.values()].map((g) => g.namespace).filter((ns) => ns !== this.namespace));
    return ['.', ...[...others].sort()];
  }

  /**
   * ALLOW exactly the granted callers. With none, the policy admits nothing — the namespace's
   * default deny stands, and the policy says so explicitly.
   */
  public renderAllowPolicy(podLabels: Record<string, string>): Record<string, unknown> {
    const selector = { matchLabels: podLabels };
    const grants = [...this.grants.values()];
    const principals = grants.flatMap((g) => (g.principal ? [g.principal] : [])).sort();
    const namespaces = grants.flatMap((g) => (g.principal ? [] : [g.namespace])).sort();
    const from = [
      ...(principals.length > 0 ? [{ source: { principals } }] : []),
      ...(namespaces.length > 0 ? [{ source: { namespaces } }] : []),
    ];
    return from.length > 0 ? { selector, action: 'ALLOW', rules: [{ from }] } : { selector, action: 'ALLOW' };
  }
}
