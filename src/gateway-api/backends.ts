/**
 * backendRefs → Istio destinations (conversion.go buildDestination, buildHTTPDestination,
 * buildTCPDestination, isInvalidBackend).
 *
 * istiod keeps an invalid backend in the route instead of dropping it, so its share of the
 * traffic fails: a backend refused by a missing ReferenceGrant, or of a kind istiod does not
 * route to, becomes an empty `destination: {}`; a Service that does not exist keeps its host,
 * which has no cluster. With Gateway API route semantics Envoy answers 500 for both
 * (`cluster_not_found_response_code: INTERNAL_SERVER_ERROR`). Other problems (a missing port, a
 * Service name with dots, an unsupported filter) are hard errors: the whole route is not programmed.
 */
import type { MeshModel } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { BACKEND_NOT_FOUND, INVALID_DESTINATION, INVALID_FILTER, INVALID_KIND, REF_NOT_PERMITTED } from './conditions';
import { arr } from './derived';
import { createHeadersFilter } from './filters';
import { serviceHost } from './names';
import { referenceGrants } from './reference-grants';

export interface RouteError {
  readonly reason: string;
  readonly message: string;
  readonly field: string;
}

export interface RouteContext {
  readonly model: MeshModel;
  readonly route: Resource;
  /** Mesh routes (Service parents) do not enforce ReferenceGrants (`convertHTTPRoute(..., !mesh)`). */
  readonly enforceRefGrant: boolean;
}

/** Raised for the errors after which istiod programs nothing for the route. */
export class HardRouteError extends Error {
  constructor(public readonly error: RouteError) {
    super(error.message);
  }
}

/** isInvalidBackend: the reasons after which the route is still programmed. */
function invalidBackend(reason: string, message: string, field: string): RouteError {
  return { reason, message, field };
}

/**
 * buildDestination: the destination for one backendRef and, for an invalid backend, why. Throws
 * HardRouteError for a hard error.
 */
export function buildDestination(ctx: RouteContext, to: any, field: string): { destination: any; error?: RouteError } {
  const ns = ctx.route.namespace;
  const name = String(to?.name);
  if (ctx.enforceRefGrant && typeof to?.namespace === 'string' && to.namespace !== ns
    && !referenceGrants(ctx.model).allows(ctx.route.kind, ns, 'Service', to.namespace, name)) {
    return {
      destination: {},
      error: invalidBackend(REF_NOT_PERMITTED, `backendRef ${name}/${to.namespace} not accessible to a ${ctx.route.kind} in namespace "${ns}" (missing a ReferenceGrant?)`, field),
    };
  }
  const namespace = typeof to?.namespace === 'string' ? to.namespace : ns;
  // The CRD defaults group to "" and kind to Service.
  const group = to?.group ?? '';
  const kind = to?.kind ?? 'Service';
  let host: string;
  let error: RouteError | undefined;
  if ((group === '' && kind === 'Service') || (group === 'multicluster.x-k8s.io' && kind === 'ServiceImport')) {
    // ServiceImport without ENABLE_MCS_HOST is the Service's own host.
    if (name.includes('.')) throw new HardRouteError({ reason: INVALID_DESTINATION, message: 'service name invalid; the name of the Service must be used, not the hostname.', field });
    host = serviceHost(name, namespace);
    if (!ctx.model.get('Service', namespace, name)) error = invalidBackend(BACKEND_NOT_FOUND, `backend(${host}) not found`, field);
  } else if (group === 'networking.istio.io' && kind === 'Hostname') {
    if (typeof to?.namespace === 'string') throw new HardRouteError({ reason: INVALID_DESTINATION, message: 'namespace may not be set with Hostname type', field });
    host = name;
    if (!ctx.model.isInRegistry(host)) error = invalidBackend(BACKEND_NOT_FOUND, `backend(${host}) not found`, field);
  } else if (group === 'inference.networking.k8s.io' && kind === 'InferencePool') {
    return { destination: {}, error: invalidBackend(INVALID_KIND, 'InferencePool is not enabled. To enable, set SUPPORT_GATEWAY_API_INFERENCE_EXTENSION to true in istiod', field) };
  } else {
    return { destination: {}, error: invalidBackend(INVALID_KIND, `referencing unsupported backendRef: group "${group}" kind "${kind}"`, field) };
  }
  // "Port is required when the referent is a Kubernetes Service."
  if (typeof to?.port !== 'number') throw new HardRouteError({ reason: INVALID_DESTINATION, message: 'port is required in backendRef', field });
  return { destination: { host, port: { number: to.port } }, ...(error ? { error } : {}) };
}

/** weightSum: the CRD defaults every weight to 1. */
export function weightSum(refs: readonly any[]): number {
  return refs.reduce((sum, r) => sum + weightOf(r), 0);
}

function weightOf(ref: any): number {
  return typeof ref?.weight === 'number' ? ref.weight : 1;
}

/**
 * buildHTTPDestination / buildTCPDestination: weight-0 backends are left out; a single remaining
 * backend carries no weight; per-backend header filters apply (HTTP only).
 */
export function buildDestinations(ctx: RouteContext, refs: readonly any[], fieldOf: (i: number) => string, http: boolean): { route: any[]; errors: RouteError[] } {
  const kept = refs.map((ref, i) => ({ ref, i })).filter(({ ref }) => weightOf(ref) !== 0);
  const single = kept.length === 1;
  const errors: RouteError[] = [];
  const route = kept.map(({ ref, i }) => {
    const { destination, error } = buildDestination(ctx, ref, fieldOf(i));
    if (error) errors.push(error);
    const out: any = { destination };
    if (!single) out.weight = weightOf(ref);
    if (http) {
      arr(ref?.filters).forEach((filter: any, k: number) => {
        if (filter?.type === 'RequestHeaderModifier' || filter?.type === 'ResponseHeaderModifier') {
          const ops = createHeadersFilter(filter.type === 'RequestHeaderModifier' ? filter.requestHeaderModifier : filter.responseHeaderModifier);
          if (!ops) return;
          out.headers = { ...(out.headers ?? {}), [filter.type === 'RequestHeaderModifier' ? 'request' : 'response']: ops };
        } else {
          throw new HardRouteError({ reason: INVALID_FILTER, message: `unsupported filter type "${filter?.type}"`, field: `${fieldOf(i)}.filters[${k}]` });
        }
      });
    }
    return out;
  });
  return { route, errors };
}
