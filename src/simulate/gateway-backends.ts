/**
 * Destinations of a rule istiod derived from a Gateway API route. istiod keeps an invalid
 * backendRef (no such Service, not permitted by a ReferenceGrant, unsupported kind) in the
 * route with its weight — as an empty destination or a host without a Service — and builds the
 * route with `cluster_not_found_response_code: INTERNAL_SERVER_ERROR`, so Envoy answers that
 * backend's share of the traffic with 500 (conversion.go buildHTTPDestination / buildDestination,
 * route.go applyHTTPRouteDestination; Gateway API HTTPBackendRef "MUST return a 500").
 */
import { MeshModel } from '../model/mesh-model';
import { PlannedDestination, planOne } from './destinations';
import { compileRouteHeaders } from './route-headers';

export const INVALID_BACKEND_STATUS = 500;

export function planGatewayBackends(model: MeshModel, route: readonly any[], vsNamespace: string, callerNamespace: string, requestPort: number): PlannedDestination[] {
  const entries = route.filter((r) => r && r.destination && typeof r.destination === 'object');
  // A lone backend takes everything (istiod writes weight 0 for it); zero weights were dropped.
  const total = entries.reduce((sum, r) => sum + weightOf(r), 0);
  return entries.flatMap((entry): PlannedDestination[] => {
    const share = entries.length === 1 ? 1 : total > 0 ? weightOf(entry) / total : 1 / entries.length;
    if (share === 0) return [];
    const host = entry.destination.host;
    if (typeof host !== 'string' || host === '') {
      return [{
        host: '', share, workloads: [], registry: 'none', status: INVALID_BACKEND_STATUS,
        notes: ['invalid backendRef (not permitted by a ReferenceGrant, or of an unsupported kind): istiod leaves the destination empty, so Envoy finds no cluster and answers 500'],
      }];
    }
    const planned = planOne(model, entry.destination, share, vsNamespace, callerNamespace, requestPort);
    const headers = compileRouteHeaders(entry.headers);
    const plan = headers ? { ...planned, headers } : planned;
    if (plan.registry !== 'none') return [plan];
    return [{
      ...plan, status: INVALID_BACKEND_STATUS,
      notes: [`${plan.host} is not a Service (backendRef not found): Envoy has no cluster for it and answers 500 (cluster_not_found_response_code)`],
    }];
  });
}

function weightOf(r: any): number {
  return typeof r.weight === 'number' && r.weight > 0 ? r.weight : 0;
}
