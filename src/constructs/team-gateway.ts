/**
 * A dedicated ingress or egress gateway for one team, what Istio's `gateway` Helm chart and
 * Banzai's MeshGateway give: ServiceAccount, Deployment (`image: auto`, injected with the
 * `gateway` template, hardened, spread across zones), Service, HorizontalPodAutoscaler,
 * PodDisruptionBudget, the Role that lets it read its TLS Secrets, the AuthorizationPolicy that
 * admits exactly its traffic, and the Istio Gateway whose selector is exactly the labels that only
 * this gateway's pods carry — so two teams' Gateways never program each other's pods.
 * @see https://istio.io/latest/docs/setup/additional-setup/gateway/
 */
import { JsonPatch, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Gateway as GatewayApiGateway, HttpRoute } from '../../imports/gateway.networking.k8s.io';
import { Gateway } from '../../imports/networking.istio.io';
import { AuthorizationPolicy } from '../../imports/security.istio.io';
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { hostCovers } from '../model/hosts';
import { validateDnsLabel, validateHost, validatePort, validateRange, validateUnique } from '../routing/validate';
import { Caller, gatewayApiServiceAccount, ICaller } from './caller';
import {
  allowedRoutes, checkGatewayApiServer, GATEWAY_API_GROUP, GATEWAY_NAME_LABEL, GatewayApiListener, gatewayApiListeners, gatewayApiScaling, httpsRedirectRouteSpec,
  listenersForHosts,
} from './gateway-api-gateway';
import { GatewayProtocol, GatewayServerOptions } from './gateway-server';
import { hostLabel, metadataFor } from './labels';
import { MeshRegistry } from './mesh-registry';
import { TeamNetworkPolicies } from './network-policies';
import { hardenedContainerSecurityContext, hardenedPodSecurityContext } from './pod-security';
import { Team } from './team';
import { TrafficApi } from './traffic-api';

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
   * Ingress or egress. An egress gateway keeps Istio's objects (Deployment, Service, Istio
   * Gateway) on both APIs: the egress hop routes the sidecars' calls to a ServiceEntry host,
   * which only Istio's APIs express with the constructs' retries and per-caller policies.
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
   * Fewest gateway pods. On the Gateway API (an ingress gateway of a Team with
   * `api: TrafficApi.GATEWAY_API`) Istio deploys the gateway (`<name>-istio`) from its own
   * template: image, resources, security context and spreading are Istio's defaults, and the
   * library attaches only the HorizontalPodAutoscaler and PodDisruptionBudget, as Istio's docs
   * describe.
   * @default 1
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#resource-attachment-and-scaling
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
  /**
   * Run the gateway in a namespace of its own (created here), as Istio recommends: the
   * internet-facing gateway identity then cannot read the apps' Secrets, and its Secret Role is
   * scoped to that namespace. The owner team's routes are admitted as `<team namespace>/<host>`.
   * @default - the team's namespace
   * @see https://istio.io/latest/docs/setup/additional-setup/gateway/#deploying-a-gateway
   */
  readonly namespace?: string;
}

/** A gateway routes can bind to: declared in this app, or imported with `TeamGateway.fromAttributes`. */
export interface ITeamGateway extends ICaller {
  /** Name of the Gateway (and of its ServiceAccount). */
  readonly name: string;
  /** The API its Gateway is written in; routes bound to it must be written in the same one. */
  readonly api: TrafficApi;
  /** The namespace it lives in. */
  readonly namespace: string;
  /** How a VirtualService in `namespace` refers to this Gateway. */
  referenceFrom(namespace: string): string;
  /** Whether routes of `namespace` may bind to this gateway (its owner admitted them). */
  admitsRoutesFrom(namespace: string): boolean;
  /** Whether some server accepts `host`; `port` narrows to one server port. */
  servesHost(host: string, port?: number): boolean;
  /** The public hosts of its servers, for messages. */
  readonly hosts: string[];
}

