/**
 * Where a route attaches: its parentRefs resolved to listeners (or to the mesh), each with the
 * reason it is refused, if it is (conversion.go extractParentReferenceInfo, referenceAllowed,
 * toInternalParentReference, routeParentReference.hostnameAllowedByIsolation).
 */
import { GATEWAY_API_GROUP } from '../model/kinds';
import { hostCovers, hostsIntersect, isWildcard } from '../model/hosts';
import type { MeshModel } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { NO_MATCHING_LISTENER_HOSTNAME, NO_MATCHING_PARENT, NOT_ALLOWED_BY_LISTENERS } from './conditions';
import { arr } from './derived';
import { Listener } from './gateways';

export type ParentKind = 'Gateway' | 'Service' | 'ServiceEntry';

export interface ParentDenial {
  readonly reason: string;
  readonly message: string;
}

/** One (parentRef, listener) pair, or (parentRef, mesh) for Service/ServiceEntry parents (routeParentReference). */
export interface RouteParent {
  /** `mesh`, or the derived Gateway's `ns/name`. */
  readonly internalName: string;
  readonly kind: ParentKind;
  /** The parentRef as written, and its index in `spec.parentRefs`. */
  readonly ref: any;
  readonly refIndex: number;
  /** The parent's namespace and name (parentRef namespace defaults to the route's). */
  readonly namespace: string;
  readonly name: string;
  readonly listener?: Listener;
  readonly denied?: ParentDenial;
  /** Other listeners' hostnames on the same port and protocol (hostnameAllowedByIsolation). */
  readonly bannedHostnames: readonly string[];
}

export interface ParentRefsResult {
  readonly parents: readonly RouteParent[];
  /** parentRefs naming a Gateway the manifests do not contain (istiod writes no status for them). */
  readonly unknownGateways: readonly { readonly ref: any; readonly refIndex: number; readonly namespace: string; readonly name: string }[];
}

/** allowedParentReferences (XListenerSet left out: experimental). */
function parentKindOf(ref: any): ParentKind | undefined {
  const group = ref?.group ?? GATEWAY_API_GROUP;
  const kind = ref?.kind ?? 'Gateway';
  if (group === GATEWAY_API_GROUP && kind === 'Gateway') return 'Gateway';
  if (group === '' && kind === 'Service') return 'Service';
  if (group === 'networking.istio.io' && kind === 'ServiceEntry') return 'ServiceEntry';
  return undefined;
}

/** extractParentReferenceInfo, for a route of `routeKind` with `hostnames`. */
export function routeParents(model: MeshModel, route: Resource, routeKind: string, hostnames: readonly string[],
  listenersOf: ReadonlyMap<string, readonly Listener[]>): ParentRefsResult {
  const parents: RouteParent[] = [];
  const unknownGateways: { ref: any; refIndex: number; namespace: string; name: string }[] = [];
  arr(route.spec.parentRefs).forEach((ref: any, refIndex: number) => {
    const kind = parentKindOf(ref);
    // "Cannot handle the reference. Maybe it is for another controller, so we just ignore it"
    if (!kind) return;
    const namespace = String(ref?.namespace ?? route.namespace);
    const name = String(ref?.name);
    if (kind !== 'Gateway') {
      parents.push({ internalName: 'mesh', kind, ref, refIndex, namespace, name, bannedHostnames: [], denied: meshParentDenial(model, kind, namespace, name) });
      return;
    }
    const listeners = listenersOf.get(`${namespace}/${name}`);
    if (!listeners) {
      // A Gateway of another class belongs to another controller; one that is not there at all is worth a word.
      const gateway = model.getGroupKind(GATEWAY_API_GROUP, 'Gateway', namespace, name);
      if (!gateway) unknownGateways.push({ ref, refIndex, namespace, name });
      return;
    }
    for (const listener of listeners) {
      const banned = listeners
        .filter((other) => other !== listener && other.port === listener.port && other.protocol === listener.protocol && other.originalHostname !== listener.originalHostname)
        .map((other) => other.originalHostname);
      parents.push({
        internalName: listener.internalName, kind, ref, refIndex, namespace, name, listener,
        bannedHostnames: [...new Set(banned)],
        denied: listenerDenial(listener, routeKind, ref, hostnames, route.namespace),
      });
    }
  });
  return { parents, unknownGateways };
}

