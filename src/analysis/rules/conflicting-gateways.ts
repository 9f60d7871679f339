/**
 * IST0145: two Gateways that select the same gateway pods declare the same host on the same
 * port, so istiod keeps only one of the servers — as Istio's gateway.ConflictingGatewayAnalyzer
 * (analyzeGateway, isGWConflict → model.CheckDuplicates):
 * - selectors are compared as strings (`k=v,…`, sorted); two different selectors still count
 *   when one string contains the other and some pod carries the labels of both (a sub-selector);
 * - hosts conflict when a server repeats another's host string exactly (`ns/` part included)
 *   with the same `bind`; `a.example.com` and `*.example.com` do not conflict;
 * - of a Gateway with several servers on one port, the last one's hosts are compared
 *   (initGatewaysMap keeps one entry per Gateway, selector and port).
 * Not followed: CheckDuplicates also adds the hosts of a non-conflicting server to the other
 * Gateway's known hosts, which makes Istio's result depend on Go map iteration order.
 */
import { labelsMatch, MeshModel, Resource } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { selectorOf, selectorString } from '../support/gateways';
import { arr } from '../support/schema';

export const conflictingGateways: Rule = {
  code: 'IST0145',
  description: 'No two Gateways selecting the same pods serve the same host on the same port',
  run(model: MeshModel): Finding[] {
    const gateways = model.ofKind('Gateway');
    const known = knownHostsByGateway(gateways);
    const selectors = gateways.map((g) => selectorOf(g));
    const strings = selectors.map(selectorString);
    const out: Finding[] = [];
    gateways.forEach((gw, i) => {
      const selector = strings[i];
      const samePods = gateways.filter((_other, j) => j !== i && selectSamePods(model, selector, strings[j], selectors[i], selectors[j]));
      for (const server of arr(gw.spec.servers)) {
        const port = portOf(server);
        const hosts = arr(server?.hosts).filter((h): h is string => typeof h === 'string');
        const bind = typeof server?.bind === 'string' ? server.bind : '';
        const conflicts = samePods.filter((other) => {
          const otherHosts = known.get(other)?.get(port);
          return otherHosts !== undefined && hosts.some((h) => otherHosts.has(h) && otherHosts.get(h) === bind);
        });
        if (conflicts.length === 0) continue;
        const names = conflicts.map((o) => `${o.namespace}/${o.name}`).sort().join(',');
        out.push(finding(gw, 'IST0145', 'error',
          `Conflict with gateways ${names} (workload selector ${selector}, port ${port}, hosts ${hosts.join(',')}).`,
          'serve each host on a port from one Gateway only (merge the servers), or give the Gateways selectors that pick different gateway pods'));
      }
    });
    return out;
  },
};

/** Per Gateway and port: the last server's hosts on that port, each with its `bind`. */
function knownHostsByGateway(gateways: readonly Resource[]): Map<Resource, Map<number, Map<string, string>>> {
  const known = new Map<Resource, Map<number, Map<string, string>>>();
  for (const gw of gateways) {
    const byPort = new Map<number, Map<string, string>>();
    for (const server of arr(gw.spec.servers)) {
      const bind = typeof server?.bind === 'string' ? server.bind : '';
      byPort.set(portOf(server), new Map(arr(server?.hosts).filter((h): h is string => typeof h === 'string').map((h) => [h, bind])));
    }
    known.set(gw, byPort);
  }
  return known;
}

/**
 * Equal selector strings; or one string contained in the other and a pod (a workload's pod
 * template here, as the manifests have no Pods yet) matching both selectors.
 */
function selectSamePods(model: MeshModel, sa: string, sb: string, a: Record<string, string>, b: Record<string, string>): boolean {
  if (sa === sb) return true;
  if (!sa.includes(sb) && !sb.includes(sa)) return false;
  return model.workloadsSelectedBy({ ...a, ...b }).some((w) => labelsMatch(a, w.podLabels) && labelsMatch(b, w.podLabels));
}

function portOf(server: any): number {
  return typeof server?.port?.number === 'number' ? server.port.number : 0;
}
