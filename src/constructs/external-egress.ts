/**
 * A host outside the mesh that a team calls: a ServiceEntry (MESH_EXTERNAL, DNS) so it is in the
 * registry — the only way to reach it under REGISTRY_ONLY — with, optionally, a VirtualService
 * adding retries and a timeout (seed 000, team 3), TLS origination, and two-hop routing through
 * an egress gateway (seed 004: sidecar → egress gateway → external host), for plain HTTP or for
 * HTTPS passed through by SNI.
 * @see https://istio.io/latest/docs/tasks/traffic-management/egress/
 */
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { DestinationRule, ServiceEntry, VirtualService } from '../../imports/networking.istio.io';
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { Destination } from '../routing/destination';
import { HttpRetryPolicy, renderRetries } from '../routing/http-policies';
import { renderDuration, validateDnsLabel, validateHost, validatePort } from '../routing/validate';
import { EgressGatewayMtls } from './egress-gateway-mtls';
import { metadataFor } from './labels';
import { MeshRegistry } from './mesh-registry';
import { Team } from './team';
import { GatewayType, TeamGateway } from './team-gateway';

/** How workloads talk to the external host. */
export enum ExternalProtocol {
  /** Plain HTTP from the workload: full L7 routing, retries, timeouts, optional TLS origination. */
  HTTP = 'HTTP',
  /** HTTPS from the workload: the mesh sees only SNI and passes the stream through. */
  HTTPS = 'HTTPS',
}

/** Options for calling a host outside the mesh. */
export interface ExternalEgressProps {
  /**
   * The external host, fully qualified (`httpbin.org`, `api.partner.com`).
   * @see https://istio.io/latest/docs/reference/config/networking/service-entry/
   */
  readonly host: string;
  /**
   * Name of the ServiceEntry (and of the VirtualService/DestinationRule when made).
   * @default - the construct id
   * @see https://istio.io/latest/docs/reference/config/networking/service-entry/
   */
  readonly name?: string;
  /**
   * What the workloads speak to the host.
   * @default ExternalProtocol.HTTP
   * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/#egress-gateway-for-https-traffic
   */
  readonly protocol?: ExternalProtocol;
  /**
   * The port the workloads call.
   * @default - 80 for HTTP, 443 for HTTPS
   * @see https://istio.io/latest/docs/reference/config/networking/service-entry/#ServicePort
   */
  readonly port?: number;
  /**
   * Retries for calls to the host (HTTP only; makes a VirtualService on it).
   * @default - Istio's default retries
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
   */
  readonly retries?: HttpRetryPolicy;
  /**
   * Timeout for calls to the host (HTTP only; makes a VirtualService on it).
   * @default - no timeout
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
   */
  readonly timeout?: Duration;
  /**
   * Route calls through this egress gateway: the sidecars send to the gateway over Istio mTLS,
   * the gateway to the host. The gateway gets a server for the host that admits only this team's
   * routes, and its AuthorizationPolicy admits this team's workloads for the host. A gateway of
   * another team must have admitted this team (`gateway.allowRoutesFrom(team)`).
   * @default - sidecars call the host directly
   * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/
   */
  readonly egressGateway?: TeamGateway;
  /**
   * Originate TLS (HTTP only): workloads speak plain HTTP on `port`, the proxy connects with TLS
   * to port 443 of the host and verifies its certificate.
   * @default false
   * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-tls-origination/
   */
  readonly originateTls?: boolean;
  /**
   * CA bundle (a path in the proxy) used to verify the host's certificate when originating TLS.
   * @default '/etc/ssl/certs/ca-certificates.crt' (the proxy image's system CAs)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings
   */
  readonly caCertificates?: string;
}

/**
 * A host outside the mesh: ServiceEntry, optional VirtualService, TLS origination and egress
 * gateway routing.
 *
 * On the Gateway API (a Team with `api: TrafficApi.GATEWAY_API`) it writes the same Istio
 * objects: the ServiceEntry has no Gateway API counterpart (the Gateway API has no registry
 * entry), HTTPRoute has no retries in the v1.5.1 standard channel, and the egress-gateway hop
 * (sidecar → gateway by Istio mTLS with a per-host SNI, per-caller AuthorizationPolicy) is
 * written with Istio's objects, which istiod applies the same whichever API the team's routes
 * use. Routes of the team name the host as an Istio `Hostname` backend.
 */
export class ExternalEgress extends Construct {
  /** Name of the ServiceEntry. */
  public readonly name: string;
  /** The team namespace it lives in. */
  public readonly namespace: string;
  /** The external host. */
  public readonly host: string;
  /** The port workloads call. */
  public readonly port: number;
  /** What workloads speak to the host. */
  public readonly protocol: ExternalProtocol;

