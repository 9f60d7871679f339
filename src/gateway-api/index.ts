/**
 * Gateway API objects as istiod sees them: the Istio Gateways and VirtualServices it derives from
 * Gateway API Gateways (class `istio`), HTTPRoutes and TLSRoutes, and the status conditions it
 * would report (see translate.ts). `explain` routes through the derived objects; `check` reports
 * the conditions.
 */
import type { MeshModel } from '../model/mesh-model';
import { perModel } from '../model/per-model';
import { translateGatewayApi } from './translate';
import { GatewayApiTranslation } from './translation';

export * from './translation';

const translated = perModel(translateGatewayApi);

/** What istiod derives from the model's Gateway API objects (memoised per model). */
export function gatewayApiTranslation(model: MeshModel): GatewayApiTranslation {
  return translated(model);
}
