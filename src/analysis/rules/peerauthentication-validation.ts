/**
 * IST0106 for PeerAuthentications (istiod: validation.go `ValidatePeerAuthentication`):
 * port-level mTLS only with a selector, ports 1–65535, the selector's labels, and mTLS modes
 * istiod can decode.
 */
import { MeshModel, Resource } from '../../model';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { rejectsDryRunAnnotation } from '../support/dry-run';
import { validateMatchLabelsSelector } from '../support/policy-targets';
import { has, SchemaIssues } from '../support/schema';

/** PeerAuthentication.MutualTLS.Mode: any other value fails istiod's decoding of the resource. */
const MODES = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'];

export const peerAuthenticationValidation: Rule = {
  code: 'IST0106',
  description: 'PeerAuthentication fields that istiod\'s validating webhook rejects or warns about',
  run(model: MeshModel): Finding[] {
    return model.ofKind('PeerAuthentication').flatMap(validatePeerAuthentication);
  },
};

export function validatePeerAuthentication(policy: Resource): Finding[] {
  const issues = new SchemaIssues(policy);
  if (rejectsDryRunAnnotation(issues, policy)) return issues.result();
  const spec = policy.spec;
  const portLevel = spec.portLevelMtls;
  const ports = portLevel !== null && typeof portLevel === 'object' ? Object.keys(portLevel) : [];
  const emptySelector = !has(spec.selector) || Object.keys(spec.selector.matchLabels ?? {}).length === 0;
  if (emptySelector && ports.length > 0) {
    issues.add('mesh/namespace peer authentication cannot have port level mTLS', 'add selector.matchLabels for the workloads whose ports differ, or move portLevelMtls to a workload-level PeerAuthentication');
  }
  if (has(portLevel) && ports.length === 0) issues.add('port level mTLS, if defined, must have at least one element', 'remove the empty portLevelMtls');
  for (const port of ports) {
    const number = Number(port);
    if (!/^[0-9]+$/.test(port) || number <= 0 || number > 65535) issues.add(`port must be in range 1..65535, got ${port}`, 'key portLevelMtls by target (container) port numbers 1–65535');
  }
  validateMode(issues, spec.mtls?.mode, 'mtls.mode');
  for (const port of ports) validateMode(issues, portLevel[port]?.mode, `portLevelMtls[${port}].mode`);
  validateMatchLabelsSelector(issues, spec.selector);
  return issues.result();
}

function validateMode(issues: SchemaIssues, mode: unknown, where: string): void {
  if (has(mode) && !MODES.includes(mode as string)) issues.add(`${where}: unknown mTLS mode ${JSON.stringify(mode)}`, `use one of ${MODES.join(', ')}`);
}
