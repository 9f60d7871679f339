/**
 * AuthorizationPolicy references (authz.AuthorizationPoliciesAnalyzer): IST0127 a policy that
 * applies to no in-mesh (sidecar or ambient) pod; IST0101 a `source.namespaces` or
 * `notNamespaces` entry that matches no namespace.
 */
import { MeshModel, Resource, Workload } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { selectorString } from '../support/gateways';
import { workloadInAmbient, workloadInMesh } from '../support/injection';
import { arr } from '../support/schema';

export const authorizationPolicies: Rule = {
  code: 'IST0101/IST0127',
  description: 'AuthorizationPolicies select in-mesh pods and name existing namespaces',
  run(model: MeshModel): Finding[] {
    const policies = model.ofKind('AuthorizationPolicy');
    if (policies.length === 0) return [];
    // initPodLabelsMap: sidecar-injected or ambient-enrolled pods.
    const inMesh = new Set(model.workloads.filter((w) => workloadInMesh(model, w) || workloadInAmbient(w)));
    const namespaces = namespaceMatcher(model.namespaceNames());
    return policies.flatMap((policy) => [...noMatchingWorkloads(model, policy, inMesh), ...namespacesNotFound(policy, namespaces)]);
  },
};

/** analyzeNoMatchingWorkloads: root-namespace policies look mesh-wide, others in their namespace. */
function noMatchingWorkloads(model: MeshModel, policy: Resource, inMesh: ReadonlySet<Workload>): Finding[] {
  const selector = policy.spec.selector;
  const labels: Record<string, string> = selector && typeof selector.matchLabels === 'object' && selector.matchLabels ? selector.matchLabels : {};
  const isRoot = policy.namespace === model.environment.rootNamespace;
  if (isRoot && !selector) return []; // mesh-wide and selector-less: applies to everything
  // A selector-less policy in a namespace needs any in-mesh pod there; one with a selector, a matching one.
  const candidates = model.workloadsSelectedBy(selector ? labels : undefined, isRoot ? undefined : policy.namespace);
  const found = candidates.some((w) => inMesh.has(w));
  if (found) return [];
  const where = isRoot ? 'in any namespace' : `in namespace ${policy.namespace}`;
  return [finding(policy, 'IST0127', 'warning', `No matching workloads for this resource with the following labels: ${selectorString(labels)}`,
    `deploy sidecar-injected pods ${where} carrying ${selectorString(labels) || 'any labels'} (or enable injection for their namespace), or correct the selector`)];
}

/** analyzeNamespaceNotFound: every `from.source.namespaces` / `notNamespaces` entry must match a namespace. */
function namespacesNotFound(policy: Resource, namespaceMatches: (pattern: string) => boolean): Finding[] {
  const out: Finding[] = [];
  arr(policy.spec.rules).forEach((rule: any, i) => arr(rule?.from).forEach((from: any, j) => {
    for (const field of ['namespaces', 'notNamespaces']) {
      for (const entry of arr(from?.source?.[field])) {
        if (typeof entry !== 'string' || namespaceMatches(entry)) continue;
        out.push(finding(policy, 'IST0101', 'error', `Referenced namespace not found: "${entry}" (at rules[${i}].from[${j}].source.${field}).`,
          `create namespace ${entry}, or correct the name (a trailing or leading * matches a prefix or suffix)`));
      }
    }
  }));
  return out;
}

/**
 * Whether a pattern matches one of `namespaces`, as authz.namespaceMatch: `*`, `*suffix`,
 * `prefix*`, or the name (case-insensitive; looked up, not scanned).
 */
function namespaceMatcher(namespaces: readonly string[]): (pattern: string) => boolean {
  const exact = new Set(namespaces.map((ns) => ns.toLowerCase()));
  const wildcards = new Map<string, boolean>(); // every policy of a team tends to repeat the same pattern
  const scan = (pattern: string) => (pattern.startsWith('*')
    ? namespaces.some((ns) => ns.endsWith(pattern.slice(1)))
    : namespaces.some((ns) => ns.startsWith(pattern.slice(0, -1))));
  return (pattern) => {
    if (pattern === '*') return true;
    if (!pattern.startsWith('*') && !pattern.endsWith('*')) return exact.has(pattern.toLowerCase());
    if (!wildcards.has(pattern)) wildcards.set(pattern, scan(pattern));
    return wildcards.get(pattern)!;
  };
}
