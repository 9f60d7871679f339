/**
 * How istiod validates the "which workloads" part of a resource: for security policies
 * (AuthorizationPolicy, RequestAuthentication, PeerAuthentication) validation.go
 * `validateOneOfSelectorType`, `validateWorkloadSelector` and `validatePolicyTargetReference(s)`;
 * for Sidecars and ServiceEntries `ValidateAlphaWorkloadSelector`.
 */
import { arr, has, SchemaIssues } from './schema';
import { selectorLabelProblems } from './names';

/** gvk.Service, gvk.ServiceEntry, gvk.KubernetesGateway, gvk.GatewayClass: group (""=core) and kind. */
const ALLOWED_TARGETS: ReadonlyArray<[group: string, kind: string]> = [
  ['core', 'Service'],
  ['networking.istio.io', 'ServiceEntry'],
  ['gateway.networking.k8s.io', 'Gateway'],
  ['gateway.networking.k8s.io', 'GatewayClass'],
];

/** istiod: validateOneOfSelectorType. */
export function validateOneOfSelectorType(issues: SchemaIssues, spec: any): void {
  const set = [has(spec.selector), has(spec.targetRef), arr(spec.targetRefs).length > 0].filter(Boolean).length;
  if (set > 1) issues.add('only one of targetRefs or workloadSelector can be set', 'keep either selector (sidecars) or targetRef(s) (waypoints and gateways)');
}

/**
 * istiod: validateWorkloadSelector (type.v1beta1.WorkloadSelector with `matchLabels`): errors for
 * empty or wildcard keys/values, and a warning for a selector without labels.
 */
export function validateMatchLabelsSelector(issues: SchemaIssues, selector: any, where = 'selector'): void {
  if (!has(selector)) return;
  for (const problem of selectorLabelProblems(selector.matchLabels)) issues.add(`${where}: ${problem}`, 'use exact, non-empty label keys and values (no "*")');
  if (Object.keys(selector.matchLabels ?? {}).length === 0) {
    issues.warn(`${where}: workload selector specified without labels`, `add matchLabels, or remove ${where} to apply the policy to the whole namespace`);
  }
}

/**
 * istiod: ValidateAlphaWorkloadSelector (networking.v1alpha3.WorkloadSelector with `labels`, as
 * Sidecars and ServiceEntries have it) and the warning its callers add for a selector without
 * labels. Returns false when istiod stops validating: its errors end ValidateSidecar and
 * ValidateServiceEntry.
 */
export function validateLabelsSelector(issues: SchemaIssues, selector: any, who: string): boolean {
  const problems = selectorLabelProblems(selector?.labels);
  for (const problem of problems) issues.add(`workloadSelector: ${problem}`, 'use exact, non-empty label keys and values (no "*")');
  if (problems.length > 0) return false;
  if (has(selector) && Object.keys(selector.labels ?? {}).length === 0) {
    issues.warn(`${who}: workload selector specified without labels, will be applied to all services in namespace`, 'add workloadSelector.labels, or remove workloadSelector to cover the whole namespace');
  }
  return true;
}

/** istiod: validatePolicyTargetReference, for `targetRef` and each of `targetRefs`. */
export function validatePolicyTargets(issues: SchemaIssues, spec: any): void {
  const refs: Array<[any, string]> = [];
  if (has(spec.targetRef)) refs.push([spec.targetRef, 'targetRef']);
  arr(spec.targetRefs).forEach((ref, i) => refs.push([ref, `targetRefs[${i}]`]));
  for (const [ref, where] of refs) {
    if (!ref) continue;
    if (!ref.name) issues.add(`${where}: targetRef name must be set`, 'name the Service, ServiceEntry or Gateway the policy attaches to');
    if (ref.namespace) issues.add(`${where}: targetRef namespace must not be set; cross namespace referencing is not supported`, 'drop targetRef.namespace and create the policy in the target\'s namespace');
    const group = ref.group ? ref.group : 'core';
    if (!ALLOWED_TARGETS.some(([g, k]) => g === group && k === ref.kind)) {
      issues.add(`${where}: targetRef must be to one of Service, ServiceEntry, gateway.networking.k8s.io Gateway or GatewayClass but was ${ref.group ?? ''}/${ref.kind ?? ''}`,
        'point targetRef at a Service (group ""), a ServiceEntry (networking.istio.io) or a Gateway/GatewayClass (gateway.networking.k8s.io)');
    }
  }
}
