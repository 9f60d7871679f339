/**
 * The translation: Gateway API Gateways, HTTPRoutes and TLSRoutes → the Istio Gateways and
 * VirtualServices istiod derives, and the conditions it would report
 * (conversion.go / route_collections.go HTTPRouteCollection, TLSRouteCollection, computeRoute,
 * mergeHTTPRoutes; conditions.go createRouteStatus).
 */
import { GATEWAY_API_GROUP } from '../model/kinds';
import type { MeshModel } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { RouteContext, RouteError } from './backends';
import { condition, NO_MATCHING_PARENT, NOT_ALLOWED_BY_LISTENERS, NO_MATCHING_LISTENER_HOSTNAME } from './conditions';
import { arr, derivedResource, parentMeta } from './derived';
import { convertGateways, Listener } from './gateways';
import { augmentPortMatch, convertHttpRules, sortHttpRoutes } from './http-routes';
import { KUBERNETES_GATEWAY_NAME, PARENTS_ANNOTATION, serviceHost } from './names';
import { acceptedParents, describeParentRef, hostnameAllowedByIsolation, RouteParent, routeParents } from './parents';
import { augmentTlsPortMatch, compatibleRoutesForHost, convertTlsRules } from './tls-routes';
import { GATEWAY_ROUTE_SEMANTICS, GatewayApiCondition, GatewayApiTranslation, ROUTE_SEMANTICS_ANNOTATION } from './translation';

/** One route's VirtualService for one merge key, before mergeHTTPRoutes. */
interface KeyedVirtualService {
  readonly key: string;
  readonly route: Resource;
  readonly hosts: string[];
  readonly gateways: string[];
  readonly http: any[];
  readonly exportTo?: string[];
}

