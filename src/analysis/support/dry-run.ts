/**
 * istiod: validation.go `checkDryRunAnnotation` (run by `validateMetadata` before every kind's
 * validator): only AuthorizationPolicies with action ALLOW or DENY may carry `istio.io/dry-run`,
 * and its value must parse as a Go bool.
 */
import { Resource } from '../../model';
import { SchemaIssues } from './schema';

export const DRY_RUN_ANNOTATION = 'istio.io/dry-run';
const GO_BOOLS = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'];

/** Records the dry-run problem; returns true when istiod would reject before validating the spec. */
export function rejectsDryRunAnnotation(issues: SchemaIssues, resource: Resource): boolean {
  const value = resource.annotations[DRY_RUN_ANNOTATION];
  if (value === undefined) return false;
  const where = `${resource.namespace}/${resource.name}`;
  if (resource.kind !== 'AuthorizationPolicy') {
    issues.add(`${where} has unsupported annotation ${DRY_RUN_ANNOTATION}, please remove the annotation`, `remove the ${DRY_RUN_ANNOTATION} annotation (only AuthorizationPolicies support it)`);
    return true;
  }
  const action = resource.spec.action ?? 'ALLOW';
  if (action !== 'ALLOW' && action !== 'DENY') {
    issues.add(`the annotation ${DRY_RUN_ANNOTATION} currently only supports action ALLOW/DENY, found action ${action} in ${where}`, `remove ${DRY_RUN_ANNOTATION} or use action ALLOW/DENY`);
    return true;
  }
  if (!GO_BOOLS.includes(value)) {
    issues.add(`${where} has annotation ${DRY_RUN_ANNOTATION} with invalid value (${value})`, `set ${DRY_RUN_ANNOTATION} to "true" or "false"`);
    return true;
  }
  return false;
}
