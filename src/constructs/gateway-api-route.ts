/**
 * Where a CanaryRoute of a Gateway API team attaches: parentRefs and hostnames of its
 * HTTPRoute(s) and TLSRoute. A gateway route names the Gateway (narrowed to listeners by
 * `sectionName` where the gateway has HTTPS-redirect listeners) and carries the route's hosts
 * as `hostnames`; a mesh route names each host's Service (GAMMA) or ServiceEntry. Hostnames
 * mean nothing on a Service parent, so a route bound to both gets two HTTPRoutes, `<name>` for
 * its gateways and `<name>-mesh` for the mesh, each with the same rules.
 * @see https://gateway-api.sigs.k8s.io/mesh/
 */
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { GATEWAY_API_GROUP } from './gateway-api-gateway';
import { RouteBackends } from './route-backends';
import { ITeamGateway, TeamGateway } from './team-gateway';
import { TrafficApi } from './traffic-api';

/**
 * One Gateway API route object to write: its name suffix, parents and hostnames.
 * @internal
 */
export interface RouteAttachment {
  /** `''` for the route's own name, `-mesh` for the mesh half of a route bound to both. */
  readonly suffix: string;
  readonly parentRefs: () => Record<string, unknown>[];
  readonly hostnames?: string[];
}

/**
 * The HTTPRoutes a CanaryRoute writes on the Gateway API; with `tls`, only the check that TLS
 * rules can attach (TLSRoutes take their hostnames from each rule's SNI names).
 */
export function routeAttachments(options: {
  readonly gateways: readonly ITeamGateway[];
  readonly mesh: boolean;
  readonly hosts: readonly string[];
  readonly backends: RouteBackends;
  readonly tls: boolean;
  readonly where: string;
}): RouteAttachment[] {
  const { gateways, mesh, hosts, backends, tls, where } = options;
  const attachments: RouteAttachment[] = [];
  if (gateways.length > 0) {
    // `*` is "any host": no hostnames at all (the field cannot say `*`).
    const hostnames = hosts.includes('*') ? undefined : [...hosts];
    attachments.push({
      suffix: '',
      parentRefs: () => gateways.flatMap((g) => gatewayParentRefs(g, hosts, tls)),
      hostnames,
    });
  }
  if (mesh) {
    if (tls) {
      throw new IstioTrafficError(ErrorCodes.NO_GATEWAY_API_FORM, `${where}.tls`, 'TLS rules for sidecars (a mesh TLSRoute) are not in what Istio 1.30 reads from the v1.5.1 standard channel', 'mesh',
        'bind the TLS rules to a gateway (gateways: [...], mesh: false), or keep the team on TrafficApi.ISTIO');
    }
    const parents = hosts.map((h, i) => backends.meshParentFor(h, `${where}.hosts[${i}]`));
    attachments.push({ suffix: gateways.length > 0 ? '-mesh' : '', parentRefs: () => parents });
  }
  return attachments;
}

/** The parentRefs of a route of `hosts` bound to `gateway`. */
export function gatewayParentRefs(gateway: ITeamGateway, hosts: readonly string[], tls: boolean): Record<string, unknown>[] {
  if (gateway instanceof TeamGateway) return gateway._parentRefsFor(hosts, tls);
  return [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name: gateway.name, namespace: gateway.namespace }];
}

/** A route and a gateway on different APIs cannot meet: refused, naming both teams. */
export function checkGatewaySameApi(routeApi: TrafficApi, routeNamespace: string, gateway: ITeamGateway, where: string): void {
  if (gateway.api === routeApi) return;
  throw new IstioTrafficError(ErrorCodes.NO_GATEWAY_API_FORM, where,
    `the route of team ${routeNamespace} is written in ${routeApi.description}, but gateway ${gateway.namespace}/${gateway.name} is written in ${gateway.api.description}: a VirtualService cannot bind to a Gateway API Gateway, nor an HTTPRoute to an Istio Gateway`,
    `${gateway.namespace}/${gateway.name}`,
    `put team ${routeNamespace} and the gateway's team on the same API (the Team's api prop; TeamGateway.fromAttributes takes api), for now`);
}
