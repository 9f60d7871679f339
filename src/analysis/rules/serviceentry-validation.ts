/**
 * IST0106 for ServiceEntries (istiod: validation.go `ValidateServiceEntry`): workload selector
 * and its exclusivity with endpoints, hosts, addresses, ports (names, numbers, target ports,
 * protocols), the rules of each resolution for endpoints, and several hosts on non-HTTP/TLS ports.
 * exportTo is checked by exportto-validation.ts.
 */
import { MeshModel, Resource } from '../../model';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { rejectsDryRunAnnotation } from '../support/dry-run';
import { ipSubnetProblem, isValidIPAddress as isIPAddress, istioFqdnProblem, istioWildcardDomainProblem } from '../support/host-validation';
import { isValidPort, labelsProblems, portNameProblem } from '../support/names';
import { partialWildcardProblem } from '../support/namespaced-hosts';
import { validateLabelsSelector } from '../support/policy-targets';
import { isHttpProtocol, isTcpProtocol, isTlsProtocol, protocolProblem } from '../support/protocols';
import { arr, has, prefixed, SchemaIssues } from '../support/schema';
import { validateWorkloadEntrySpec } from './workloadentry-validation';

const RESOLUTIONS = ['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN', 'DYNAMIC_DNS'];
const PORT_FIX = 'use a port between 1 and 65535';

export const serviceEntryValidation: Rule = {
  code: 'IST0106',
  description: 'ServiceEntry fields that istiod\'s validating webhook rejects or warns about',
  run(model: MeshModel): Finding[] {
    return model.ofKind('ServiceEntry').flatMap((se) => validateServiceEntry(se, model.environment.dnsAutoAllocate));
  },
};

/** The label by which one ServiceEntry opts out of Istio's address auto-allocation. */
const AUTOALLOCATE_LABEL = 'networking.istio.io/enable-autoallocate-ip';

export function validateServiceEntry(se: Resource, dnsAutoAllocate = false): Finding[] {
  const issues = new SchemaIssues(se);
  if (rejectsDryRunAnnotation(issues, se)) return issues.result();
  const spec = se.spec;
  if (!validateLabelsSelector(issues, spec.workloadSelector, 'service entry')) return issues.result();
  const endpoints = arr(spec.endpoints);
  if (has(spec.workloadSelector) && endpoints.length > 0) {
    issues.add('only one of WorkloadSelector or Endpoints is allowed in Service Entry', 'keep either workloadSelector (mesh workloads) or endpoints (inline addresses)');
  }
  const hosts = arr(spec.hosts);
  validateHosts(issues, hosts);
  const addresses = arr(spec.addresses);
  for (const address of addresses) issues.addIf(ipSubnetProblem(address), 'use IP addresses or CIDR blocks in spec.addresses');
  const resolution = spec.resolution ?? 'NONE';
  if (addresses.some((a) => typeof a === 'string' && a.includes('/')) && resolution !== 'NONE' && resolution !== 'STATIC') {
    issues.add('CIDR addresses are allowed only for NONE/STATIC resolution types', 'use single IP addresses, or resolution NONE/STATIC');
  }
  const portNames = validatePorts(issues, arr(spec.ports));
  // serviceentry.ShouldV2AutoAllocateIPFromConfig: the mesh allocates addresses unless the entry opts out.
  const autoAllocated = dnsAutoAllocate && se.labels[AUTOALLOCATE_LABEL] !== 'false';
  if (addresses.length === 0 && !autoAllocated) {
    for (const port of arr(spec.ports)) {
      if (has(port) && (!port.protocol || port.protocol === 'TCP')) {
        issues.warn(`ports[${arr(spec.ports).indexOf(port)}]: addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled`,
          'set spec.addresses, give the port an application protocol, or enable DNS auto-allocation');
      }
    }
  }
  validateResolution(issues, spec, resolution, portNames);
  if (resolution !== 'NONE' && hosts.length > 1 && arr(spec.ports).some((p) => !isHttpProtocol(p?.protocol) && !isTlsProtocol(p?.protocol))) {
    issues.add('multiple hosts provided with non-HTTP, non-TLS ports', 'give every port an HTTP or TLS protocol, or use one host per ServiceEntry, or resolution NONE');
  }
  return issues.result();
}

function validateHosts(issues: SchemaIssues, hosts: unknown[]): void {
  if (hosts.length === 0) issues.add('service entry must have at least one host', 'list the external host names in spec.hosts');
  for (const host of hosts) {
    if (host === '*') {
      issues.add('invalid host *', 'list concrete host names (a wildcard such as *.example.com is allowed)');
      continue;
    }
    const name = typeof host === 'string' ? host : String(host);
    issues.addIf(istioWildcardDomainProblem(name), 'use a valid DNS name, with a wildcard only as the whole first label');
    const partial = partialWildcardProblem(name);
    if (partial) issues.warn(partial, `write "*.${name.replace(/^\*+/, '')}" if every subdomain is meant`);
  }
}

