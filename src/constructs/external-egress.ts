/**
 * A host outside the mesh that a team calls: a ServiceEntry (MESH_EXTERNAL, DNS) so it is in the
 * registry — the only way to reach it under REGISTRY_ONLY — with, optionally, a VirtualService
 * adding retries and a timeout (seed 000, team 3), TLS origination, and two-hop routing through
 * an egress gateway (seed 004: sidecar → egress gateway → external host).
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
import { GatewayProtocol } from './gateway-server';
import { metadataFor } from './labels';
import { Team } from './team';
import { GatewayType, TeamGateway } from './team-gateway';

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
   * The plain-HTTP port the workloads call.
   * @default 80
   * @see https://istio.io/latest/docs/reference/config/networking/service-entry/#ServicePort
   */
  readonly port?: number;
  /**
   * Retries for calls to the host (makes a VirtualService on it).
   * @default - Istio's default retries
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
   */
  readonly retries?: HttpRetryPolicy;
  /**
   * Timeout for calls to the host (makes a VirtualService on it).
   * @default - no timeout
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
   */
  readonly timeout?: Duration;
  /**
   * Route calls through this egress gateway: the sidecars send to the gateway, the gateway to the
   * host. The gateway gets a server for the host.
   * @default - sidecars call the host directly
   * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/
   */
  readonly egressGateway?: TeamGateway;
  /**
   * Originate TLS: workloads speak plain HTTP on `port`, the proxy connects with TLS to port 443
   * of the host and verifies its certificate.
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

export class ExternalEgress extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly host: string;
  public readonly port: number;

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
    this.port = props.port ?? 80;
    validatePort(this.port, `${this.node.path}.port`);
    const gateway = props.egressGateway;
    if (gateway && gateway.type !== GatewayType.EGRESS) {
      throw new IstioTrafficError(ErrorCodes.CONFLICT, `${this.node.path}.egressGateway`, 'the gateway is not an egress gateway', `${gateway.namespace}/${gateway.name}`,
        'create the TeamGateway with type: GatewayType.EGRESS');
    }

    new ServiceEntry(this, 'ServiceEntry', {
      metadata: metadataFor(this.name, this.namespace),
      spec: {
        hosts: [this.host],
        location: 'MESH_EXTERNAL' as any,
        resolution: 'DNS' as any,
        ports: [props.originateTls
          ? { number: this.port, name: `http-${this.port}`, protocol: 'HTTP', targetPort: 443 }
          : { number: this.port, name: `http-${this.port}`, protocol: 'HTTP' }],
      },
    });

    if (props.originateTls) {
      new DestinationRule(this, 'DestinationRule', {
        metadata: metadataFor(this.name, this.namespace),
        spec: {
          host: this.host,
          trafficPolicy: {
            portLevelSettings: [{
              port: { number: this.port },
              tls: { mode: 'SIMPLE' as any, sni: this.host, caCertificates: props.caCertificates ?? '/etc/ssl/certs/ca-certificates.crt' },
            }],
          },
        },
      });
    }

    const policies = this.renderPolicies(props);
    if (gateway) {
      gateway.addServer({ port: this.port, protocol: GatewayProtocol.HTTP, hosts: [this.host] });
      team.allowEgressTo(gateway.namespace, gateway.serviceHost);
      const gatewayRef = gateway.referenceFrom(this.namespace);
      new VirtualService(this, 'VirtualService', {
        metadata: metadataFor(this.name, this.namespace),
        spec: {
          hosts: [this.host],
          gateways: [gatewayRef, 'mesh'],
          http: [
            { match: [{ gateways: ['mesh'], port: this.port }], route: [{ destination: { host: gateway.serviceHost, port: { number: this.port } } }] },
            { match: [{ gateways: [gatewayRef], port: this.port }], route: [{ destination: { host: this.host, port: { number: this.port } } }], ...policies },
          ],
        },
      });
    } else if (Object.keys(policies).length > 0) {
      new VirtualService(this, 'VirtualService', {
        metadata: metadataFor(this.name, this.namespace),
        spec: {
          hosts: [this.host],
          http: [{ route: [{ destination: { host: this.host } }], ...policies }],
        },
      });
    }
  }

  /** A destination for routes that should send traffic to this host. */
  public destination(): Destination {
    return Destination.host(this.host, { port: this.port });
  }

  private renderPolicies(props: ExternalEgressProps): Record<string, unknown> {
    const policies: Record<string, unknown> = {};
    if (props.timeout) policies.timeout = renderDuration(props.timeout, `${this.node.path}.timeout`, 'timeout');
    if (props.retries) policies.retries = renderRetries(props.retries, `${this.node.path}.retries`);
    return policies;
  }
}