export function translateGatewayApi(model: MeshModel): GatewayApiTranslation {
  const { listeners, gateways, conditions: gatewayConditions } = convertGateways(model);
  const conditions: GatewayApiCondition[] = [...gatewayConditions];
  const keyed: KeyedVirtualService[] = [];
  for (const route of model.ofGroupKind(GATEWAY_API_GROUP, 'HTTPRoute')) {
    keyed.push(...httpRouteVirtualServices(model, route, listeners, conditions));
  }
  const virtualServices = mergeHttpRoutes(keyed);
  for (const route of model.ofGroupKind(GATEWAY_API_GROUP, 'TLSRoute')) {
    virtualServices.push(...tlsRouteVirtualServices(model, route, listeners, conditions));
  }
  return {
    gateways,
    virtualServices: virtualServices.sort((a, b) => a.order - b.order || compare(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`)),
    conditions: conditions.sort(compareConditions),
  };
}

/** HTTPRouteCollection's body for one route: the per-key VirtualServices, and the route's conditions. */
function httpRouteVirtualServices(model: MeshModel, route: Resource, listeners: ReadonlyMap<string, readonly Listener[]>, conditions: GatewayApiCondition[]): KeyedVirtualService[] {
  const hostnames = arr(route.spec.hostnames).map(String);
  const { parents, unknownGateways } = routeParents(model, route, 'HTTPRoute', hostnames, listeners);
  reportParents(route, parents, unknownGateways, conditions);
  const needMesh = parents.some((p) => p.internalName === 'mesh');
  const needGateway = parents.some((p) => p.internalName !== 'mesh');
  const meshResult = needMesh ? convertHttpRules(context(model, route, false)) : undefined;
  const gatewayResult = needGateway ? convertHttpRules(context(model, route, true)) : undefined;
  reportRouteErrors(route, [...(gatewayResult?.errors ?? []), ...(meshResult?.errors ?? [])], conditions);

  const out: KeyedVirtualService[] = [];
  for (const parent of acceptedParents(parents)) {
    let key = parent.internalName;
    let hosts = hostnames.length > 0 ? hostnames : ['*'];
    let http = gatewayResult?.http;
    let exportTo: string[] | undefined;
    if (parent.internalName === 'mesh') {
      http = meshResult?.http;
      // for mesh routes, build one VS per namespace/port → host
      key = route.namespace;
      if (typeof parent.ref?.port === 'number') {
        http = http && augmentPortMatch(http, parent.ref.port);
        key += `/${parent.ref.port}`;
      }
      hosts = meshParentHosts(model, parent);
      exportTo = consumerExportTo(route, parent);
    }
    if (!http || http.length === 0) continue;
    for (const host of hosts) {
      if (!hostnameAllowedByIsolation(parent, host)) continue;
      out.push({ key: `${key}/${host}`, route, hosts: [host], gateways: [parent.internalName], http, exportTo });
    }
  }
  return out;
}

/** The VirtualService hosts of a Service or ServiceEntry parent. */
function meshParentHosts(model: MeshModel, parent: RouteParent): string[] {
  if (parent.kind === 'ServiceEntry') return arr(model.get('ServiceEntry', parent.namespace, parent.name)?.spec.hosts).map(String);
  return [serviceHost(parent.name, parent.namespace)];
}

/**
 * GAMMA: a route in the Service's own namespace (a producer route) applies to every caller; one
 * in another namespace (a consumer route) only to callers in the route's namespace (the
 * MeshConsumerRoute conformance test, which istiod passes). The derived VirtualService carries
 * that as `exportTo: ['.']`; istiod's own mechanism for it is not in the sources read here. For a
 * caller in the route's namespace, istiod also puts its namespace's gateway-semantics
 * VirtualServices first (push_context.go VirtualServicesForGateway, "consumer override"), so the
 * consumer route wins over the producer's there.
 */
function consumerExportTo(route: Resource, parent: RouteParent): string[] | undefined {
  return parent.namespace === route.namespace ? undefined : ['.'];
}

function context(model: MeshModel, route: Resource, enforceRefGrant: boolean): RouteContext {
  return { model, route, enforceRefGrant };
}

/**
 * mergeHTTPRoutes: the VirtualServices of every route for one key (gateway listener + host, or
 * namespace + host for the mesh) become one, named after the key; the oldest route (the model's
 * `order`, then namespace/name) gives the namespace; the routes are sorted (sortHTTPRoutes).
 */
function mergeHttpRoutes(keyed: readonly KeyedVirtualService[]): Resource[] {
  const byKey = new Map<string, KeyedVirtualService[]>();
  for (const k of keyed) {
    const list = byKey.get(k.key);
    if (list) list.push(k);
    else byKey.set(k.key, [k]);
  }
  const out: Resource[] = [];
  for (const [key, list] of byKey) {
    // sortRoutesByCreationTime
    const sorted = [...list].sort((a, b) => a.route.order - b.route.order || compare(a.route.namespace, b.route.namespace) || compare(a.route.name, b.route.name));
    const base = sorted[0];
    const parents = [...new Set(sorted.map((k) => parentMeta(k.route)))].join(',');
    const object: any = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: {
        name: key.replace(/\//g, '~'),
        namespace: base.route.namespace,
        annotations: { [PARENTS_ANNOTATION]: parents, [ROUTE_SEMANTICS_ANNOTATION]: GATEWAY_ROUTE_SEMANTICS },
      },
      spec: {
        hosts: base.hosts,
        gateways: base.gateways,
        http: sortHttpRoutes(sorted.flatMap((k) => k.http)),
        ...(base.exportTo ? { exportTo: base.exportTo } : {}),
      },
    };
    out.push(derivedResource(object, base.route));
  }
  return out;
}

/** TLSRouteCollection's body for one route: one VirtualService per accepted parent and host (no merging). */
function tlsRouteVirtualServices(model: MeshModel, route: Resource, listeners: ReadonlyMap<string, readonly Listener[]>, conditions: GatewayApiCondition[]): Resource[] {
  const hostnames = arr(route.spec.hostnames).map(String);
  const { parents, unknownGateways } = routeParents(model, route, 'TLSRoute', hostnames, listeners);
  reportParents(route, parents, unknownGateways, conditions);
  const needMesh = parents.some((p) => p.internalName === 'mesh');
  const needGateway = parents.some((p) => p.internalName !== 'mesh');
  const meshResult = needMesh ? convertTlsRules(context(model, route, false)) : undefined;
  const gatewayResult = needGateway ? convertTlsRules(context(model, route, true)) : undefined;
  reportRouteErrors(route, [...(gatewayResult?.errors ?? []), ...(meshResult?.errors ?? [])], conditions);

  const out: Resource[] = [];
  let count = 0;
  for (const parent of acceptedParents(parents)) {
    let tls = gatewayResult?.tls;
    let hosts = hostnames.length > 0 ? hostnames : ['*'];
    const mesh = parent.internalName === 'mesh';
    if (mesh) {
      hosts = meshParentHosts(model, parent);
      tls = meshResult?.tls && augmentTlsPortMatch(meshResult.tls, typeof parent.ref?.port === 'number' ? parent.ref.port : undefined, hosts);
    }
    if (!tls) continue;
    for (const host of hosts) {
      const object: any = {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: {
          name: `${route.name}-tls-${count}-${KUBERNETES_GATEWAY_NAME}`,
          namespace: route.namespace,
          annotations: { [PARENTS_ANNOTATION]: parentMeta(route), [ROUTE_SEMANTICS_ANNOTATION]: GATEWAY_ROUTE_SEMANTICS },
        },
        spec: {
          hosts: [host],
          gateways: [parent.internalName],
          tls: mesh ? compatibleRoutesForHost(tls, host) : tls,
          ...(mesh && consumerExportTo(route, parent) ? { exportTo: consumerExportTo(route, parent) } : {}),
        },
      };
      out.push(derivedResource(object, route));
      count++;
    }
  }
  return out;
}

/** The order createRouteStatus prefers reasons in when no listener of a parentRef accepts the route. */
const REASON_RANK: Record<string, number> = { [NOT_ALLOWED_BY_LISTENERS]: 1, [NO_MATCHING_LISTENER_HOSTNAME]: 2, ParentRefConflict: 3, [NO_MATCHING_PARENT]: 4 };

/**
 * createRouteStatus: per parentRef, Accepted unless every listener it reaches refuses the route;
 * then the reason of the least severe refusal, messages of that rank joined.
 */
function reportParents(route: Resource, parents: readonly RouteParent[], unknownGateways: ReturnType<typeof routeParents>['unknownGateways'], conditions: GatewayApiCondition[]): void {
  const byRef = new Map<number, RouteParent[]>();
  for (const p of parents) {
    const list = byRef.get(p.refIndex);
    if (list) list.push(p);
    else byRef.set(p.refIndex, [p]);
  }
  for (const [refIndex, results] of byRef) {
    if (results.some((r) => !r.denied)) continue;
    const rank = Math.min(...results.map((r) => REASON_RANK[r.denied!.reason] ?? 5));
    const chosen = results.filter((r) => (REASON_RANK[r.denied!.reason] ?? 5) === rank);
    const first = chosen[0];
    conditions.push(condition(route, 'Accepted', first.denied!.reason, [...new Set(chosen.map((r) => r.denied!.message))].join('; '), {
      scope: describeParentRef(first.kind, first.namespace, first.name, first.ref),
      field: `spec.parentRefs[${refIndex}]`,
    }));
  }
  for (const u of unknownGateways) {
    conditions.push(condition(route, 'Accepted', NO_MATCHING_PARENT,
      `Gateway ${u.namespace}/${u.name} is not in the manifests (istiod writes no status for a parent it does not know, and the route is attached nowhere)`,
      { scope: describeParentRef('Gateway', u.namespace, u.name, u.ref), field: `spec.parentRefs[${u.refIndex}]` }));
  }
}

/** The route's ResolvedRefs problems (one condition each; istiod's status keeps the last one only). */
function reportRouteErrors(route: Resource, errors: readonly RouteError[], conditions: GatewayApiCondition[]): void {
  const seen = new Set<string>();
  for (const e of errors) {
    const key = `${e.reason}\u0000${e.field}\u0000${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const mirror = e.field.includes('requestMirror');
    conditions.push(condition(route, 'ResolvedRefs', e.reason, e.message, { field: e.field, ...(mirror ? { severity: 'warning' as const } : {}) }));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareConditions(a: GatewayApiCondition, b: GatewayApiCondition): number {
  return a.resource.order - b.resource.order || compare(a.field ?? '', b.field ?? '') || compare(a.type, b.type) || compare(a.reason, b.reason) || compare(a.message, b.message);
}
