/**
 * IST0106 for DestinationRules: what istiod's validating webhook rejects (errors) or warns about
 * (warnings), following pkg/config/validation/validation.go ValidateDestinationRule. Traffic
 * policies live in support/traffic-policy-validation.ts; exportTo (including the rule for
 * DestinationRules with a workloadSelector) in exportto-validation.ts.
 */
import { MeshModel, Resource } from '../../model';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { istioWildcardDomainProblem } from '../support/host-validation';
import { metadataRejected } from '../support/metadata-validation';
import { labelsProblems } from '../support/names';
import { entries, subsetNameProblem } from '../support/route-validation';
import { arr, has, SchemaIssues } from '../support/schema';
import { validateTrafficPolicy } from '../support/traffic-policy-validation';

export const destinationRuleValidation: Rule = {
  code: 'IST0106',
  description: 'DestinationRule fields that istiod\'s validating webhook rejects',
  run(model: MeshModel): Finding[] {
    return model.ofKind('DestinationRule').flatMap(validateDestinationRule);
  },
};

export function validateDestinationRule(dr: Resource): Finding[] {
  const issues = new SchemaIssues(dr);
  if (metadataRejected(issues, dr)) return issues.result();
  const spec = dr.spec;
  issues.addIf(istioWildcardDomainProblem(typeof spec.host === 'string' ? spec.host : ''), 'set spec.host to the service the rule applies to (a DNS name; a wildcard only as the whole first label)');
  validateTrafficPolicy(issues, spec.trafficPolicy, 'trafficPolicy');
  const names = new Set<string>();
  arr(spec.subsets).forEach((subset, i) => {
    const where = `subsets[${i}]`;
    if (!has(subset)) { issues.add(`${where}: subset may not be null`, 'remove the empty subset'); return; }
    const name = typeof subset.name === 'string' ? subset.name : '';
    if (names.has(name)) issues.add(`duplicate subset names: ${name}`, 'give each subset a unique name');
    names.add(name);
    issues.addIf(subsetNameProblem(name) && `${where}: ${subsetNameProblem(name)}`, 'use a DNS-1123 label (letters, digits, -) as subset name');
    for (const problem of labelsProblems(subset.labels)) issues.add(`${where}.labels: ${problem}`, 'use valid Kubernetes label keys and values');
    validateTrafficPolicy(issues, subset.trafficPolicy, `${where}.trafficPolicy`);
  });
  validateWorkloadSelector(issues, spec.workloadSelector);
  return issues.result();
}

// istiod: validateWorkloadSelector (type.v1beta1.WorkloadSelector)
function validateWorkloadSelector(issues: SchemaIssues, selector: any): void {
  if (!has(selector)) return;
  const labels = entries(selector.matchLabels);
  for (const [key, value] of labels) {
    if (key === '') issues.add(`workloadSelector: empty key is not supported in selector: "=${value}"`, 'give every label a key');
    if (key.includes('*') || String(value).includes('*')) issues.add(`workloadSelector: wildcard is not supported in selector: "${key}=${value}"`, 'use exact label values');
  }
  if (labels.length === 0) issues.warn('workloadSelector: workload selector specified without labels', 'list matchLabels, or drop workloadSelector to apply the rule to every workload');
}
