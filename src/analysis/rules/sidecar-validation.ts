/**
 * IST0106 for Sidecars (pkg/config/validation ValidateSidecar, SEMANTICS §2).
 */
import { MeshModel, Resource } from '../../model';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { isDNS1123Label, isValidPort, labelsProblems, wildcardDomainProblem } from '../support/names';
import { arr, has, SchemaIssues } from '../support/schema';

export const sidecarValidation: Rule = {
  code: 'IST0106',
  description: 'Sidecar fields that istiod\'s validating webhook rejects',
  run(model: MeshModel): Finding[] {
    return model.ofKind('Sidecar').flatMap(validateSidecar);
  },
};

export function validateSidecar(sidecar: Resource): Finding[] {
  const issues = new SchemaIssues(sidecar);
  const egress = arr(sidecar.spec.egress);
  egress.forEach((listener, i) => {
    const where = `egress[${i}]`;
    const hosts = arr(listener?.hosts);
    if (hosts.length === 0) issues.add(`${where}: sidecar: egress listener must contain at least one host`, 'list hosts as "namespace/dnsName", e.g. "./*" or "istio-system/*"');
    for (const host of hosts) validateEgressHost(issues, host, where);
    if (!has(listener?.port) && i !== egress.length - 1) {
      issues.add('sidecar: the egress listener with empty port should be the last listener in the list', `move ${where} (the listener without a port) to the end of egress`);
    }
    if (has(listener?.port) && !isValidPort(listener.port.number)) issues.add(`${where}: port number ${JSON.stringify(listener.port.number)} must be in the range 1..65535`, 'use a port between 1 and 65535');
  });
  const mode = sidecar.spec.outboundTrafficPolicy?.mode;
  if (has(mode) && mode !== 'ALLOW_ANY' && mode !== 'REGISTRY_ONLY') {
    issues.add(`outboundTrafficPolicy.mode "${mode}" is not ALLOW_ANY or REGISTRY_ONLY`, 'use ALLOW_ANY or REGISTRY_ONLY');
  }
  for (const problem of labelsProblems(sidecar.spec.workloadSelector?.labels)) issues.add(`workloadSelector: ${problem}`, 'use valid Kubernetes label keys and values');
  return issues.result();
}

function validateEgressHost(issues: SchemaIssues, host: unknown, where: string): void {
  if (typeof host !== 'string' || !host.includes('/')) {
    issues.add(`${where}: sidecar: hosts must be of form namespace/dnsName, got ${JSON.stringify(host)}`, 'prefix the host with its namespace: "ns/host", "./host" (own namespace) or "*/host" (any)');
    return;
  }
  const [namespace, dnsName, ...rest] = host.split('/');
  if (rest.length > 0) {
    issues.add(`${where}: sidecar: host "${host}" has more than one "/"`, 'write "namespace/dnsName"');
    return;
  }
  if (!['*', '.', '~'].includes(namespace) && !isDNS1123Label(namespace)) {
    issues.add(`${where}: sidecar: invalid namespace "${namespace}" in host "${host}"`, 'use "*", ".", "~" or a namespace name');
  }
  if (dnsName !== '*') issues.addIf(wildcardDomainProblem(dnsName) ? `${where}: ${wildcardDomainProblem(dnsName)}` : undefined, 'use "*" or a DNS name after the "/"');
}
