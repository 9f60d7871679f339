/**
 * Gateway API objects as istiod sees them. `gatewayApiTranslation` is filled in by the
 * translation (src/gateway-api/translate.ts, in progress on the gwapi-translate branch); until it
 * lands, a model's Gateway API objects derive nothing.
 */
import { MeshModel } from '../model/mesh-model';
import { GatewayApiTranslation } from './translation';

export * from './translation';

const NOTHING: GatewayApiTranslation = { gateways: [], virtualServices: [], conditions: [] };

/** What istiod derives from the model's Gateway API objects (memoised per model). */
export function gatewayApiTranslation(_model: MeshModel): GatewayApiTranslation {
  return NOTHING;
}
