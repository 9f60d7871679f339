/**
 * Gateway API routes a parent refuses (istiod's `Accepted: False` on the route's parent status:
 * NotAllowedByListeners, NoMatchingListenerHostname, NoMatchingParent, …). istiod derives nothing
 * for such a parent, so without this the route would simply be missing from the picture; the
 * Istio form still draws a VirtualService a Gateway does not admit. One red node per refused
 * parent, in the route's namespace, says which route, which parent and why.
 */
import { gatewayApiTranslation } from '../gateway-api';
import { MeshModel } from '../model/mesh-model';
import { TopologyBuilder } from './builder';
import { TopologyNodeKind } from './types';

const ROUTE_KINDS = new Set(['HTTPRoute', 'TLSRoute']);

export function addRefusedParents(model: MeshModel, b: TopologyBuilder): void {
  for (const c of gatewayApiTranslation(model).conditions) {
    if (c.type !== 'Accepted' || !ROUTE_KINDS.has(c.resource.kind) || c.scope === undefined) continue;
    const route = c.resource;
    b.node(`unresolved:parent:${route.kind}/${route.namespace}/${route.name}:${c.scope}`, TopologyNodeKind.UNRESOLVED,
      [`${route.kind} ${route.name}`, `not attached to ${c.scope}`, c.reason], route.namespace);
  }
}
