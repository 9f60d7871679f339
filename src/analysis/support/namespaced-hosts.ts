/**
 * istiod: agent/validation.go `ValidateNamespaceSlashWildcardHostname` for Sidecar egress hosts
 * (`isGateway` false): `namespace/dnsName`, the namespace `*`, `.`, `~` or a DNS label, the name
 * `*` or a dotted domain with at most a whole-label wildcard in front.
 */
import { isIstioDNS1123Label, isValidIPAddress as isIPAddress, istioWildcardDomainProblem } from './host-validation';

export function sidecarHostProblems(hostname: string): string[] {
  const slash = hostname.indexOf('/');
  if (slash < 0) return ['host must be of form namespace/dnsName'];
  const namespace = hostname.slice(0, slash);
  const dnsName = hostname.slice(slash + 1);
  const problems: string[] = [];
  if (namespace === '' || dnsName === '') problems.push('config namespace and dnsName in host entry cannot be empty');
  if (namespace !== '*' && namespace !== '.' && namespace !== '~' && !isIstioDNS1123Label(namespace)) {
    problems.push(`invalid namespace value "${namespace}" in sidecar`);
  }
  return problems.concat(hostnamePartProblems(dnsName));
}

/** istiod: validateSidecarOrGatewayHostnamePart(hostname, isGateway=false). */
function hostnamePartProblems(hostname: string): string[] {
  const problems: string[] = [];
  if (hostname !== '*' && !hostname.includes('.')) problems.push('short names (non FQDN) are not allowed');
  const domain = istioWildcardDomainProblem(hostname);
  // istiod appends the domain error once for "not a gateway" and again unless the name is an IP.
  if (domain) problems.push(...(isIPAddress(hostname) ? [domain] : [domain, domain]));
  const partial = partialWildcardProblem(hostname);
  if (partial) problems.push(partial);
  return problems;
}

/** istiod: agent.ValidatePartialWildCard: a `*` only as `*` alone or a leading `*.`. */
export function partialWildcardProblem(host: string): string | undefined {
  return host.includes('*') && host.length !== 1 && !host.startsWith('*.') ? `partial wildcard "${host}" not allowed` : undefined;
}
