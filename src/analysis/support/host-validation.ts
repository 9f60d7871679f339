/**
 * Host and name syntax exactly as istiod's webhook checks it (pkg/config/validation/agent
 * ValidateWildcardDomain, ValidateFQDN, ValidateNamespaceSlashWildcardHostname, ValidateIPSubnet;
 * pkg/config/labels IsDNS1123Label). Each function returns the problem, or undefined when valid.
 *
 * These differ from the Kubernetes rules in `names.ts` on purpose: Istio's DNS-1123 labels accept upper case, and a
 * domain's top-level label may not be all digits (which is why IPs fail and are re-checked).
 */
import { isIP } from 'net';

const ISTIO_DNS1123_LABEL = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
/** `*`, or a label optionally prefixed by `*` or `*-` (labels.IsWildcardDNS1123Label). */
const ISTIO_WILDCARD_LABEL = /^(\*|(\*|\*-)?[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;

// istiod: labels.IsDNS1123Label (upper case allowed, at most 63 characters)
export function isIstioDNS1123Label(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 63 && ISTIO_DNS1123_LABEL.test(value);
}

// istiod: netutil.IsValidIPAddress — an IPv4 or IPv6 address, no prefix length.
export function isValidIPAddress(value: unknown): boolean {
  return typeof value === 'string' && isIP(value) !== 0;
}

// istiod: agent.ValidateIPAddress
export function ipAddressProblem(value: string): string | undefined {
  return isValidIPAddress(value) ? undefined : `${value} is not a valid IP`;
}

// istiod: agent.ValidateIPSubnet — "a.b.c.d/xx", "2001:1::1/64" or a bare address.
export function ipSubnetProblem(subnet: unknown): string | undefined {
  if (typeof subnet === 'string' && subnet.split('/').length === 2) return isIPPrefix(subnet) ? undefined : `${subnet} is not a valid CIDR block`;
  return isValidIPAddress(subnet) ? undefined : `${subnet} is not a valid IP`;
}

/** Go's `netip.ParsePrefix`: address (no zone) `/` prefix length (no leading zeros) within the family's bits. */
export function isIPPrefix(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const address = value.slice(0, slash);
  const bits = value.slice(slash + 1);
  if (address.includes('%') || !/^(0|[1-9][0-9]*)$/.test(bits)) return false;
  const family = isIP(address);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

function dns1123Preconditions(name: string): string | undefined {
  if (name.length > 255) return `domain name "${name}" too long (max 255)`;
  if (name.length === 0) return 'empty domain name not allowed';
  return undefined;
}

// istiod: agent.ValidateDNS1123Labels — every label valid, the last may be empty ("istio.io."),
// and the top-level label may not be all digits.
function dns1123LabelsProblem(domain: string): string | undefined {
  const parts = domain.split('.');
  const tld = parts[parts.length - 1];
  if (/^[+-]?\d+$/.test(tld)) return `domain name "${domain}" invalid (top level domain "${tld}" cannot be all-numeric)`;
  for (let i = 0; i < parts.length; i++) {
    if (i === parts.length - 1 && parts[i] === '') return undefined;
    if (!isIstioDNS1123Label(parts[i])) return `domain name "${domain}" invalid (label "${parts[i]}" invalid)`;
  }
  return undefined;
}

// istiod: agent.ValidateFQDN
export function istioFqdnProblem(fqdn: string): string | undefined {
  return dns1123Preconditions(fqdn) ?? dns1123LabelsProblem(fqdn);
}

// istiod: agent.ValidateWildcardDomain — a wildcard only in the first label.
export function istioWildcardDomainProblem(domain: string): string | undefined {
  const pre = dns1123Preconditions(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (first.length > 63 || !ISTIO_WILDCARD_LABEL.test(first)) return `domain name "${domain}" invalid (label "${first}" invalid)`;
  return dot < 0 ? undefined : dns1123LabelsProblem(domain.slice(dot + 1));
}

// istiod: agent.ValidateWildcardDomainForVirtualServiceBoundToGateway — like
// ValidateWildcardDomain, but SNI hosts may be the auto-generated `outbound_.<port>_._.<host>`.
export function gatewayBoundDomainProblem(sni: boolean, domain: string): string | undefined {
  const pre = dns1123Preconditions(domain);
  if (pre) return pre;
  const first = domain.split('.')[0];
  if (sni && first === 'outbound_') {
    return /outbound_.([0-8].*).*/.test(domain) ? undefined : `domain name "${domain}" invalid (label "${first}" invalid)`;
  }
  return istioWildcardDomainProblem(domain);
}

// istiod: agent.ValidatePartialWildCard
export function partialWildcardProblem(host: string): string | undefined {
  return host.includes('*') && host.length !== 1 && !host.startsWith('*.') ? `partial wildcard "${host}" not allowed` : undefined;
}

// istiod: agent.validateSidecarOrGatewayHostnamePart (gateway flavour: an IP is accepted).
function gatewayHostnamePartProblems(hostname: string): string[] {
  const problems: string[] = [];
  if (hostname !== '*' && !hostname.includes('.')) problems.push('short names (non FQDN) are not allowed');
  const domain = istioWildcardDomainProblem(hostname);
  if (domain && !isValidIPAddress(hostname)) problems.push(domain);
  const partial = partialWildcardProblem(hostname);
  if (partial) problems.push(partial);
  return problems;
}

// istiod: agent.ValidateNamespaceSlashWildcardHostname(hostname, isGateway=true, gatewaySemantics=false)
export function gatewayServerHostProblems(hostname: string): string[] {
  const slash = hostname.indexOf('/');
  if (slash < 0) return gatewayHostnamePartProblems(hostname);
  const namespace = hostname.slice(0, slash);
  const dnsName = hostname.slice(slash + 1);
  const problems: string[] = [];
  if (namespace === '' || dnsName === '') problems.push('config namespace and dnsName in host entry cannot be empty');
  if (namespace !== '*' && namespace !== '.' && !isIstioDNS1123Label(namespace)) {
    problems.push(`invalid namespace value "${namespace}" in gateway`);
  }
  return [...problems, ...gatewayHostnamePartProblems(dnsName)];
}

// istiod: validation.go ValidateUnixAddress
export function unixAddressProblem(address: string): string | undefined {
  if (address.length === 0) return 'unix address must not be empty';
  if (address.startsWith('@')) return undefined;
  if (!address.startsWith('/') || address.endsWith('/')) return `${address} is not an absolute path to a file`;
  return undefined;
}

// istiod: agent.ValidatePort
export function portProblem(port: unknown): string | undefined {
  const n = typeof port === 'number' ? port : Number(port ?? 0);
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? undefined : `port number ${JSON.stringify(port ?? 0)} must be in the range 1..65535`;
}
