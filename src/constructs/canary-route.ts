/**
 * A VirtualService: hosts, the gateways (and/or the mesh) it is bound to, and ordered HTTP rules.
 * Cross-namespace references are written the way Istio needs them: gateways of another
 * namespace as `ns/name`, destinations always fully qualified (seed 000's trap, closed).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpRoute, TlsRoute } from '../../imports/gateway.networking.k8s.io';
import { VirtualService } from '../../imports/networking.istio.io';
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { CLUSTER_DOMAIN, serviceNamespaceOf } from '../model/hosts';
import { Destination } from '../routing/destination';
import { HttpRuleOptions, renderHttpRule } from '../routing/http-rule';
import { renderTlsRule, TlsRuleOptions } from '../routing/tls-rule';
import { validateDnsLabel, validateHost, validateUnique } from '../routing/validate';
import { Caller } from './caller';
import { toHttpRouteRules } from './gateway-api/http-route-rules';
import { toTlsRouteRules } from './gateway-api/tls-route-rules';
import { checkGatewaySameApi, gatewayParentRefs, routeAttachments } from './gateway-api-route';
import { metadataFor } from './labels';
import { MeshRegistry, RegisteredService } from './mesh-registry';
import { RouteBackends } from './route-backends';
import { Team } from './team';
import { ITeamGateway } from './team-gateway';
import { TrafficApi } from './traffic-api';
import { versionServiceName } from './version-services';

/** Options for a route (a VirtualService). */
export interface CanaryRouteProps {
  /**
   * Name of the VirtualService.
   * @default - the construct id
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
   */
  readonly name?: string;
  /**
   * Hosts this route answers for: a service's `host` for mesh traffic, public names for gateways.
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
   */
  readonly hosts: string[];
  /**
   * Gateways the route is bound to. Each must have a server accepting every host, and a
   * gateway of another team must have admitted this team (`gateway.allowRoutesFrom(team)`).
   * @default - none (mesh only)
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
   */
  readonly gateways?: ITeamGateway[];
  /**
   * Also apply to calls from sidecars in the mesh.
   * @default - true when no gateway is given, false otherwise
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
   */
  readonly mesh?: boolean;
  /**
   * Ordered HTTP rules; the first match wins. More with `addRule()`.
   * @default - none yet
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
   */
  readonly http?: HttpRuleOptions[];
  /**
   * Ordered rules for TLS passed through undecrypted (gateway PASSTHROUGH servers, HTTPS from
   * workloads), matched by SNI. More with `addTlsRule()`.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#TLSRoute
   */
  readonly tls?: TlsRuleOptions[];
}

/**
 * A VirtualService: hosts, gateways and/or the mesh, ordered HTTP and TLS rules.
 *
 * In a Team on the Gateway API the same rules (rendered and validated as for Istio) become an
 * HTTPRoute named like the VirtualService (parentRefs: the gateways, and for the mesh each
 * host's Service; `<name>-mesh` holds the mesh half when the route has both) and, for TLS
 * rules, a TLSRoute. Versions are their per-version Services; a rule without a Gateway API form
 * fails at construction (CIT020).
 */
export class CanaryRoute extends Construct {
  /** Name of the VirtualService. */
  public readonly name: string;
  /** The team namespace it lives in. */
  public readonly namespace: string;
  /** The hosts it answers for. */
  public readonly hosts: readonly string[];
  /** The gateways it is bound to. */
  public readonly gateways: readonly ITeamGateway[];
  /** Whether it also applies to sidecars in the mesh. */
  public readonly mesh: boolean;
  private readonly rules: Record<string, unknown>[] = [];
  private readonly tlsRules: Record<string, unknown>[] = [];
  private readonly team: Team;
  /** Services of other teams this route sends to: their owners must have granted its callers. */
  private readonly foreignServices = new Set<RegisteredService>();
  /** This team's services this route sends to in the mesh: their callers must see the route. */
  private readonly ownMeshServices = new Set<RegisteredService>();
  /** Gateway API only: how destinations and mesh hosts are named there. */
  private readonly backends?: RouteBackends;