/** What routes need to know of a gateway owned by another app (another team's chart repo). */
export interface TeamGatewayAttributes {
  /**
   * The gateway's namespace.
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
   */
  readonly namespace: string;
  /**
   * Name of the Gateway (and of its ServiceAccount, as `TeamGateway` names them).
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/
   */
  readonly name: string;
  /**
   * The hosts its servers accept; routes bound to it must use them.
   * @default - not checked here; `check` over the owner's and your manifests together checks them
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Server
   */
  readonly hosts?: string[];
  /**
   * Whether its owner admitted routes of your namespace (`allowRoutesFrom`).
   * @default false - a route of another namespace is refused unless this says the owner admitted it
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Server
   */
  readonly admitsYourRoutes?: boolean;
  /**
   * The API its owner wrote it in: on the Gateway API its pods run as `<name>-istio` and routes
   * bind to it with HTTPRoute parentRefs.
   * @default TrafficApi.ISTIO
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
   */
  readonly api?: TrafficApi;
}

/** The Service port name for a protocol, following Istio's `<protocol>-<suffix>` convention. */
function portName(protocol: GatewayProtocol, port: number): string {
  return `${protocol.toLowerCase()}-${port}`;
}

/** A server of this gateway; `routeNamespaces` narrows which namespaces' routes may bind to it. */
interface ServerEntry extends GatewayServerOptions {
  readonly protocol: GatewayProtocol;
  readonly hosts: string[];
  readonly routeNamespaces?: ReadonlySet<string>;
  /** Rendered TLS when it is not a user's `GatewayTls` (the egress gateways' mTLS servers). */
  readonly renderedTls?: Record<string, unknown>;
  /** The port name, when two servers share a port. */
  readonly portName?: string;
}

/** A team's own ingress or egress gateway: workload, Service and Istio Gateway. */
export class TeamGateway extends Construct implements ITeamGateway {
  /**
   * A gateway owned by another app, for routes of this one to bind to (when its owner admitted
   * them) and for grants (`service.allowFrom(gateway)`).
   */
  public static fromAttributes(scope: Construct, id: string, attributes: TeamGatewayAttributes): ITeamGateway {
    return new ImportedTeamGateway(scope, id, attributes);
  }

  /** The name shared by the Deployment, Service, ServiceAccount and Gateway. */
  public readonly name: string;
  /** The team namespace it lives in. */
  public readonly namespace: string;
  /** Ingress or egress. */
  public readonly type: GatewayType;
  /** The API its Gateway is written in (an egress gateway is always Istio's). */
  public readonly api: TrafficApi;
  /** Labels that only this gateway's pods carry: the Gateway's selector. */
  public readonly selectorLabels: Record<string, string>;
  private readonly servers: ServerEntry[] = [];
  /** Namespaces (other than its own) whose routes may bind to this gateway. */
  private readonly admittedNamespaces = new Set<string>();
  /** Told of every namespace whose routes may bind here, now and as teams are admitted later. */
  private readonly routeNamespaceWatchers: ((namespace: string) => void)[] = [];
  /** Egress only: which callers may send which HTTP hosts (or TLS SNIs) through this gateway. */
  private readonly egressClients = new Map<string, { principals: () => string[]; hosts: Set<string>; sniHosts: Set<string> }>();
  private readonly team: Team;
  /** The egress NetworkPolicies of the namespace the gateway pods run in (when the team has them). */
  private readonly networkPolicies?: TeamNetworkPolicies;

  constructor(scope: Construct, id: string, props: TeamGatewayProps = {}) {
    super(scope, id);
    const team = Team.of(this);
    this.team = team;
    this.namespace = props.namespace ?? team.namespace;
    if (this.namespace !== team.namespace) this.createOwnNamespace(team, props.namespace!);
    this.networkPolicies = this.namespace === team.namespace || !team.networkPolicies
      ? team.networkPolicies
      : new TeamNetworkPolicies(this, 'NetworkPolicies', { namespace: this.namespace });
    this.name = props.name ?? id;
    this.type = props.type ?? GatewayType.INGRESS;
    validateDnsLabel(this.name, `${this.node.path}.name`, 'gateway name');
    const minReplicas = props.minReplicas ?? 1;
    const maxReplicas = props.maxReplicas ?? Math.max(5, minReplicas);
    validateRange(minReplicas, 1, 1000, `${this.node.path}.minReplicas`, 'minReplicas');
    validateRange(maxReplicas, minReplicas, 1000, `${this.node.path}.maxReplicas`, 'maxReplicas');
    const targetCpu = props.targetCpuUtilization ?? 80;
    validateRange(targetCpu, 1, 100, `${this.node.path}.targetCpuUtilization`, 'targetCpuUtilization');
    // Egress stays on Istio's objects on both APIs (see `type`).
    this.api = team.api === TrafficApi.GATEWAY_API && this.type === GatewayType.INGRESS ? TrafficApi.GATEWAY_API : TrafficApi.ISTIO;

    if (this.api === TrafficApi.GATEWAY_API) {
      validateDnsLabel(gatewayApiServiceAccount(this.name), `${this.node.path}.name`, 'gateway name with Istio\'s "-istio" suffix');
      this.selectorLabels = { [GATEWAY_NAME_LABEL]: this.name };
      gatewayApiScaling(this, this.name, this.namespace, { minReplicas, maxReplicas, targetCpuUtilization: targetCpu });
      new GatewayApiGateway(this, 'Gateway', {
        metadata: metadataFor(this.name, this.namespace),
        spec: Lazy.any({ produce: () => ({ gatewayClassName: 'istio', listeners: this.renderListeners() }) }),
      });
    } else {
      // gateway-name alone could repeat across teams; with the namespace the set is unique.
      this.selectorLabels = { 'gateway-name': this.name, 'gateway-namespace': this.namespace, 'gateway-type': this.type };
      this.istioWorkload(minReplicas, maxReplicas, targetCpu);
    }

    if (props.authorization ?? true) {
      new AuthorizationPolicy(this, 'AuthorizationPolicy', {
        metadata: metadataFor(this.name, this.namespace),
        spec: Lazy.any({ produce: () => this.renderAuthorization() }),
      });
    }

    for (const server of props.servers ?? []) this.addServer(server);
  }

