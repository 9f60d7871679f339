/**
 * A dedicated ingress or egress gateway for one team, what Istio's `gateway` Helm chart and
 * Banzai's MeshGateway give: ServiceAccount, Deployment (`image: auto`, injected with the
 * `gateway` template, hardened, spread across zones), Service, HorizontalPodAutoscaler,
 * PodDisruptionBudget, the Role that lets it read its TLS Secrets, the AuthorizationPolicy that
 * admits exactly its traffic, and the Istio Gateway whose selector is exactly the labels that only
 * this gateway's pods carry — so two teams' Gateways never program each other's pods.
 * @see https://istio.io/latest/docs/setup/additional-setup/gateway/
 */
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Gateway } from '../../imports/networking.istio.io';
import { AuthorizationPolicy } from '../../imports/security.istio.io';
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { hostCovers } from '../model/hosts';
import { validateDnsLabel, validateHost, validatePort, validateRange, validateUnique } from '../routing/validate';
import { Caller, principalOf } from './access-graph';
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

/** Options for a team gateway. */
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
   * Servers (port, protocol, hosts, TLS). More can be added with `addServer()`.
   * @default - none yet
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Server
   */
  readonly servers?: GatewayServerOptions[];
  /**
   * Fewest gateway pods.
   * @default 1
   * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
   */
  readonly minReplicas?: number;
  /**
   * Most gateway pods; above `minReplicas` a HorizontalPodAutoscaler scales on CPU.
   * @default 5
   * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
   */
  readonly maxReplicas?: number;
  /**
   * Average CPU utilisation the autoscaler aims for, in percent.
   * @default 80
   * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
   */
  readonly targetCpuUtilization?: number;
  /**
   * Write the AuthorizationPolicy admitting this gateway's traffic (needed when the team's
   * namespace denies by default).
   * @default true
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
   */
  readonly authorization?: boolean;
}

/** The Service port name for a protocol, following Istio's `<protocol>-<suffix>` convention. */
function portName(protocol: GatewayProtocol, port: number): string {
  return `${protocol.toLowerCase()}-${port}`;
}

/** A team's own ingress or egress gateway: workload, Service and Istio Gateway. */
export class TeamGateway extends Construct implements Caller {
  /** The name shared by the Deployment, Service, ServiceAccount and Gateway. */
  public readonly name: string;
  /** The team namespace it lives in. */
  public readonly namespace: string;
  /** Ingress or egress. */
  public readonly type: GatewayType;
  /** Labels that only this gateway's pods carry: the Gateway's selector. */
  public readonly selectorLabels: Record<string, string>;
  private readonly servers: (GatewayServerOptions & { protocol: GatewayProtocol })[] = [];
  /** Egress only: which namespaces may send which HTTP hosts (or TLS ports) through this gateway. */
  private readonly egressClients = new Map<string, { hosts: Set<string>; tlsPorts: Set<string> }>();