  constructor(scope: Construct, id: string, props: CanaryRouteProps) {
    super(scope, id);
    this.team = Team.of(this);
    this.namespace = this.team.namespace;
    this.name = props.name ?? id;
    validateDnsLabel(this.name, `${this.node.path}.name`, 'route name');
    this.gateways = [...(props.gateways ?? [])];
    this.gateways.forEach((gateway, i) => checkGatewaySameApi(this.team.api, this.namespace, gateway, `${this.node.path}.gateways[${i}]`));
    this.gateways.forEach((gateway, i) => {
      if (!gateway.admitsRoutesFrom(this.namespace)) {
        throw new IstioTrafficError(ErrorCodes.GATEWAY_NOT_ADMITTED, `${this.node.path}.gateways[${i}]`,
          `gateway ${gateway.namespace}/${gateway.name} belongs to team ${gateway.namespace}, which did not admit routes of team ${this.namespace}`, `${gateway.namespace}/${gateway.name}`,
          `the owner of the gateway adds \`gateway.allowRoutesFrom(team)\` for team ${this.namespace} (from another repo: \`allowRoutesFromNamespace('${this.namespace}')\`), or bind the route to a gateway of team ${this.namespace}`);
      }
    });
    this.mesh = props.mesh ?? this.gateways.length === 0;
    if (!this.mesh && this.gateways.length === 0) {
      throw new IstioTrafficError(ErrorCodes.CONFLICT, `${this.node.path}.mesh`, 'a route bound to no gateway and not to the mesh applies nowhere', props.mesh,
        'give gateways, or leave mesh at its default');
    }
    const hosts = props.hosts ?? [];
    if (hosts.length === 0) throw new IstioTrafficError(ErrorCodes.HOST, `${this.node.path}.hosts`, 'a route needs at least one host', hosts, 'list the hosts it answers for');
    hosts.forEach((host, i) => validateHost(host, `${this.node.path}.hosts[${i}]`, { allowStar: !this.mesh }));
    validateUnique(hosts, `${this.node.path}.hosts`, 'host');
    this.hosts = [...hosts];

    if (this.team.api === TrafficApi.GATEWAY_API) {
      this.backends = new RouteBackends({ namespace: this.namespace, path: this.node.path, registry: MeshRegistry.of(this) });
      for (const rule of props.http ?? []) this.addRule(rule);
      for (const rule of props.tls ?? []) this.addTlsRule(rule);
      return;
    }
    new VirtualService(this, 'VirtualService', {
      metadata: metadataFor(this.name, this.namespace),
      spec: {
        hosts: this.hosts as string[],
        gateways: this.gatewayReferences(),
        exportTo: Lazy.any({ produce: () => this.exportTo() }) as unknown as string[],
        http: Lazy.any({ produce: () => (this.rules.length > 0 ? this.rules : undefined) }),
        tls: Lazy.any({ produce: () => (this.tlsRules.length > 0 ? this.tlsRules : undefined) }),
      },
    });
    for (const rule of props.http ?? []) this.addRule(rule);
    for (const rule of props.tls ?? []) this.addTlsRule(rule);
  }

  /** Appends a TLS (SNI) rule. */
  public addTlsRule(rule: TlsRuleOptions): void {
    const where = `${this.node.path}.tls[${this.tlsRules.length}]`;
    const rendered = renderTlsRule(rule, this.hosts, where);
    if (this.backends) {
      // Checked now, so that a rule without a Gateway API form fails here (CIT020).
      routeAttachments({ gateways: this.gateways, mesh: this.mesh, hosts: this.hosts, backends: this.backends, tls: true, where: this.node.path });
      toTlsRouteRules([...this.tlsRules, rendered], this.backends, this.node.path);
      this.addTlsRoute(this.tlsRules.length);
    }
    this.tlsRules.push(rendered);
    this.recordCalls([rule.destination]);
  }