  /**
   * Istio's APIs: the gateway's own ServiceAccount, Deployment, Service, autoscaler, disruption
   * budget and the Istio Gateway selecting its pods.
   */
  private istioWorkload(minReplicas: number, maxReplicas: number, targetCpu: number): void {
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
    if (this.api === TrafficApi.GATEWAY_API) {
      checkGatewayApiServer({ ...server, protocol, hosts: server.hosts }, where);
      if (server.httpsRedirect) this.addHttpsRedirectRoute();
    }
    if (this.type === GatewayType.INGRESS) {
      const registry = MeshRegistry.of(this);
      server.hosts.forEach((host, i) => registry.claimPublicHost(host, this, `${where}.hosts[${i}]`));
    }
    this.servers.push({ ...server, protocol, hosts: [...server.hosts] });
    if (server.tls?.needsSecret) this.grantSecretAccess();
  }

  /**
   * Lets routes (VirtualServices) of `team` bind to this gateway. Its server hosts then list
   * that namespace (`<namespace>/<host>`); without it they admit only this team's own routes
   * (`./<host>`), so no other namespace can take over this gateway's hosts.
   */
  public allowRoutesFrom(team: Team): void {
    this.allowRoutesFromNamespace(team.namespace);
  }

  /** Like `allowRoutesFrom`, for a team whose app is elsewhere (another chart repo). */
  public allowRoutesFromNamespace(namespace: string): void {
    validateDnsLabel(namespace, `${this.node.path}.allowRoutesFrom`, 'namespace');
    if (namespace !== this.namespace) this.admittedNamespaces.add(namespace);
    for (const watcher of this.routeNamespaceWatchers) watcher(namespace);
  }

  /**
   * Calls `watcher` with every namespace whose routes may bind to this gateway (its own, its
   * team's, the admitted ones), and again for each team admitted later. A Gateway API service
   * that grants this gateway uses it to admit those routes' backendRefs (ReferenceGrants).
   * @internal
   */
  public _watchRouteNamespaces(watcher: (namespace: string) => void): void {
    this.routeNamespaceWatchers.push(watcher);
    for (const namespace of [this.namespace, this.team.namespace, ...this.admittedNamespaces]) watcher(namespace);
  }

  /** Whether routes of `namespace` may bind to this gateway. */
  public admitsRoutesFrom(namespace: string): boolean {
    return namespace === this.namespace || namespace === this.team.namespace || this.admittedNamespaces.has(namespace);
  }

  /** A gateway namespace of its own: claimed like a team's, with the same Pod Security level. */
  private createOwnNamespace(team: Team, namespace: string): void {
    validateDnsLabel(namespace, `${this.node.path}.namespace`, 'namespace');
    MeshRegistry.of(this).claimNamespace(namespace, this.node.path);
    const object = new k8s.KubeNamespace(this, 'Namespace', {
      metadata: metadataFor(namespace, undefined, { ...team.podSecurityLabels, 'gateway-owner': team.namespace }),
    });
    object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
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
      subjects: [{ kind: 'ServiceAccount', name: this.serviceAccountName, namespace: this.namespace }],
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
    return `${this.serviceAccountName}.${this.namespace}.svc.cluster.local`;
  }

