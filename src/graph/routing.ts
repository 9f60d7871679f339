/**
 * The Gateways and VirtualServices the diagram walks: the model's own plus the ones istiod derives
 * from Gateway API objects (`routingConfigFor`, the same view `explain` routes through). Own
 * objects come first and in the order the graph always read them, so a model without Gateway API
 * objects draws exactly as before.
 */
import { MeshModel } from '../model/mesh-model';
import { perModel } from '../model/per-model';
import { Resource } from '../model/resource';
import { routingConfigFor } from '../simulate/routing-config';

export interface GraphRouting {
  /** networking.istio.io Gateways the manifests hold. */
  readonly ownGateways: readonly Resource[];
  /** Gateways derived from Gateway API Gateways (one per listener, `derivedFrom` the Gateway). */
  readonly derivedGateways: readonly Resource[];
  /** Own VirtualServices, then derived ones (`derivedFrom` the HTTPRoute or TLSRoute). */
  readonly virtualServices: readonly Resource[];
  /** Own and derived Gateways: every Gateway that configures gateway pods. */
  readonly gateways: readonly Resource[];
}

/** The routing objects of `model` the diagram draws (built once per model). */
export const graphRouting = perModel((model: MeshModel): GraphRouting => {
  const config = routingConfigFor(model);
  const ownGateways = model.ofKind('Gateway');
  const derivedGateways = config.gateways.filter((g) => g.derivedFrom !== undefined);
  return {
    ownGateways,
    derivedGateways,
    virtualServices: [...model.ofKind('VirtualService'), ...config.virtualServices.filter((vs) => vs.derivedFrom !== undefined)],
    gateways: [...ownGateways, ...derivedGateways],
  };
});