  constructor(scope: Construct, id: string, props: ExternalEgressProps) {
    super(scope, id);
    const team = Team.of(this);
    this.namespace = team.namespace;
    this.name = props.name ?? id;
    validateDnsLabel(this.name, `${this.node.path}.name`, 'name');
    validateHost(props.host, `${this.node.path}.host`, { requireDot: true });
    if (props.host.startsWith('*')) {
      throw new IstioTrafficError(ErrorCodes.HOST, `${this.node.path}.host`, 'DNS resolution needs a concrete host, not a wildcard', props.host, 'name the exact external host');
    }
    this.host = props.host;
    this.protocol = props.protocol ?? ExternalProtocol.HTTP;
    const tls = this.protocol === ExternalProtocol.HTTPS;
    this.port = props.port ?? (tls ? 443 : 80);
    validatePort(this.port, `${this.node.path}.port`);
    if (tls && (props.retries || props.timeout || props.originateTls)) {
      throw new IstioTrafficError(ErrorCodes.CONFLICT, this.node.path, 'retries, timeouts and TLS origination need HTTP; HTTPS from the workload is opaque to the mesh',
        this.protocol, 'let the workload speak HTTP with originateTls: true, or drop retries/timeout');
    }
    const gateway = props.egressGateway;
    if (gateway && gateway.type !== GatewayType.EGRESS) {
      throw new IstioTrafficError(ErrorCodes.CONFLICT, `${this.node.path}.egressGateway`, 'the gateway is not an egress gateway', `${gateway.namespace}/${gateway.name}`,
        'create the TeamGateway with type: GatewayType.EGRESS');
    }
    if (gateway && !gateway.admitsRoutesFrom(this.namespace)) {
      throw new IstioTrafficError(ErrorCodes.GATEWAY_NOT_ADMITTED, `${this.node.path}.egressGateway`,
        `egress gateway ${gateway.namespace}/${gateway.name} belongs to team ${gateway.namespace}, which did not admit routes of team ${this.namespace}`, `${gateway.namespace}/${gateway.name}`,
        `the owner of the gateway adds \`gateway.allowRoutesFrom(team)\` for team ${this.namespace}, or use an egress gateway of team ${this.namespace}`);
    }
    // Each team's registry entry, policy and routes for the host apply to its own namespace only
    // (so two teams can each call the same external host), plus the egress gateway's namespace,
    // whose pods must see them to forward the calls.
    const exportTo = gateway && gateway.namespace !== this.namespace ? ['.', gateway.namespace] : ['.'];
    // Where the connection to the host leaves the mesh, on which port.
    const externalPort = props.originateTls ? 443 : this.port;

    MeshRegistry.of(this).registerExternalHost({ name: this.name, namespace: this.namespace, host: this.host, port: this.port });
    const portName = `${tls ? 'tls' : 'http'}-${this.port}`;
    new ServiceEntry(this, 'ServiceEntry', {
      metadata: metadataFor(this.name, this.namespace),
      spec: {
        hosts: [this.host],
        exportTo,
        location: 'MESH_EXTERNAL' as any,
        resolution: 'DNS' as any,
        ports: [{ number: this.port, name: portName, protocol: tls ? 'TLS' : 'HTTP', ...(props.originateTls ? { targetPort: 443 } : {}) }],
      },
    });

    if (props.originateTls) {
      new DestinationRule(this, 'DestinationRule', {
        metadata: metadataFor(this.name, this.namespace),
        spec: {
          host: this.host,
          exportTo,
          trafficPolicy: {
            portLevelSettings: [{
              port: { number: this.port },
              tls: { mode: 'SIMPLE' as any, sni: this.host, caCertificates: props.caCertificates ?? '/etc/ssl/certs/ca-certificates.crt' },
            }],
          },
        },
      });
    }

    if (gateway) {
      const gatewayPort = gateway._routeEgress(team, this.host, this.port, tls, externalPort);
      const subset = EgressGatewayMtls.of(team, gateway).addHost(this.host, gatewayPort);
      team.allowEgressTo(gateway.namespace, gateway.serviceHost);
      this.routeThroughGateway(gateway, { tls, gatewayPort, subset, exportTo }, this.renderPolicies(props));
    } else {
      team.networkPolicies?.allowDirectEgress(externalPort);
      const policies = this.renderPolicies(props);
      if (Object.keys(policies).length > 0) {
        new VirtualService(this, 'VirtualService', {
          metadata: metadataFor(this.name, this.namespace),
          spec: { hosts: [this.host], exportTo, http: [{ route: [{ destination: { host: this.host } }], ...policies }] },
        });
      }
    }
  }

  /** A destination for routes that should send traffic to this host. */
  public destination(): Destination {
    return Destination.host(this.host, { port: this.port });
  }

  /**
   * Hop 1: sidecars (`mesh`) → the egress gateway's mTLS subset for this host. Hop 2: the gateway
   * terminates the mTLS and forwards to the host — HTTP by an `http` route (where retries and
   * the timeout apply), TLS from the app by a `tcp` route (the stream stays opaque).
   */
  private routeThroughGateway(gateway: TeamGateway, hop: { tls: boolean; gatewayPort: number; subset: string; exportTo: string[] }, policies: Record<string, unknown>): void {
    const gatewayRef = gateway.referenceFrom(this.namespace);
    const toGateway = { destination: { host: gateway.serviceHost, subset: hop.subset, port: { number: hop.gatewayPort } } };
    const toHost = { destination: { host: this.host, port: { number: this.port } } };
    const spec = hop.tls
      ? {
        tls: [{ match: [{ gateways: ['mesh'], port: this.port, sniHosts: [this.host] }], route: [toGateway] }],
        tcp: [{ match: [{ gateways: [gatewayRef], port: hop.gatewayPort }], route: [toHost] }],
      }
      : {
        http: [
          { match: [{ gateways: ['mesh'], port: this.port }], route: [toGateway] },
          { match: [{ gateways: [gatewayRef], port: hop.gatewayPort }], route: [toHost], ...policies },
        ],
      };
    new VirtualService(this, 'VirtualService', {
      metadata: metadataFor(this.name, this.namespace),
      spec: { hosts: [this.host], exportTo: hop.exportTo, gateways: [gatewayRef, 'mesh'], ...spec },
    });
  }

  private renderPolicies(props: ExternalEgressProps): Record<string, unknown> {
    const policies: Record<string, unknown> = {};
    if (props.timeout) policies.timeout = renderDuration(props.timeout, `${this.node.path}.timeout`, 'timeout');
    if (props.retries) policies.retries = renderRetries(props.retries, `${this.node.path}.retries`);
    return policies;
  }
}
