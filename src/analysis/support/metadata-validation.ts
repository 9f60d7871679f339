/**
 * The metadata checks istiod's webhook runs before any kind's own rules
 * (pkg/config/validation/validation.go validateMetadata, checkDryRunAnnotation), for the kinds
 * other than AuthorizationPolicy (the only one that may carry `istio.io/dry-run`).
 */
import { Resource } from '../../model';
import { SchemaIssues } from './schema';

const DRY_RUN = 'istio.io/dry-run';
const ALWAYS_REJECT = 'internal.istio.io/webhook-always-reject';

/** Records the metadata problem, if any; istiod then reports nothing else for the resource. */
export function metadataRejected(issues: SchemaIssues, resource: Resource): boolean {
  if (DRY_RUN in resource.annotations) {
    issues.add(`${resource.namespace}/${resource.name} has unsupported annotation ${DRY_RUN}, please remove the annotation`,
      `remove the ${DRY_RUN} annotation: only AuthorizationPolicy supports dry runs`);
    return true;
  }
  if (ALWAYS_REJECT in resource.annotations) {
    issues.add(`"${ALWAYS_REJECT}" annotation found, rejecting`, `remove the ${ALWAYS_REJECT} annotation (it exists to test the webhook)`);
    return true;
  }
  return false;
}