  /** The gateway pods' identity: what services grant with `allowFrom(gateway)`. */
  public get callerIdentity(): Caller {
    return Caller.gateway(this.namespace, this.name, this.api);
  }

  /** The ServiceAccount (and Service) of its pods: its own, or the one Istio's automated deployment creates. */
  private get serviceAccountName(): string {
    return this.api === TrafficApi.GATEWAY_API ? gatewayApiServiceAccount(this.name) : this.name;
  }

  /**
   * The HTTPRoute parentRefs of a route of `hosts` bound to this gateway: the Gateway, narrowed
   * to the listeners of those hosts (`sectionName`) when some listener only redirects to HTTPS,
   * so that the redirect stays the only answer there, as with Istio's `httpsRedirect`.
   * @internal
   */
  public _parentRefsFor(hosts: readonly string[], tls: boolean): Record<string, unknown>[] {
    const gateway = { group: GATEWAY_API_GROUP, kind: 'Gateway', name: this.name, namespace: this.namespace };
    const listeners = this.listeners();
    if (!listeners.some((l) => l.redirect)) return [gateway];
    return listenersForHosts(listeners, hosts, tls).map((l) => ({ ...gateway, sectionName: l.name }));
  }

  private listeners(): GatewayApiListener[] {
    return gatewayApiListeners(this.servers, this.node.path);
  }

  /** Gateway API listeners, each admitting the routes of the owner team and the admitted ones. */
  private renderListeners(): unknown[] {
    const namespaces = new Set([this.team.namespace, ...this.admittedNamespaces]);
    return this.listeners().map((l) => ({ ...l.rendered, allowedRoutes: allowedRoutes(this.namespace, namespaces, l.protocol) }));
  }

  /** The one HTTPRoute that answers the HTTP listeners of `httpsRedirect` servers. */
  private addHttpsRedirectRoute(): void {
    if (this.node.tryFindChild('HttpsRedirect')) return;
    new HttpRoute(this, 'HttpsRedirect', {
      metadata: metadataFor(`${this.name}-https-redirect`, this.namespace),
      spec: Lazy.any({ produce: () => httpsRedirectRouteSpec(this.name, this.listeners()) }),
    });
  }

