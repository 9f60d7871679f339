/**
 * The references of Gateway API routes, as istiod's route status ResolvedRefs=False reports them:
 * - CIT141: a backendRef (or mirror) in another namespace without a ReferenceGrant permitting it
 *   (RefNotPermitted) — istiod keeps it in the route as an empty destination, so its share of
 *   requests is answered 500; a mirror is dropped.
 * - CIT142: a backendRef to a Service that does not exist (BackendNotFound) or of a kind istiod
 *   does not route to (InvalidKind) — its share of requests is answered 500.
 * - CIT143: an error after which istiod programs nothing for the route (a backendRef without a
 *   port, a Service name with dots, a namespace on a Hostname backend, an unsupported filter).
 */
import { BACKEND_NOT_FOUND, INVALID_CONFIGURATION, INVALID_DESTINATION, INVALID_FILTER, INVALID_KIND, REF_NOT_PERMITTED } from '../../gateway-api/conditions';
import { MeshModel } from '../../model';
import { describeResource } from '../../model/resource';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { conditionFinding, conditionsWith, describeBackend, shareOf, valueAt, whereField } from './gateway-api-findings';

export const BACKEND_NOT_PERMITTED = 'CIT141';
export const BACKEND_NOT_RESOLVED = 'CIT142';
export const ROUTE_NOT_PROGRAMMED = 'CIT143';

/** `spec.rules[0]` of `spec.rules[0].backendRefs[1]`. */
function ruleOf(object: any, field: string): any {
  const m = /^spec\.rules\[\d+\]/.exec(field);
  return m ? valueAt(object, m[0]) : undefined;
}

function isMirror(field: string | undefined): boolean {
  return (field ?? '').includes('requestMirror');
}

export const gatewayApiRouteRefs: Rule = {
  code: `${BACKEND_NOT_PERMITTED}/${BACKEND_NOT_RESOLVED}/${ROUTE_NOT_PROGRAMMED}`,
  description: 'Gateway API route backends are permitted (ReferenceGrant), exist and are of a kind istiod routes to; routes have no error that keeps istiod from programming them',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const c of conditionsWith(model, [REF_NOT_PERMITTED], /^spec\.rules/)) {
      const ref = valueAt(c.resource.object, c.field!);
      const backend = describeBackend(ref, c.resource.namespace);
      const toNamespace = String(ref?.namespace ?? c.resource.namespace);
      const effect = isMirror(c.field)
        ? 'istiod drops the mirror'
        : `istiod keeps it as an empty destination, so its share (${shareOf(ruleOf(c.resource.object, c.field!), ref)}) is answered 500`;
      out.push(conditionFinding(c, BACKEND_NOT_PERMITTED, isMirror(c.field) ? 'warning' : 'error',
        `${describeResource(c.resource)} ${whereField(c)} refers to ${backend} in another namespace, and no ReferenceGrant in ${toNamespace} permits it (RefNotPermitted): ${effect}.`,
        `the owner of ${backend} adds a ReferenceGrant in ${toNamespace} from ${c.resource.kind} in ${c.resource.namespace} to Service ${ref?.name} (ReferenceGrants are written by the referenced namespace, never the caller's)`));
    }
    for (const c of conditionsWith(model, [BACKEND_NOT_FOUND, INVALID_KIND], /^spec\.rules/)) {
      const ref = valueAt(c.resource.object, c.field!);
      const backend = describeBackend(ref, c.resource.namespace);
      const effect = isMirror(c.field)
        ? 'istiod drops the mirror'
        : `its share (${shareOf(ruleOf(c.resource.object, c.field!), ref)}) is answered 500`;
      const problem = c.reason === BACKEND_NOT_FOUND ? `${backend}, which is not in the manifests` : `${backend}, a kind istiod does not route to`;
      out.push(conditionFinding(c, BACKEND_NOT_RESOLVED, isMirror(c.field) ? 'warning' : 'error',
        `${describeResource(c.resource)} ${whereField(c)} refers to ${problem} (${c.reason}: ${c.message}): ${effect}.`,
        c.reason === BACKEND_NOT_FOUND
          ? `create ${backend}, or name an existing Service (its name, not its hostname; for a ServiceEntry host use group networking.istio.io, kind Hostname)`
          : 'refer to a Service (group "", kind Service) or to a ServiceEntry host (group networking.istio.io, kind Hostname)'));
    }
    for (const c of conditionsWith(model, [INVALID_DESTINATION, INVALID_FILTER, INVALID_CONFIGURATION], /^spec\.rules/)) {
      out.push(conditionFinding(c, ROUTE_NOT_PROGRAMMED, 'error',
        `istiod programs nothing for ${describeResource(c.resource)}: ${whereField(c)}: ${c.message} (${c.reason}).`,
        hardErrorFix(c.reason, c.message)));
    }
    return out;
  },
};

function hardErrorFix(reason: string, message: string): string {
  if (reason === INVALID_FILTER) {
    return 'use a filter istiod implements (RequestHeaderModifier, ResponseHeaderModifier, RequestRedirect, URLRewrite, RequestMirror, CORS; a backendRef takes only the header modifiers), or an Istio VirtualService/EnvoyFilter for the rest';
  }
  if (message.startsWith('port')) return 'add the Service port to the backendRef (`port: 80`)';
  if (message.startsWith('namespace may not')) return 'drop `namespace` from the Hostname backendRef (the host names the ServiceEntry)';
  if (message.startsWith('service name invalid')) return 'write the Service\'s name (and `namespace:` for another namespace), not its hostname';
  return 'correct the field as the message says';
}