  constructor(scope: Construct, id: string, props: TeamGatewayProps = {}) {
    super(scope, id);
    const team = Team.of(this);
    this.namespace = team.namespace;
    this.name = props.name ?? id;
    this.type = props.type ?? GatewayType.INGRESS;
    validateDnsLabel(this.name, `${this.node.path}.name`, 'gateway name');
    const minReplicas = props.minReplicas ?? 1;
    const maxReplicas = props.maxReplicas ?? Math.max(5, minReplicas);
    validateRange(minReplicas, 1, 1000, `${this.node.path}.minReplicas`, 'minReplicas');
    validateRange(maxReplicas, minReplicas, 1000, `${this.node.path}.maxReplicas`, 'maxReplicas');
    const targetCpu = props.targetCpuUtilization ?? 80;
    validateRange(targetCpu, 1, 100, `${this.node.path}.targetCpuUtilization`, 'targetCpuUtilization');

    // gateway-name alone could repeat across teams; with the namespace the set is unique.
    this.selectorLabels = { 'gateway-name': this.name, 'gateway-namespace': this.namespace, 'gateway-type': this.type };
    const podLabels = { ...this.selectorLabels, app: this.name, 'sidecar.istio.io/inject': 'true' };
    const metadata = () => metadataFor(this.name, this.namespace, this.selectorLabels);

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: metadata() });
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: metadata(),
      spec: {
        // With an autoscaler the Deployment leaves the count to it, as Istio's chart does.
        ...(maxReplicas > minReplicas ? {} : { replicas: minReplicas }),
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
            topologySpreadConstraints: [{
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: this.selectorLabels },
            }],
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
      metadata: metadata(),
      spec: {
        type: this.type === GatewayType.INGRESS ? 'LoadBalancer' : 'ClusterIP',
        selector: this.selectorLabels,
        ports: Lazy.any({ produce: () => this.servicePorts() }),
      },
    });

    if (maxReplicas > minReplicas) {
      new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
        metadata: metadata(),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.name },
          minReplicas,
          maxReplicas,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: targetCpu } } }],
        },
      });
    }
    new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata: metadata(),
      spec: {
        // One pod must stay up when there is more than one; a lone pod may still be evicted.
        ...(minReplicas > 1 ? { minAvailable: k8s.IntOrString.fromNumber(1) } : { maxUnavailable: k8s.IntOrString.fromNumber(1) }),
        selector: { matchLabels: this.selectorLabels },
      },
    });

    new Gateway(this, 'Gateway', {
      metadata: metadataFor(this.name, this.namespace),
      spec: {
        selector: this.selectorLabels,
        servers: Lazy.any({ produce: () => this.renderServers() }),
      },
    });

    if (props.authorization ?? true) {
      new AuthorizationPolicy(this, 'AuthorizationPolicy', {
        metadata: metadataFor(this.name, this.namespace),
        spec: Lazy.any({ produce: () => this.renderAuthorization() }),
      });
    }

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
    const protocol = server.protocol ?? GatewayProtocol.HTTP;
    const needsTls = protocol === GatewayProtocol.HTTPS || protocol === GatewayProtocol.TLS;
    if (needsTls && !server.tls) {
      throw new IstioTrafficError(ErrorCodes.CONFLICT, `${where}.tls`, `a ${protocol} server needs TLS settings`, undefined,
        'pass tls: GatewayTls.simple("<secret>"), GatewayTls.mutual("<secret>") or GatewayTls.passthrough()');
    }
    if (!needsTls && server.tls) {
      throw new IstioTrafficError(ErrorCodes.CONFLICT, `${where}.tls`, `a ${protocol} server does not terminate TLS`, server.tls.mode,
        'use protocol HTTPS (or TLS for passthrough), or drop tls');
    }
    if (server.tls?.mode === 'PASSTHROUGH' && protocol !== GatewayProtocol.TLS) {
      throw new IstioTrafficError(ErrorCodes.CONFLICT, `${where}.tls`, 'PASSTHROUGH forwards encrypted bytes, so the server protocol must be TLS', protocol, 'use protocol: GatewayProtocol.TLS');
    }
    if (server.httpsRedirect && protocol !== GatewayProtocol.HTTP) {
      throw new IstioTrafficError(ErrorCodes.CONFLICT, `${where}.httpsRedirect`, 'only an HTTP server can redirect to HTTPS', protocol, 'set httpsRedirect on the port-80 HTTP server');
    }
    if (server.tls) server.tls.bind(where); // check the credential now, where the error is clearest
    this.servers.push({ ...server, protocol, hosts: [...server.hosts] });
    if (server.tls?.needsSecret) this.grantSecretAccess();
  }

  /** Only gateways with certificates get to read Secrets, and only in their own namespace. */
  private grantSecretAccess(): void {
    if (this.node.tryFindChild('SecretReader')) return;
    const name = `${this.name}-secret-reader`;
    const metadata = metadataFor(name, this.namespace, this.selectorLabels);
    new k8s.KubeRole(this, 'SecretReader', {
      metadata,
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
    });
    new k8s.KubeRoleBinding(this, 'SecretReaderBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: this.name, namespace: this.namespace }],
    });
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

  /** The gateway pods' identity, for the AuthorizationPolicies of the services it routes to. */
  public callerPrincipals(): string[] {
    return [principalOf(this.namespace, this.name)];
  }

  /**
   * Egress gateways: let workloads of `namespace` send traffic for `host` through this gateway.
   * HTTP traffic is admitted by Host; TLS passed through is opaque to AuthorizationPolicy, so it
   * is admitted by port.
   */
  public allowEgress(namespace: string, host: string, port: number, tls: boolean): void {
    const entry = this.egressClients.get(namespace) ?? { hosts: new Set<string>(), tlsPorts: new Set<string>() };
    if (tls) entry.tlsPorts.add(String(port));
    else entry.hosts.add(port === 80 ? host : `${host}:${port}`);
    this.egressClients.set(namespace, entry);
  }

  /** @internal */
  public _checkBeforeSynth(): void {
    if (this.servers.length === 0) {
      throw new IstioTrafficError(ErrorCodes.RANGE, `${this.node.path}.servers`, 'a gateway needs at least one server', 0,
        'pass servers: [...], call addServer(), or route an ExternalEgress through it');
    }
  }

  private renderServers(): unknown[] {
    return this.servers.map((s, i) => {
      const tls = s.tls ? s.tls.bind(`${this.node.path}.servers[${i}]`) : s.httpsRedirect ? { httpsRedirect: true } : undefined;
      return {
        port: { number: s.port, name: portName(s.protocol, s.port), protocol: s.protocol },
        hosts: s.hosts,
        ...(tls ? { tls } : {}),
      };
    });
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

  /**
   * Ingress: anyone may connect to the ports it serves (the edge is public). Egress: only the
   * namespaces that declared a host may send, and only for that host.
   */
  private renderAuthorization(): Record<string, unknown> {
    const selector = { matchLabels: this.selectorLabels };
    if (this.type === GatewayType.INGRESS) {
      const ports = this.servers.map((s) => String(s.port));
      return { selector, action: 'ALLOW', rules: [{ to: [{ operation: { ports } }] }] };
    }
    const rules = [...this.egressClients.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([namespace, { hosts, tlsPorts }]) => ({
      from: [{ source: { namespaces: [namespace] } }],
      to: [
        ...(hosts.size > 0 ? [{ operation: { hosts: [...hosts].sort() } }] : []),
        ...(tlsPorts.size > 0 ? [{ operation: { ports: [...tlsPorts].sort() } }] : []),
      ],
    }));
    // With no client, an ALLOW policy without rules admits nothing, which is the intent.
    return rules.length > 0 ? { selector, action: 'ALLOW', rules } : { selector, action: 'ALLOW' };
  }
}