/** Validates the ports and returns their names, which endpoint port maps refer to. */
function validatePorts(issues: SchemaIssues, ports: any[]): Set<string> {
  const names = new Set<string>();
  const numbers = new Set<unknown>();
  ports.forEach((port, i) => {
    const where = `ports[${i}]`;
    if (!has(port)) {
      issues.add('service entry port may not be null', `remove ${where}`);
      return;
    }
    const name = port.name ?? '';
    if (names.has(name)) issues.add(`service entry port name "${name}" already defined`, 'give each port a unique name');
    names.add(name);
    if (numbers.has(port.number)) issues.add(`service entry port ${port.number} already defined`, 'list each port number once');
    numbers.add(port.number);
    if (has(port.targetPort) && port.targetPort !== 0 && !isValidPort(port.targetPort)) {
      issues.add(`${where}.targetPort: port number ${JSON.stringify(port.targetPort)} must be in the range 1..65535`, PORT_FIX);
    }
    issues.addIf(prefixed(`${where}: `, portNameProblem(port.name)), 'give the port a DNS-1123 label as name, such as "https"');
    issues.addIf(prefixed(`${where}: `, protocolProblem(port.protocol)), 'use HTTP, HTTPS, HTTP2, GRPC, TCP, TLS, MONGO, REDIS or MYSQL');
    if (!isValidPort(port.number ?? 0)) issues.add(`${where}: port number ${JSON.stringify(port.number ?? 0)} must be in the range 1..65535`, PORT_FIX);
  });
  return names;
}

function validateResolution(issues: SchemaIssues, spec: any, resolution: string, portNames: Set<string>): void {
  const endpoints = arr(spec.endpoints);
  switch (resolution) {
    case 'NONE':
      if (endpoints.length > 0) issues.add('no endpoints should be provided for resolution type none', 'remove endpoints, or use resolution STATIC/DNS');
      if (has(spec.workloadSelector)) issues.warn('workloadSelector should not be set when resolution mode is NONE', 'use resolution STATIC to select workloads, or remove workloadSelector');
      return;
    case 'STATIC':
      endpoints.forEach((endpoint, i) => {
        if (!has(endpoint)) issues.add('endpoint cannot be nil', `remove endpoints[${i}]`);
        else validateWorkloadEntrySpec(issues, endpoint, { where: `endpoints[${i}]: `, servicePorts: portNames, allowFqdnAddress: false });
      });
      return;
    case 'DNS':
    case 'DNS_ROUND_ROBIN':
      validateDnsResolution(issues, spec, resolution, portNames);
      return;
    case 'DYNAMIC_DNS':
      // Istio 1.30's resolution for wildcard hosts (resolved per request from Host/SNI): endpoints
      // are ignored and no resolution-specific rule applies.
      return;
    default:
      issues.add(`unsupported resolution type ${resolution}`, `use one of ${RESOLUTIONS.join(', ')}`);
  }
}

function validateDnsResolution(issues: SchemaIssues, spec: any, resolution: string, portNames: Set<string>): void {
  const endpoints = arr(spec.endpoints);
  const hosts = arr(spec.hosts);
  if (endpoints.length === 0) {
    for (const host of hosts) {
      if (istioFqdnProblem(String(host))) {
        issues.add(`hosts must be FQDN if no endpoints are provided for resolution mode ${resolution}: "${host}"`, 'list fully qualified names without wildcards, add endpoints, or use resolution NONE (or DYNAMIC_DNS) for wildcards');
      }
    }
  }
  if (resolution === 'DNS_ROUND_ROBIN' && endpoints.length > 1) {
    issues.add(`there must only be 0 or 1 endpoint for resolution mode ${resolution}`, 'keep one endpoint, or use resolution DNS');
  }
  endpoints.forEach((endpoint, i) => {
    const where = `endpoints[${i}]`;
    if (!has(endpoint)) {
      issues.add('endpoint cannot be nil', `remove ${where}`);
      return;
    }
    const address = typeof endpoint.address === 'string' ? endpoint.address : '';
    if (!isIPAddress(address) && istioFqdnProblem(address)) {
      issues.add(`${where}: endpoint address "${address}" is not a valid FQDN or an IP address`, 'use an IP address or a fully qualified host name');
    }
    for (const problem of labelsProblems(endpoint.labels)) issues.add(`${where}.labels: ${problem}`, 'use valid Kubernetes label keys and values');
    const ports = endpoint.ports !== null && typeof endpoint.ports === 'object' ? Object.entries(endpoint.ports as Record<string, unknown>) : [];
    for (const [name, port] of ports) {
      if (!portNames.has(name)) issues.add(`${where}: endpoint port ${port} is not defined by the service entry`, `key endpoint ports by the ServiceEntry's port names (${[...portNames].sort().join(', ')})`);
      issues.addIf(prefixed(`${where}: `, portNameProblem(name)), 'use a DNS-1123 label as port name');
      if (!isValidPort(port)) issues.add(`${where}: port number ${JSON.stringify(port)} must be in the range 1..65535`, PORT_FIX);
    }
  });
  if (arr(spec.addresses).length > 0 && hosts.length > 1 && arr(spec.ports).some((p) => isTcpProtocol(p?.protocol))) {
    issues.warn('service entry can not have more than one host specified simultaneously with address and tcp port', 'use one host per ServiceEntry when it has addresses and TCP ports');
  }
}