/** referenceAllowed for Service / ServiceEntry parents: the parent must exist. */
function meshParentDenial(model: MeshModel, kind: ParentKind, namespace: string, name: string): ParentDenial | undefined {
  if (kind === 'Service' && !model.get('Service', namespace, name)) {
    return { reason: NO_MATCHING_PARENT, message: `parent service: "${name}" not found` };
  }
  if (kind === 'ServiceEntry' && !model.get('ServiceEntry', namespace, name)) {
    return { reason: NO_MATCHING_PARENT, message: `parent service entry: "${name}" not found` };
  }
  return undefined;
}

/** referenceAllowed for a Gateway listener: port, sectionName, hostnames (with allowedRoutes namespaces), then kind. */
function listenerDenial(listener: Listener, routeKind: string, ref: any, hostnames: readonly string[], routeNamespace: string): ParentDenial | undefined {
  if (typeof ref?.port === 'number' && ref.port !== listener.port) {
    return { reason: NO_MATCHING_PARENT, message: `port ${ref.port} not found` };
  }
  if (typeof ref?.sectionName === 'string' && ref.sectionName !== '' && ref.sectionName !== listener.sectionName) {
    return { reason: NO_MATCHING_PARENT, message: `sectionName "${ref.sectionName}" not found` };
  }
  const routeHosts = hostnames.length > 0 ? hostnames : ['*'];
  let matched = false;
  let hostMatched = false;
  for (const routeHost of routeHosts) {
    for (const parentHost of listener.hostnames) {
      const slash = parentHost.indexOf('/');
      const parentNamespace = slash < 0 ? '*' : parentHost.slice(0, slash);
      const parentHostname = slash < 0 ? parentHost : parentHost.slice(slash + 1);
      const hostnameMatch = hostsIntersect(parentHostname, routeHost);
      hostMatched = hostMatched || hostnameMatch;
      if (hostnameMatch && (parentNamespace === '*' || parentNamespace === routeNamespace)) matched = true;
    }
  }
  if (!matched) {
    if (hostMatched) {
      return { reason: NOT_ALLOWED_BY_LISTENERS, message: `hostnames matched parent hostname "${listener.originalHostname}", but namespace "${routeNamespace}" is not allowed by the parent` };
    }
    return { reason: NO_MATCHING_LISTENER_HOSTNAME, message: `no hostnames matched parent hostname "${listener.originalHostname}"` };
  }
  if (!listener.allowedKinds.some((k) => k.kind === routeKind && k.group === GATEWAY_API_GROUP)) {
    return { reason: NOT_ALLOWED_BY_LISTENERS, message: `kind ${GATEWAY_API_GROUP}/${routeKind} is not allowed` };
  }
  return undefined;
}

/**
 * hostnameAllowedByIsolation: a route on a wildcard listener does not take a host that another,
 * more specific listener on the same port and protocol covers.
 */
export function hostnameAllowedByIsolation(parent: RouteParent, routeHost: string): boolean {
  const ours = parent.listener?.originalHostname ?? '';
  if (ours.length > 0 && !isWildcard(ours)) return true;
  if (ours.length > 0 && !hostsIntersect(routeHost, ours)) return false;
  for (const other of parent.bannedHostnames) {
    if (ours.length > other.length) continue;
    // routeHost.SubsetOf(other): `other` covers the route's host.
    if (other !== '' && hostCovers(other, routeHost)) return false;
  }
  return true;
}

/** Accepted parents, in istiod's order (filteredReferences sorts by internal name). */
export function acceptedParents(parents: readonly RouteParent[]): RouteParent[] {
  return parents.filter((p) => !p.denied).sort((a, b) => (a.internalName < b.internalName ? -1 : a.internalName > b.internalName ? 1 : 0));
}

/** How messages name a parentRef: `Gateway ns/name[/section]`, `Service ns/name`. */
export function describeParentRef(kind: ParentKind, namespace: string, name: string, ref: any): string {
  const section = typeof ref?.sectionName === 'string' && ref.sectionName !== '' ? `/${ref.sectionName}` : '';
  const port = typeof ref?.port === 'number' ? `:${ref.port}` : '';
  return `${kind} ${namespace}/${name}${section}${port}`;
}
