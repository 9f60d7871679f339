/**
 * The one error of this folder: a feature the Gateway API (v1.5.1 standard channel, as istiod
 * 1.30 translates it) cannot express with the same meaning. Never a silent drop.
 */
import { ErrorCodes } from '../../codes';
import { IstioTrafficError } from '../../errors';

/** Suffix every fix can end with: the team can keep this route on Istio's APIs. */
export const KEEP_ISTIO = 'or keep the team on TrafficApi.ISTIO';

/** CIT020 at `where`: `problem` (the feature), `value` received, `fix` (the Gateway API form or TrafficApi.ISTIO). */
export function noGatewayApiForm(where: string, problem: string, value: unknown, fix: string): IstioTrafficError {
  return new IstioTrafficError(ErrorCodes.NO_GATEWAY_API_FORM, where, problem, value, fix);
}
