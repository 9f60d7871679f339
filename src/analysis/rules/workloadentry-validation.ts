/**
 * IST0106 for WorkloadEntries (istiod: validation.go `ValidateWorkloadEntry` /
 * `validateWorkloadEntry`), also used for the inline endpoints of STATIC ServiceEntries.
 */
import { MeshModel } from '../../model';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { rejectsDryRunAnnotation } from '../support/dry-run';
import { isValidIPAddress as isIPAddress, istioFqdnProblem, unixAddressProblem } from '../support/host-validation';
import { isValidPort, labelsProblems, portNameProblem } from '../support/names';
import { prefixed, SchemaIssues } from '../support/schema';

const UNIX_PREFIX = 'unix://';

export const workloadEntryValidation: Rule = {
  code: 'IST0106',
  description: 'WorkloadEntry fields that istiod\'s validating webhook rejects or warns about',
  run(model: MeshModel): Finding[] {
    return model.ofKind('WorkloadEntry').flatMap((entry) => {
      const issues = new SchemaIssues(entry);
      if (!rejectsDryRunAnnotation(issues, entry)) validateWorkloadEntrySpec(issues, entry.spec, {});
      return issues.result();
    });
  },
};

export interface WorkloadEntryContext {
  /** Where the entry is (`endpoints[2]: `), empty for a WorkloadEntry resource. */
  readonly where?: string;
  /** The port names of the enclosing ServiceEntry, when there is one. */
  readonly servicePorts?: ReadonlySet<string>;
  /** Whether a host name is acceptable as address (WorkloadEntry: yes; STATIC endpoint: no). */
  readonly allowFqdnAddress?: boolean;
}

/** istiod: validateWorkloadEntry(we, servicePorts, allowFQDNAddresses). */
export function validateWorkloadEntrySpec(issues: SchemaIssues, entry: any, context: WorkloadEntryContext): void {
  const where = context.where ?? '';
  const allowFqdn = context.allowFqdnAddress ?? true;
  const address = typeof entry?.address === 'string' ? entry.address : '';
  if (address === '') {
    if (!entry?.network) {
      issues.add(`${where}address is required`, 'set address (an IP, or a host name for WorkloadEntries), or network for a remote-network endpoint');
      return;
    }
    issues.warn(`${where}address is unset with network "${entry.network}"`, 'nothing, if the endpoint is reached through the network\'s gateway; else set address');
  }
  const ports = entry?.ports !== null && typeof entry?.ports === 'object' ? Object.entries(entry.ports as Record<string, unknown>) : [];
  const unix = address.startsWith(UNIX_PREFIX);
  if (unix) {
    issues.addIf(prefixed(where, unixAddressProblem(address.slice(UNIX_PREFIX.length))), 'use unix:///absolute/path or unix://@abstract');
    if (ports.length > 0) issues.add(`${where}unix endpoint ${address} must not include ports`, 'remove ports from the unix socket endpoint');
  } else if (address !== '' && !isIPAddress(address)) {
    if (!allowFqdn) issues.add(`${where}endpoint address "${address}" is not a valid IP address`, 'use IP addresses with resolution STATIC, or resolution DNS for host names');
    else if (istioFqdnProblem(address)) issues.add(`${where}endpoint address "${address}" is not a valid FQDN or an IP address`, 'use an IP address or a fully qualified host name');
  }
  for (const [name, port] of ports) {
    if (context.servicePorts && !context.servicePorts.has(name)) {
      issues.add(`${where}endpoint port ${port} is not defined by the service entry`, `key endpoint ports by the ServiceEntry's port names (${[...context.servicePorts].sort().join(', ')})`);
    }
    issues.addIf(prefixed(where, portNameProblem(name)), 'use a DNS-1123 label as port name');
    if (!isValidPort(port)) issues.add(`${where}port number ${JSON.stringify(port)} must be in the range 1..65535`, 'use a port between 1 and 65535');
  }
  for (const problem of labelsProblems(entry?.labels)) issues.add(`${where}labels: ${problem}`, 'use valid Kubernetes label keys and values');
  if (unix && context.servicePorts && context.servicePorts.size !== 1) {
    issues.add(`${where}exactly 1 service port required for unix endpoints`, 'declare exactly one port on a ServiceEntry with unix socket endpoints');
  }
}
