/**
 * IST0145: two Gateways with the same selector declare the same port with overlapping hosts
 * (gateway.ConflictingGatewayAnalyzer); istiod keeps only one of the servers.
 */
import { hostsIntersect, MeshModel, splitServerHost } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { selectorOf, selectorString } from '../support/gateways';
import { arr } from '../support/schema';

export const conflictingGateways: Rule = {
  code: 'IST0145',
  description: 'No two Gateways with the same selector serve the same port and host',
  run(model: MeshModel): Finding[] {
    const gateways = model.ofKind('Gateway');
    const out: Finding[] = [];
    for (const gw of gateways) {
      const selector = selectorString(selectorOf(gw));
      for (const server of arr(gw.spec.servers)) {
        const port = server?.port?.number;
        const hosts = arr(server?.hosts).filter((h) => typeof h === 'string');
        const conflicts = gateways.filter((other) => other !== gw && selectorString(selectorOf(other)) === selector
          && arr(other.spec.servers).some((s) => s?.port?.number === port && overlap(hosts, arr(s?.hosts))));
        if (conflicts.length === 0) continue;
        const names = conflicts.map((o) => `${o.namespace}/${o.name}`).join(',');
        out.push(finding(gw, 'IST0145', 'error',
          `Conflict with gateways ${names} (workload selector ${selector}, port ${port}, hosts ${hosts.join(',')}).`,
          'serve each host on a port from one Gateway only (merge the servers), or select different gateway pods'));
      }
    }
    return out;
  },
};

function overlap(a: string[], b: unknown[]): boolean {
  const names = (hosts: unknown[]) => hosts.filter((h): h is string => typeof h === 'string').map((h) => splitServerHost(h).dnsName);
  return names(a).some((x) => names(b).some((y) => hostsIntersect(x, y)));
}

