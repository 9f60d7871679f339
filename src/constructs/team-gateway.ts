/**
 * A dedicated ingress or egress gateway for one team, what Istio's `gateway` Helm chart and
 * Banzai's MeshGateway give: ServiceAccount, Deployment (`image: auto`, injected with the
 * `gateway` template), Service, and the Istio Gateway whose selector is exactly the labels that
 * only this gateway's pods carry — so two teams' Gateways never program each other's pods.
 * @see https://istio.io/latest/docs/setup/additional-setup/gateway/
 */
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Gateway } from '../../imports/networking.istio.io';
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { hostCovers } from '../model/hosts';
import { validateDnsLabel, validateHost, validatePort, validateRange, validateUnique } from '../routing/validate';
import { GatewayProtocol, GatewayServerOptions } from './gateway-server';
import { metadataFor } from './labels';
import { hardenedContainerSecurityContext, hardenedPodSecurityContext } from './pod-security';
import { Team } from './team';

/** Which way a gateway faces. */
export enum GatewayType {
  /** Traffic entering the mesh: a LoadBalancer Service. */
  INGRESS = 'ingress',
  /** Traffic leaving the mesh: a ClusterIP Service the sidecars route to. */
  EGRESS = 'egress',
}

export interface TeamGatewayProps {
  /**
   * Name of the gateway's Deployment, Service, ServiceAccount and Gateway.
   * @default - the construct id
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/
   */
  readonly name?: string;
  /**
   * Ingress or egress.
   * @default GatewayType.INGRESS
   * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/
   */
  readonly type?: GatewayType;
  /**
   * Servers (port, protocol, hosts). More can be added with `addServer()`.
   * @default - none yet
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Server
   */
  readonly servers?: GatewayServerOptions[];
  /**
   * Number of gateway pods.
   * @default 1
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
   */
  readonly replicas?: number;
}

/** The Service port name for a protocol, following Istio's `<protocol>-<suffix>` convention. */
function portName(protocol: GatewayProtocol, port: number): string {
  return `${protocol.toLowerCase()}-${port}`;
}

export class TeamGateway extends Construct {
  /** The name shared by the Deployment, Service, ServiceAccount and Gateway. */
  public readonly name: string;
  /** The team namespace it lives in. */
  public readonly namespace: string;
  public readonly type: GatewayType;
  /** Labels that only this gateway's pods carry: the Gateway's selector. */
  public readonly selectorLabels: Record<string, string>;
  private readonly servers: Required<GatewayServerOptions>[] = [];

