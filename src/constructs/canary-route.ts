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
import { validateDnsLabel, validateHost, validateUnique } from '../routing/validate';
import { metadataFor } from './labels';
import { Team } from './team';
import { TeamGateway } from './team-gateway';

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
}

export class CanaryRoute extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly hosts: readonly string[];
  public readonly gateways: readonly TeamGateway[];
  public readonly mesh: boolean;
  private readonly rules: Record<string, unknown>[] = [];
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
        http: Lazy.any({ produce: () => this.renderRules() }),
      },
    });
    for (const rule of props.http ?? []) this.addRule(rule);
  }

  /** Appends a rule (rules are tried in order). */
  public addRule(rule: HttpRuleOptions): void {
    const where = `${this.node.path}.http[${this.rules.length}]`;
    const rendered = renderHttpRule(rule, where);
    this.rules.push(rendered);
    if (this.mesh) {
      // Sidecars of this team must be able to see cross-namespace destinations.
      for (const target of [...rule.action.targets, ...(rule.mirror ? [rule.mirror] : [])]) {
        const ns = serviceNamespaceOf(target.host);
        if (ns) this.team.allowEgressTo(ns, target.host);
      }
    }
  }

  private gatewayReferences(): string[] {
    const refs = this.gateways.map((g) => g.referenceFrom(this.namespace));
    if (this.mesh) refs.push('mesh');
    return refs;
  }

  private renderRules(): Record<string, unknown>[] {
    return this.rules;
  }

  /**
   * A route needs rules, and every host must be accepted by a server of every gateway the route
   * is bound to (else Istio ignores it there: IST0132).
   * @internal
   */
  public _checkBeforeSynth(): void {
    if (this.rules.length === 0) {
      throw new IstioTrafficError(ErrorCodes.RULE_ACTION, `${this.node.path}.http`, 'a route needs at least one rule', 0, 'pass http: [...] or call addRule()');
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