  /**
   * Egress gateways: the sidecars of `client` send `host` here over Istio mTLS (so the gateway
   * knows who calls), and the gateway forwards it out. HTTP arrives on an HTTPS server with
   * `ISTIO_MUTUAL` (admitted by Host); TLS from the app arrives wrapped in mTLS on a TLS server
   * with `ISTIO_MUTUAL` (admitted by the SNI the sidecar sets, `connection.sni`).
   * Returns the gateway port the sidecars must send to.
   * @see https://istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/
   * @internal
   */
  public _routeEgress(client: Team, host: string, port: number, tls: boolean, externalPort: number): number {
    const protocol = tls ? GatewayProtocol.TLS : GatewayProtocol.HTTPS;
    // One TLS server per SNI host, so each one's `tcp` route is chosen by its own filter chain.
    const portName = tls ? `tls-${MTLS_PORT}-${hostLabel(host)}` : `https-${MTLS_PORT}`;
    let server = this.servers.find((s) => s.portName === portName);
    if (!server) {
      server = { port: MTLS_PORT, protocol, hosts: [], routeNamespaces: new Set<string>(), renderedTls: { mode: 'ISTIO_MUTUAL' }, portName };
      this.servers.push(server);
    }
    if (!server.hosts.includes(host)) server.hosts.push(host);
    (server.routeNamespaces as Set<string>).add(client.namespace);

    const entry = this.egressClients.get(client.namespace) ?? { principals: () => client.workloadPrincipals(), hosts: new Set<string>(), sniHosts: new Set<string>() };
    if (tls) entry.sniHosts.add(host);
    else entry.hosts.add(port === 80 ? host : `${host}:${port}`);
    this.egressClients.set(client.namespace, entry);
    this.networkPolicies?.allowGatewayEgress(this.name, this.selectorLabels, externalPort);
    return MTLS_PORT;
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
      const tls = s.renderedTls ?? (s.tls ? s.tls.bind(`${this.node.path}.servers[${i}]`) : s.httpsRedirect ? { httpsRedirect: true } : undefined);
      return {
        port: { number: s.port, name: s.portName ?? portName(s.protocol, s.port), protocol: s.protocol },
        hosts: this.scopedHosts(s),
        ...(tls ? { tls } : {}),
      };
    });
  }

  /**
   * Server hosts carry the namespaces whose VirtualServices may bind (`./h` for the owner,
   * `ns/h` per admitted team): a bare `h` would let any namespace's VirtualService take the host.
   */
  private scopedHosts(server: ServerEntry): string[] {
    // The owner team's routes live in the team's namespace, which is the gateway's unless it has its own.
    const namespaces = server.routeNamespaces ?? new Set([this.team.namespace, ...this.admittedNamespaces]);
    const prefixes = [...namespaces].map((ns) => (ns === this.namespace ? '.' : ns)).sort();
    return prefixes.flatMap((prefix) => server.hosts.map((h) => `${prefix}/${h}`));
  }

  private servicePorts(): unknown[] {
    const status = { name: 'status-port', port: 15021, targetPort: k8s.IntOrString.fromNumber(15021), protocol: 'TCP', appProtocol: 'http' };
    const seen = new Set<number>();
    const ports = this.servers.filter((s) => !seen.has(s.port) && seen.add(s.port)).map((s) => ({
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
      // A Gateway API gateway's pods are Istio's: the policy attaches to the Gateway itself.
      const target = this.api === TrafficApi.GATEWAY_API ? { targetRefs: [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name: this.name }] } : { selector };
      return { ...target, action: 'ALLOW', rules: [{ to: [{ operation: { ports } }] }] };
    }
    // Source identities are known here because the sidecar → gateway hop is Istio mTLS.
    const rules = [...this.egressClients.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).flatMap(([, { principals, hosts, sniHosts }]) => {
      const callers = principals();
      if (callers.length === 0) return []; // a team without workloads has nobody to admit
      const from = [{ source: { principals: callers } }];
      return [
        ...(hosts.size > 0 ? [{ from, to: [{ operation: { hosts: [...hosts].sort() } }] }] : []),
        ...(sniHosts.size > 0 ? [{ from, to: [{ operation: { ports: [String(MTLS_PORT)] } }], when: [{ key: 'connection.sni', values: [...sniHosts].sort() }] }] : []),
      ];
    });
    // With no client, an ALLOW policy without rules admits nothing, which is the intent.
    return rules.length > 0 ? { selector, action: 'ALLOW', rules } : { selector, action: 'ALLOW' };
  }
}

/** The port of an egress gateway's Istio mTLS servers (what Istio's egress gateway tasks use). */
const MTLS_PORT = 443;

/** A gateway of another app: enough to bind routes to it and to grant it access. */
class ImportedTeamGateway extends Construct implements ITeamGateway {
  public readonly name: string;
  public readonly namespace: string;
  public readonly api: TrafficApi;
  private readonly serverHosts?: string[];
  private readonly admitsYourRoutes: boolean;

  constructor(scope: Construct, id: string, attributes: TeamGatewayAttributes) {
    super(scope, id);
    validateDnsLabel(attributes.namespace, `${this.node.path}.namespace`, 'namespace');
    validateDnsLabel(attributes.name, `${this.node.path}.name`, 'gateway name');
    (attributes.hosts ?? []).forEach((h, i) => validateHost(h, `${this.node.path}.hosts[${i}]`, { allowStar: true }));
    this.name = attributes.name;
    this.namespace = attributes.namespace;
    this.serverHosts = attributes.hosts ? [...attributes.hosts] : undefined;
    this.admitsYourRoutes = attributes.admitsYourRoutes ?? false;
    this.api = attributes.api ?? TrafficApi.ISTIO;
  }

  public get callerIdentity(): Caller {
    return Caller.gateway(this.namespace, this.name, this.api);
  }

  public get hosts(): string[] {
    return [...(this.serverHosts ?? [])];
  }

  public referenceFrom(namespace: string): string {
    return namespace === this.namespace ? this.name : `${this.namespace}/${this.name}`;
  }

  public admitsRoutesFrom(namespace: string): boolean {
    return namespace === this.namespace || this.admitsYourRoutes;
  }

  public servesHost(host: string): boolean {
    return this.serverHosts === undefined || this.serverHosts.some((h) => hostCovers(h, host) || hostCovers(host, h));
  }
}
