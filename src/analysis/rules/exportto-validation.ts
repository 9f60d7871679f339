/**
 * IST0106 for `exportTo` of VirtualServices, DestinationRules and ServiceEntries
 * (pkg/config/validation validateExportTo): `.`, `*` or namespace names, `*` alone, no duplicates;
 * `~` (visible to no one) only on ServiceEntries. Namespaces are judged by Istio's label rule
 * (visibility.Instance Validate → labels.IsDNS1123Label, which accepts upper case).
 */
import { MeshModel, Resource } from '../../model';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { isIstioDNS1123Label } from '../support/host-validation';
import { arr, SchemaIssues } from '../support/schema';

const KINDS = ['VirtualService', 'DestinationRule', 'ServiceEntry'];

export const exportToValidation: Rule = {
  code: 'IST0106',
  description: 'exportTo values that istiod\'s validating webhook rejects',
  run(model: MeshModel): Finding[] {
    return KINDS.flatMap((kind) => model.ofKind(kind)).flatMap(validateExportTo);
  },
};

export function validateExportTo(resource: Resource): Finding[] {
  const issues = new SchemaIssues(resource);
  const exportTo = arr(resource.spec.exportTo);
  const seen = new Set<string>();
  for (const entry of exportTo) {
    const key = entry === '.' ? resource.namespace : entry;
    if (seen.has(key)) {
      issues.add(key !== entry ? `duplicate entries in exportTo: . and current namespace ${resource.namespace}` : `duplicate entries in exportTo for entry ${entry}`, 'list each namespace once');
      continue;
    }
    seen.add(key);
    if (entry === '~') {
      if (resource.kind !== 'ServiceEntry') issues.add('exportTo ~ (none) is not allowed for Istio configuration objects', 'use "." to keep the resource in its namespace');
    } else if (typeof entry !== 'string' || (entry !== '.' && entry !== '*' && !isIstioDNS1123Label(entry))) {
      issues.add(`only .,*, or a valid DNS 1123 label is allowed as exportTo entry, got ${JSON.stringify(entry)}`, 'use ".", "*" or namespace names');
    }
  }
  // istiod: a DestinationRule with a workloadSelector applies in its own namespace only.
  if (resource.kind === 'DestinationRule' && resource.spec.workloadSelector && seen.size > 0) {
    if (!seen.has(resource.namespace)) {
      issues.add('destination rule with workload selector cannot have exportTo beyond current namespace', 'use exportTo: ["."] (or drop exportTo) on a DestinationRule with a workloadSelector');
    } else if (seen.size > 1) {
      issues.add('destination rule with workload selector cannot have multiple entries in exportTo', 'use exportTo: ["."] on a DestinationRule with a workloadSelector');
    }
  }
  if (seen.has('*') && exportTo.length > 1) {
    issues.add('cannot have both public (*) and non-public exportTo values for a resource', 'use "*" alone, or list namespaces without "*"');
  }
  if (seen.has('~') && exportTo.length > 1 && resource.kind === 'ServiceEntry') {
    issues.add('cannot export service entry to no one (~) and someone', 'use "~" alone');
  }
  return issues.result();
}
