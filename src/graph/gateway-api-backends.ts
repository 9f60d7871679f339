/**
 * Backends istiod keeps in a derived rule as an empty destination: a backendRef in another
 * namespace that no ReferenceGrant allows, or of a kind istiod does not route to
 * (conversion.go buildDestination). Their share of the traffic gets a 500, so the diagram draws
 * them, red, named as the user wrote the backendRef, instead of leaving the share out.
 */
import { gatewayApiTranslation } from '../gateway-api';
import { MeshModel } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { TopologyBuilder } from './builder';
import { TopologyNodeKind } from './types';

export interface RefusedBackend {
  readonly nodeId: string;
  /** Index of the derived `route` entry it stands for. */
  readonly entry: number;
}

/** What the red node says under the backendRef, by the reason istiod reports on the route. */
const REASON_LINE: Record<string, string> = {
  RefNotPermitted: 'refused: no ReferenceGrant allows it',
  InvalidKind: 'a kind istiod does not route to',
};

/** The CRD defaults a backendRef's weight to 1; weight 0 backends are left out of the derived route. */
function kept(refs: readonly any[]): { ref: any; index: number }[] {
  return refs.map((ref, index) => ({ ref, index })).filter(({ ref }) => (typeof ref?.weight === 'number' ? ref.weight : 1) !== 0);
}

/**
 * The refused backends of rule `ruleIndex` of `route` among the derived `entries` (the derived
 * rule's `route`, one entry per kept backendRef, in order), each added as a node.
 */
export function addRefusedBackends(model: MeshModel, b: TopologyBuilder, route: Resource, ruleIndex: number, entries: readonly any[]): RefusedBackend[] {
  const rule = Array.isArray(route.spec?.rules) ? route.spec.rules[ruleIndex] : undefined;
  const refs = kept(Array.isArray(rule?.backendRefs) ? rule.backendRefs : []);
  if (refs.length !== entries.length) return [];
  const out: RefusedBackend[] = [];
  entries.forEach((entry, k) => {
    if (!entry?.destination || typeof entry.destination.host === 'string') return;
    const { ref, index } = refs[k];
    const field = `spec.rules[${ruleIndex}].backendRefs[${index}]`;
    const reported = gatewayApiTranslation(model).conditions.find((c) => c.resource === route && c.field === field && REASON_LINE[c.reason] !== undefined);
    if (!reported) return;
    const kind = `${ref.group ? `${ref.group}/` : ''}${ref.kind ?? 'Service'}`;
    const namespace = typeof ref.namespace === 'string' ? ref.namespace : route.namespace;
    const nodeId = b.node(`unresolved:backend:${kind}/${namespace}/${ref.name}:${reported.reason}`, TopologyNodeKind.UNRESOLVED,
      [`${kind} ${namespace}/${ref.name}`, REASON_LINE[reported.reason]]);
    out.push({ nodeId, entry: k });
  });
  return out;
}
