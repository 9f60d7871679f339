/**
 * A VirtualService: hosts, the gateways (and/or the mesh) it is bound to, and ordered HTTP rules.
 * Cross-namespace references are written the way Istio needs them: gateways of another
 * namespace as `ns/name`, destinations always fully qualified (seed 000's trap, closed).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { VirtualService } from '../../imports/networking.istio.io';
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { serviceNamespaceOf } from '../model/hosts';
import { HttpRuleOptions, renderHttpRule } from '../routing/http-rule';
import { renderTlsRule, TlsRuleOptions } from '../routing/tls-rule';
import { validateDnsLabel, validateHost, validateUnique } from '../routing/validate';
import { AccessGraph } from './access-graph';
import { metadataFor } from './labels';
import { Team } from './team';
import { TeamGateway } from './team-gateway';

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
   * Gateways the route is bound to. Each must have a server accepting every host.
   * @default - none (mesh only)
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
   */
  readonly gateways?: TeamGateway[];
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

/** A VirtualService: hosts, gateways and/or the mesh, ordered HTTP and TLS rules. */
export class CanaryRoute extends Construct {
  /** Name of the VirtualService. */
  public readonly name: string;
  /** The team namespace it lives in. */
  public readonly namespace: string;
  /** The hosts it answers for. */
  public readonly hosts: readonly string[];
  /** The gateways it is bound to. */
  public readonly gateways: readonly TeamGateway[];
  /** Whether it also applies to sidecars in the mesh. */
  public readonly mesh: boolean;
  private readonly rules: Record<string, unknown>[] = [];
  private readonly tlsRules: Record<string, unknown>[] = [];
  private readonly team: Team;

  constructor(scope: Construct, id: string, props: CanaryRouteProps) {
    super(scope, id);
    this.team = Team.of(this);
    this.namespace = this.team.namespace;
    this.name = props.name ?? id;
    validateDnsLabel(this.name, `${this.node.path}.name`, 'route name');
    this.gateways = [...(props.gateways ?? [])];
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

    new VirtualService(this, 'VirtualService', {
      metadata: metadataFor(this.name, this.namespace),
      spec: {
        hosts: this.hosts as string[],
        gateways: this.gatewayReferences(),
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
    this.tlsRules.push(renderTlsRule(rule, this.hosts, where));
    this.recordCalls([rule.destination.host]);
  }

  /** Appends a rule (rules are tried in order). */
  public addRule(rule: HttpRuleOptions): void {
    const where = `${this.node.path}.http[${this.rules.length}]`;
    const rendered = renderHttpRule(rule, where);
    this.rules.push(rendered);
    this.recordCalls([...rule.action.targets, ...(rule.mirror ? [rule.mirror] : [])].map((t) => t.host));
  }

  /**
   * The callers behind this route — its gateways' pods, and the team's own workloads when it
   * applies in the mesh — may reach `hosts`: their AuthorizationPolicies and the team's Sidecar
   * must let them.
   */
  private recordCalls(hosts: string[]): void {
    const graph = AccessGraph.of(this);
    for (const host of hosts) {
      for (const gateway of this.gateways) graph.addCall(gateway, host);
      if (this.mesh) {
        graph.addCall(this.team, host);
        const ns = serviceNamespaceOf(host);
        if (ns) this.team.allowEgressTo(ns, host);
      }
    }
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