  /** Appends a rule (rules are tried in order). */
  public addRule(rule: HttpRuleOptions): void {
    const where = `${this.node.path}.http[${this.rules.length}]`;
    const rendered = renderHttpRule(rule, where);
    if (this.backends) {
      toHttpRouteRules([...this.rules, rendered], this.backends, this.node.path);
      this.attachHttpRoutes();
    }
    this.rules.push(rendered);
    this.recordCalls([...rule.action.targets, ...(rule.mirror ? [rule.mirror] : [])]);
  }

  /**
   * The HTTPRoute(s) of this route, made with its first rule: `<name>` for its gateways,
   * `<name>-mesh` (or `<name>` alone) for the mesh. Their rules are converted again at synth, so
   * rules added later are in them.
   */
  private attachHttpRoutes(): void {
    if (this.node.tryFindChild('HttpRoute') || this.node.tryFindChild('HttpRoute-mesh')) return;
    const attachments = routeAttachments({ gateways: this.gateways, mesh: this.mesh, hosts: this.hosts, backends: this.backends!, tls: false, where: this.node.path });
    for (const attachment of attachments) {
      new HttpRoute(this, `HttpRoute${attachment.suffix}`, {
        metadata: metadataFor(`${this.name}${attachment.suffix}`, this.namespace),
        spec: Lazy.any({
          produce: () => ({
            parentRefs: attachment.parentRefs(),
            ...(attachment.hostnames ? { hostnames: attachment.hostnames } : {}),
            rules: toHttpRouteRules(this.rules, this.backends!, this.node.path),
          }),
        }),
      });
    }
  }

  /**
   * The TLSRoute of TLS rule `index`: a TLSRoute matches by its hostnames only, so each rule is
   * one (toTlsRouteRules in src/constructs/gateway-api). The first is named like the route, the others
   * `<name>-tls-<index>`.
   */
  private addTlsRoute(index: number): void {
    new TlsRoute(this, `TlsRoute-${index}`, {
      metadata: metadataFor(index === 0 ? this.name : `${this.name}-tls-${index}`, this.namespace),
      spec: Lazy.any({
        produce: () => {
          const part = toTlsRouteRules(this.tlsRules, this.backends!, this.node.path)[index];
          return {
            parentRefs: this.gateways.flatMap((g) => gatewayParentRefs(g, part.hostnames, true)),
            hostnames: part.hostnames,
            rules: part.rules,
          };
        },
      }),
    });
  }

  /**
   * The callers behind this route are its gateways' pods and, in the mesh, the team's sidecars.
   * A service of this team is the route author's own: its gateways are granted by the route
   * itself. A service of another team must have granted them (checked at synth, once every
   * grant is declared): a route never edits another team's policy.
   */
  private recordCalls(destinations: Destination[]): void {
    const registry = MeshRegistry.of(this);
    for (const { host, subset } of destinations) {
      const service = registry.serviceFor(host);
      if (service && service.api !== this.team.api) otherApi(`${this.node.path}.http`, this.team, service);
      if (service && service.namespace === this.namespace) {
        for (const gateway of this.gateways) service.allowFrom(gateway);
        if (this.mesh) this.ownMeshServices.add(service);
      } else if (service) {
        this.foreignServices.add(service);
      }
      if (this.mesh) {
        const ns = serviceNamespaceOf(host);
        if (ns) this.team.allowEgressTo(ns, host);
        // On the Gateway API the sidecars send to the version's own Service.
        if (ns && service && subset !== undefined && this.backends) this.team.allowEgressTo(ns, `${versionServiceName(service.name, subset)}.${ns}.${CLUSTER_DOMAIN}`);
      }
    }
  }

  /**
   * Where this VirtualService applies: its own namespace, the namespaces of the gateways it binds
   * to (istiod only attaches routes exported to the gateway's namespace) and, for this team's own
   * services, the namespaces their owner granted (so a canary split applies to every granted
   * caller). A route for another team's service stays in this namespace.
   */
  private exportTo(): string[] {
    const namespaces = new Set<string>();
    for (const gateway of this.gateways) namespaces.add(gateway.namespace);
    for (const service of this.ownMeshServices) for (const ns of service.exportTo()) namespaces.add(ns);
    namespaces.delete(this.namespace);
    namespaces.delete('.');
    return ['.', ...[...namespaces].sort()];
  }

