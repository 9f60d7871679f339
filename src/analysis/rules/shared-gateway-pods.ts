/**
 * CIT101: Gateways of different namespaces (teams) select the same gateway pods. A Gateway's
 * selector matches pods in every namespace (SEMANTICS §1), so both teams' servers land on the
 * same listeners: one team's host or port can shadow or conflict with the other's. An error, because
 * with one namespace per team a team must not be able to serve on another team's gateway pods.
 */
import { MeshModel, Resource } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { gatewayWorkloads, workloadId } from '../support/gateways';

export const sharedGatewayPods: Rule = {
  code: 'CIT101',
  description: 'Gateways of different namespaces do not select the same gateway pods',
  run(model: MeshModel): Finding[] {
    const gateways = model.ofKind('Gateway');
    const pods = new Map<Resource, Set<string>>(gateways.map((g) => [g, new Set(gatewayWorkloads(model, g).map(workloadId))]));
    const out: Finding[] = [];
    for (const gw of gateways) {
      for (const other of gateways) {
        if (other === gw || other.namespace === gw.namespace) continue;
        const shared = [...(pods.get(gw) ?? [])].filter((w) => pods.get(other)?.has(w)).sort();
        if (shared.length === 0) continue;
        out.push(finding(gw, 'CIT101', 'error',
          `Gateway ${gw.namespace}/${gw.name} and Gateway ${other.namespace}/${other.name} (another namespace) both select the pods of ${shared.join(', ')}; their servers are merged on the same gateway listeners.`,
          'give each team its own gateway Deployment with distinct labels and select those, or keep one shared Gateway owned by one team'));
      }
    }
    return out;
  },
};
