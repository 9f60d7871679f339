/**
 * IST0106 for ServiceEntries (pkg/config/validation ValidateServiceEntry and the CRD's CEL rules).
 */
import { MeshModel, Resource } from '../../model';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { fqdnProblem, isIPOrCIDR, isValidPort, wildcardDomainProblem } from '../support/names';
import { arr, has, SchemaIssues } from '../support/schema';

const RESOLUTIONS = ['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN'];

export const serviceEntryValidation: Rule = {
  code: 'IST0106',
  description: 'ServiceEntry fields that istiod\'s validating webhook rejects',
  run(model: MeshModel): Finding[] {
    return model.ofKind('ServiceEntry').flatMap(validateServiceEntry);
  },
};

export function validateServiceEntry(se: Resource): Finding[] {
  const issues = new SchemaIssues(se);
  const hosts = arr(se.spec.hosts);
  if (hosts.length === 0) issues.add('service entry must have at least one host', 'list the external host names in spec.hosts');
  for (const host of hosts) {
    if (host === '*') issues.add('invalid host *', 'list concrete host names (a wildcard such as *.example.com is allowed)');
    else if (typeof host !== 'string') issues.add(`host ${JSON.stringify(host)} is not a string`, 'write hosts as strings');
    else issues.addIf(wildcardDomainProblem(host), 'use a valid DNS name');
  }
  for (const address of arr(se.spec.addresses)) {
    if (typeof address !== 'string' || !isIPOrCIDR(address)) issues.add(`invalid address ${JSON.stringify(address)}`, 'use IP addresses or CIDR blocks in spec.addresses');
  }
  const resolution = se.spec.resolution ?? 'NONE';
  if (!RESOLUTIONS.includes(resolution)) issues.add(`unknown resolution "${resolution}"`, `use one of ${RESOLUTIONS.join(', ')}`);
  const names = new Set<string>();
  const numbers = new Set<number>();
  arr(se.spec.ports).forEach((port, i) => {
    const where = `ports[${i}]`;
    if (!isValidPort(port?.number)) issues.add(`${where}: port number ${JSON.stringify(port?.number)} must be in the range 1..65535`, 'use a port between 1 and 65535');
    else if (numbers.has(port.number)) issues.add(`service entry port ${port.number} already defined`, 'list each port number once');
    else numbers.add(port.number);
    if (!port?.name) issues.add(`${where}: port name must be set`, 'give the port a name such as "http" or "https"');
    else if (names.has(port.name)) issues.add(`service entry port name ${port.name} already defined`, 'give each port a unique name');
    else names.add(port.name);
  });
  const endpoints = arr(se.spec.endpoints);
  if (endpoints.length > 0 && has(se.spec.workloadSelector)) {
    issues.add('only one of WorkloadSelector or Endpoints is allowed in Service Entry', 'keep either workloadSelector or endpoints');
  }
  if (resolution === 'NONE' && endpoints.length > 0) {
    issues.add('no endpoints should be provided for resolution type none', 'remove endpoints or use resolution STATIC/DNS');
  }
  if (resolution === 'STATIC') {
    endpoints.forEach((ep, i) => {
      const address = ep?.address;
      if (typeof address !== 'string' || (!isIPOrCIDR(address) && !address.startsWith('unix://'))) {
        issues.add(`endpoints[${i}]: endpoint address ${JSON.stringify(address)} is not a valid IP address`, 'use IP addresses for STATIC resolution, or resolution DNS for host names');
      }
    });
  }
  if (resolution === 'DNS' || resolution === 'DNS_ROUND_ROBIN') {
    if (endpoints.length === 0) {
      for (const host of hosts) {
        if (typeof host === 'string' && host !== '*' && (host.startsWith('*') || fqdnProblem(host))) {
          issues.add(`hosts must be FQDN if no endpoints are provided for resolution mode DNS: "${host}"`, 'list fully qualified names without wildcards, or add endpoints');
        }
      }
    }
    if (resolution === 'DNS_ROUND_ROBIN' && endpoints.length > 1) issues.add('DNS_ROUND_ROBIN mode cannot have multiple endpoints', 'keep one endpoint or use resolution DNS');
    if (arr(se.spec.addresses).some((a) => typeof a === 'string' && a.includes('/'))) {
      issues.add('CIDR addresses are allowed only for NONE/STATIC resolution', 'use single IP addresses or resolution NONE/STATIC');
    }
  }
  return issues.result();
}
