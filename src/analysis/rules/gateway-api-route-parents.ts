/**
 * CIT140: a Gateway API route is not accepted by a parent it names — the listener does not admit
 * its namespace or kind, no listener hostname matches, or the sectionName/port/Service/Gateway
 * is not there (istiod's route status Accepted=False: NotAllowedByListeners,
 * NoMatchingListenerHostname, NoMatchingParent). istiod programs nothing for the route there.
 */
import { GATEWAY_API_GROUP, MeshModel } from '../../model';
import { arr } from '../../gateway-api/derived';
import { NO_MATCHING_LISTENER_HOSTNAME, NO_MATCHING_PARENT, NOT_ALLOWED_BY_LISTENERS } from '../../gateway-api/conditions';
import { describeResource } from '../../model/resource';
import { GatewayApiCondition } from '../../gateway-api';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { conditionFinding, conditionsWith, valueAt, whereField } from './gateway-api-findings';

export const ROUTE_NOT_ACCEPTED = 'CIT140';

export const gatewayApiRouteParents: Rule = {
  code: ROUTE_NOT_ACCEPTED,
  description: 'Gateway API routes are accepted by the Gateways, listeners and Services they name (allowedRoutes, hostnames, sectionName, port)',
  run(model: MeshModel): Finding[] {
    return conditionsWith(model, [NOT_ALLOWED_BY_LISTENERS, NO_MATCHING_LISTENER_HOSTNAME, NO_MATCHING_PARENT], /^spec\.parentRefs/)
      .map((c) => conditionFinding(c, ROUTE_NOT_ACCEPTED, c.severity ?? 'error',
        `${describeResource(c.resource)} is not accepted by ${c.scope} (${whereField(c)}), reason ${c.reason}: ${c.message}. istiod programs none of its rules there.`,
        fixFor(model, c)));
  },
};

function fixFor(model: MeshModel, c: GatewayApiCondition): string {
  const ref = valueAt(c.resource.object, c.field!);
  const gatewayNamespace = String(ref?.namespace ?? c.resource.namespace);
  const gateway = model.getGroupKind(GATEWAY_API_GROUP, 'Gateway', gatewayNamespace, String(ref?.name));
  const listeners = arr(gateway?.spec.listeners).map((l: any) => `${l?.name} (${l?.protocol} ${l?.port}${l?.hostname ? ` ${l.hostname}` : ''})`);
  switch (c.reason) {
    case NOT_ALLOWED_BY_LISTENERS:
      if (c.message.startsWith('kind')) {
        return `attach ${c.resource.kind}s to a listener that admits them (HTTPRoute: an HTTP or HTTPS listener; TLSRoute: a TLS listener with tls.mode Passthrough); ${c.scope} has ${listeners.join(', ') || 'no listeners'}`;
      }
      return `the owner of ${c.scope} admits namespace ${c.resource.namespace} in the listener's allowedRoutes.namespaces (from: All, or from: Selector with a selector matching the namespace's labels, e.g. kubernetes.io/metadata.name: ${c.resource.namespace}), or attach the route to a Gateway that admits it`;
    case NO_MATCHING_LISTENER_HOSTNAME:
      return `give the route a hostname the listener's hostname covers, or attach it (sectionName) to a listener for its hostnames; ${c.scope} has ${listeners.join(', ') || 'no listeners'}`;
    default:
      if (c.message.startsWith('sectionName') || c.message.startsWith('port')) {
        return `name a listener the Gateway has (sectionName/port): ${listeners.join(', ') || 'it has none'}`;
      }
      if (c.message.startsWith('parent service')) return `create ${c.scope} or name an existing Service in parentRefs`;
      if (c.message.startsWith('parent service entry')) return `create ${c.scope} or name an existing ServiceEntry in parentRefs`;
      return `apply ${c.scope} (gatewayClassName: istio) or fix the parentRef's name and namespace (the namespace defaults to the route's, ${c.resource.namespace})`;
  }
}