  private gatewayReferences(): string[] {
    const refs = this.gateways.map((g) => g.referenceFrom(this.namespace));
    if (this.mesh) refs.push('mesh');
    return refs;
  }

  /**
   * A route needs rules, and every host must be accepted by a server of every gateway the route
   * is bound to (else Istio ignores it there: IST0132).
   * @internal
   */
  public _checkBeforeSynth(): void {
    if (this.rules.length === 0 && this.tlsRules.length === 0) {
      throw new IstioTrafficError(ErrorCodes.RULE_ACTION, `${this.node.path}.http`, 'a route needs at least one rule', 0, 'pass http: [...] (or tls: [...]), or call addRule()');
    }
    const where = `${this.node.path}.http`;
    for (const service of [...this.foreignServices].sort((a, b) => (a.host < b.host ? -1 : 1))) {
      for (const gateway of this.gateways) {
        if (!service.admits(gateway.callerIdentity)) notGranted(where, gateway.callerIdentity, service);
      }
    }
    // A mesh route applies to whoever calls from this namespace: if the destination's owner
    // admitted nobody here, the route can never succeed (what `check` reports as CIT130).
    if (this.mesh) {
      for (const service of [...this.foreignServices, ...this.ownMeshServices].sort((a, b) => (a.host < b.host ? -1 : 1))) {
        if (!service.admitsSomeoneFrom(this.namespace)) notGranted(where, this.team.callerIdentity, service);
      }
    }
    for (const gateway of this.gateways) {
      for (const host of this.hosts) {
        if (!gateway.servesHost(host)) {
          throw new IstioTrafficError(ErrorCodes.HOST_NOT_SERVED, `${this.node.path}.hosts`, `gateway ${gateway.namespace}/${gateway.name} does not serve this host`, host,
            `add "${host}" to a server of the gateway (it serves: ${gateway.hosts.join(', ') || 'nothing yet'}) or remove it from the route`);
        }
      }
    }
  }
}

/** A route and a service on different APIs cannot meet: refused, naming both teams. */
function otherApi(where: string, team: Team, service: RegisteredService): never {
  throw new IstioTrafficError(ErrorCodes.NO_GATEWAY_API_FORM, where,
    `the route of team ${team.namespace} is written in ${team.api.description}, but VersionedService ${service.namespace}/${service.name} belongs to a team on ${service.api.description}` +
    (service.api === TrafficApi.GATEWAY_API ? ': it has no DestinationRule subsets' : ': it has no per-version Services and no ReferenceGrants'),
    `${service.namespace}/${service.name}`,
    `put team ${team.namespace} and team ${service.namespace} on the same API (the Team's api prop), for now`);
}

/**
 * Throws the coded error for a call the owner did not grant, naming the grant the owner must
 * add: with the caller object in a monorepo, or by identity from another chart repo.
 */
function notGranted(where: string, caller: Caller, service: RegisteredService): never {
  throw new IstioTrafficError(ErrorCodes.NOT_GRANTED, where,
    `VersionedService ${service.namespace}/${service.name} (${service.node.path}) does not admit ${caller.description}: its owner did not grant it`, caller.description,
    caller.principal === undefined
      ? `the owner of ${service.name} (team ${service.namespace}) grants the workloads of team ${caller.namespace} that call it: \`${service.name}.allowFrom(callingService)\` or by identity \`${service.name}.allowFrom(Caller.serviceAccount('${caller.namespace}', '<service account>'))\` (the whole team: \`${service.name}.allowFrom(${caller.reference})\`), or drop the route`
      : `the owner of ${service.name} (team ${service.namespace}) adds \`${service.name}.allowFrom(${caller.reference})\` (or passes the caller construct itself), or route elsewhere`);
}
