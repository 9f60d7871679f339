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
    const pods = new Map<Resource, string[]>(gateways.map((g) => [g, [...new Set(gatewayWorkloads(model, g).map(workloadId))].sort()]));
    // Gateways by the pods they select, so each Gateway meets only those it shares pods with.
    const byPod = new Map<string, Resource[]>();
    for (const [gw, ids] of pods) {
      for (const id of ids) {
        const list = byPod.get(id);
        if (list) list.push(gw);
        else byPod.set(id, [gw]);
      }
    }
    const out: Finding[] = [];
    for (const gw of gateways) {
      const shared = new Map<Resource, string[]>();
      for (const id of pods.get(gw)!) {
        for (const other of byPod.get(id)!) if (other.namespace !== gw.namespace) shared.set(other, [...(shared.get(other) ?? []), id]);
      }
      for (const [other, ids] of [...shared].sort((a, b) => a[0].order - b[0].order)) {
        out.push(finding(gw, 'CIT101', 'error',
          `Gateway ${gw.namespace}/${gw.name} and Gateway ${other.namespace}/${other.name} (another namespace) both select the pods of ${ids.join(', ')}; their servers are merged on the same gateway listeners.`,
          'give each team its own gateway Deployment with distinct labels and select those, or keep one shared Gateway owned by one team'));
      }
    }
    return out;
  },
};