  constructor(scope: Construct, id: string, props: TeamGatewayProps = {}) {
    super(scope, id);
    const team = Team.of(this);
    this.namespace = team.namespace;
    this.name = props.name ?? id;
    this.type = props.type ?? GatewayType.INGRESS;
    validateDnsLabel(this.name, `${this.node.path}.name`, 'gateway name');
    const replicas = props.replicas ?? 1;
    validateRange(replicas, 1, 1000, `${this.node.path}.replicas`, 'replicas');

    // gateway-name alone could repeat across teams; with the namespace the set is unique.
    this.selectorLabels = { 'gateway-name': this.name, 'gateway-namespace': this.namespace, 'gateway-type': this.type };
    const podLabels = { ...this.selectorLabels, app: this.name, 'sidecar.istio.io/inject': 'true' };

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: metadataFor(this.name, this.namespace, this.selectorLabels) });

    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: metadataFor(this.name, this.namespace, this.selectorLabels),
      spec: {
        replicas,
        selector: { matchLabels: this.selectorLabels },
        template: {
          metadata: {
            // Istio's injector replaces `image: auto` with the proxy and applies the gateway template.
            annotations: { 'inject.istio.io/templates': 'gateway' },
            labels: podLabels,
          },
          spec: {
            serviceAccountName: this.name,
            securityContext: hardenedPodSecurityContext({ unprivilegedPorts: true }),
            containers: [{
              name: 'istio-proxy',
              image: 'auto',
              ports: [{ name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' }],
              securityContext: hardenedContainerSecurityContext(),
              resources: {
                requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('128Mi') },
                limits: { cpu: k8s.Quantity.fromString('2'), memory: k8s.Quantity.fromString('1Gi') },
              },
            }],
          },
        },
      },
    });

    new k8s.KubeService(this, 'Service', {
      metadata: metadataFor(this.name, this.namespace, this.selectorLabels),
      spec: {
        type: this.type === GatewayType.INGRESS ? 'LoadBalancer' : 'ClusterIP',
        selector: this.selectorLabels,
        ports: Lazy.any({ produce: () => this.servicePorts() }),
      },
    });

    new Gateway(this, 'Gateway', {
      metadata: metadataFor(this.name, this.namespace),
      spec: {
        selector: this.selectorLabels,
        servers: Lazy.any({ produce: () => this.renderServers() }),
      },
    });

    for (const server of props.servers ?? []) this.addServer(server);
  }

  /** Adds a server. Ports must be unique per gateway. */
  public addServer(server: GatewayServerOptions): void {
    const where = `${this.node.path}.servers[${this.servers.length}]`;
    validatePort(server.port, `${where}.port`);
    if (this.servers.some((s) => s.port === server.port)) {
      throw new IstioTrafficError(ErrorCodes.DUPLICATE, `${where}.port`, 'this gateway already has a server on that port', server.port,
        'add the hosts to the existing server, or use another port');
    }
    if (!Array.isArray(server.hosts) || server.hosts.length === 0) {
      throw new IstioTrafficError(ErrorCodes.HOST, `${where}.hosts`, 'a server needs at least one host', server.hosts, 'list the host names it serves');
    }
    server.hosts.forEach((host, i) => validateHost(host, `${where}.hosts[${i}]`, { allowStar: server.allowAnyHost, requireDot: host !== '*' }));
    validateUnique(server.hosts, `${where}.hosts`, 'host');
    this.servers.push({ protocol: GatewayProtocol.HTTP, allowAnyHost: false, ...server, hosts: [...server.hosts] });
  }

  /** Whether some server of this gateway accepts `host` (on `port`, when given). */
  public servesHost(host: string, port?: number): boolean {
    return this.servers.some((s) => (port === undefined || s.port === port) && s.hosts.some((h) => hostCovers(h, host) || hostCovers(host, h)));
  }

  /** The hosts of every server, for messages. */
  public get hosts(): string[] {
    return this.servers.flatMap((s) => s.hosts);
  }

  /** How a VirtualService in `namespace` refers to this Gateway: `name` at home, `ns/name` elsewhere. */
  public referenceFrom(namespace: string): string {
    return namespace === this.namespace ? this.name : `${this.namespace}/${this.name}`;
  }

  /** The Service's fully qualified host: where sidecars send traffic bound for an egress gateway. */
  public get serviceHost(): string {
    return `${this.name}.${this.namespace}.svc.cluster.local`;
  }

  /** @internal */
  public _checkBeforeSynth(): void {
    if (this.servers.length === 0) {
      throw new IstioTrafficError(ErrorCodes.RANGE, `${this.node.path}.servers`, 'a gateway needs at least one server', 0,
        'pass servers: [...], call addServer(), or route an ExternalEgress through it');
    }
  }

  private renderServers(): unknown[] {
    return this.servers.map((s) => ({
      port: { number: s.port, name: portName(s.protocol, s.port), protocol: s.protocol },
      hosts: s.hosts,
    }));
  }

  private servicePorts(): unknown[] {
    const status = { name: 'status-port', port: 15021, targetPort: k8s.IntOrString.fromNumber(15021), protocol: 'TCP', appProtocol: 'http' };
    const ports = this.servers.map((s) => ({
      name: portName(s.protocol, s.port),
      port: s.port,
      targetPort: k8s.IntOrString.fromNumber(s.port),
      protocol: 'TCP',
    }));
    return [status, ...ports];
  }
}
