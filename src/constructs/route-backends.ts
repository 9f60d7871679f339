/**
 * What a Gateway API route of one team names where its Istio form named a destination or a
 * mesh host: a version is its per-version Service (`svc-v1`), a service of another namespace
 * carries `namespace` (and is admitted by its owner's ReferenceGrant), an ExternalEgress host is
 * Istio's `Hostname` backend / `ServiceEntry` parent. Whatever has no such form — a host that is
 * neither a Service nor a ServiceEntry of the route's namespace, a service of a team on Istio's
 * APIs (no per-version Services, no ReferenceGrants there) — fails at construction with CIT020.
 */
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { CLUSTER_DOMAIN, resolveHost, serviceNamespaceOf } from '../model/hosts';
import { BackendRef, BackendResolver, IstioDestination } from './gateway-api/backend-resolver';
import { MeshRegistry, RegisteredService } from './mesh-registry';
import { TrafficApi } from './traffic-api';
import { versionServiceName } from './version-services';

/** Istio's API group, for the `Hostname` backend and `ServiceEntry` parent istiod accepts. */
export const ISTIO_NETWORKING_GROUP = 'networking.istio.io';

/**
 * The route, as its backends see it.
 * @internal
 */
export interface RouteOwner {
  readonly namespace: string;
  /** Construct path of the route, for messages. */
  readonly path: string;
  readonly registry: MeshRegistry;
}

/** Resolves a route's Istio destinations and mesh hosts to Gateway API references. */
export class RouteBackends implements BackendResolver {
  constructor(private readonly route: RouteOwner) {}

  /** The backendRef standing for `destination`. */
  public backendRefFor(destination: IstioDestination, where: string): BackendRef {
    const host = resolveHost(destination.host, this.route.namespace);
    const service = this.route.registry.serviceFor(host);
    if (service) {
      this.checkSameApi(service, where);
      const name = destination.subset === undefined ? service.name : versionServiceName(service.name, destination.subset);
      return this.serviceRef(name, service.namespace, destination.port ?? service.ports[0]?.port);
    }
    const external = this.route.registry.externalHostFor(this.route.namespace, host);
    if (external) {
      if (destination.subset !== undefined) this.noSubsets(destination, where);
      return { group: ISTIO_NETWORKING_GROUP, kind: 'Hostname', name: host, port: destination.port ?? external.port };
    }
    const namespace = serviceNamespaceOf(host);
    if (namespace) {
      // A service of another app (VersionedService.fromAttributes): its owner is assumed to be
      // on the Gateway API too, so its versions are Services `<name>-<version>`.
      const name = host.slice(0, -`.${namespace}.${CLUSTER_DOMAIN}`.length);
      return this.serviceRef(destination.subset === undefined ? name : versionServiceName(name, destination.subset), namespace, destination.port ?? 80);
    }
    throw new IstioTrafficError(ErrorCodes.NO_GATEWAY_API_FORM, `${where}.host`,
      'a Gateway API backendRef names a Service or an Istio ServiceEntry host, and this host is neither a service nor an ExternalEgress of this team', destination.host,
      `route to a VersionedService (service.subset(...)), declare the host with an ExternalEgress in team ${this.route.namespace}, or keep the team on TrafficApi.ISTIO`);
  }

  /**
   * The parentRef a mesh route of `host` attaches to (GAMMA): the Service, or the ServiceEntry of
   * an ExternalEgress of the route's namespace.
   */
  public meshParentFor(host: string, where: string): Record<string, unknown> {
    const fqdn = resolveHost(host, this.route.namespace);
    const service = this.route.registry.serviceFor(fqdn);
    if (service) {
      this.checkSameApi(service, where);
      return { group: '', kind: 'Service', name: service.name, ...(service.namespace !== this.route.namespace ? { namespace: service.namespace } : {}) };
    }
    const external = this.route.registry.externalHostFor(this.route.namespace, fqdn);
    if (external) return { group: ISTIO_NETWORKING_GROUP, kind: 'ServiceEntry', name: external.name };
    const namespace = serviceNamespaceOf(fqdn);
    if (namespace) {
      const name = fqdn.slice(0, -`.${namespace}.${CLUSTER_DOMAIN}`.length);
      return { group: '', kind: 'Service', name, ...(namespace !== this.route.namespace ? { namespace } : {}) };
    }
    throw new IstioTrafficError(ErrorCodes.NO_GATEWAY_API_FORM, where,
      'a mesh HTTPRoute attaches to a Service or a ServiceEntry (its parentRef), and this host is neither a service nor an ExternalEgress of this team', host,
      `use the service's host (service.host) or declare the host with an ExternalEgress in team ${this.route.namespace}, bind the route to a gateway instead, or keep the team on TrafficApi.ISTIO`);
  }

  private serviceRef(name: string, namespace: string, port: number | undefined): BackendRef {
    return { name, ...(namespace !== this.route.namespace ? { namespace } : {}), ...(port !== undefined ? { port } : {}) };
  }

  private checkSameApi(service: RegisteredService, where: string): void {
    if (service.api === TrafficApi.GATEWAY_API) return;
    throw new IstioTrafficError(ErrorCodes.NO_GATEWAY_API_FORM, where,
      `team ${this.route.namespace} is on the Gateway API but VersionedService ${service.namespace}/${service.name} belongs to team ${service.namespace} on Istio's APIs: it has no per-version Services and no ReferenceGrants to send to`,
      `${service.namespace}/${service.name}`,
      `put both teams on the same API (api: TrafficApi.GATEWAY_API on team ${service.namespace}, or TrafficApi.ISTIO on team ${this.route.namespace}), for now`);
  }

  private noSubsets(destination: IstioDestination, where: string): never {
    throw new IstioTrafficError(ErrorCodes.NO_GATEWAY_API_FORM, `${where}.subset`, 'an external host has no versions to route to', destination.subset,
      'drop the subset, or keep the team on TrafficApi.ISTIO');
  }
}
