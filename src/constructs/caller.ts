/**
 * Who may call a service: a workload identity (a ServiceAccount principal), or a whole team (a
 * namespace, by explicit opt-in). The owner of a service grants callers with
 * `service.allowFrom(caller)`; the grants become the service's ALLOW AuthorizationPolicy, the
 * `exportTo` of its DestinationRule, and what `CanaryRoute` checks before it routes there.
 *
 * Gateways, services and teams of the same app are callers themselves (`ICaller`); callers that
 * live in another app (another team's chart repo) are named by identity with the static
 * factories: `Caller.gateway('vamp-test2', 'gw-2')`.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source
 */
import { validateDnsLabel } from '../routing/validate';
import { TrafficApi } from './traffic-api';

/** The SPIFFE trust domain of the mesh (Istio's default). */
export const TRUST_DOMAIN = 'cluster.local';

/** The principal (SPIFFE identity) of a service account, as AuthorizationPolicies name it. */
export function principalOf(namespace: string, serviceAccount: string): string {
  return `${TRUST_DOMAIN}/ns/${namespace}/sa/${serviceAccount}`;
}

/**
 * The ServiceAccount (and Deployment and Service) Istio's automated deployment creates for
 * Gateway API Gateway `gateway` of class `istio`.
 * istiod: gatewaycommon GetDefaultName (`<name>-<gatewayClassName>`).
 */
export function gatewayApiServiceAccount(gateway: string): string {
  return `${gateway}-istio`;
}

/** Something that can be granted access to a service. */
export interface ICaller {
  /** The identity the grant admits. */
  readonly callerIdentity: Caller;
}

/** A caller identity: one ServiceAccount's principal, or every workload of a namespace. */
export class Caller implements ICaller {
  /**
   * The pods of a `TeamGateway`, possibly declared in another app. On Istio's APIs its
   * ServiceAccount is named like the gateway; on the Gateway API, Istio's automated deployment
   * runs it as `<name>-istio`.
   * @param api the API of the gateway's team (default `TrafficApi.ISTIO`)
   */
  public static gateway(namespace: string, name: string, api?: TrafficApi): Caller {
    if (api === TrafficApi.GATEWAY_API) {
      validateDnsLabel(name, 'Caller.gateway', 'gateway name');
      return Caller.named(namespace, gatewayApiServiceAccount(name), 'gateway', `Caller.gateway('${namespace}', '${name}', TrafficApi.GATEWAY_API)`, `gateway ${namespace}/${name}`);
    }
    return Caller.named(namespace, name, 'gateway', `Caller.gateway('${namespace}', '${name}')`);
  }

  /** The workloads running as ServiceAccount `serviceAccount` of `namespace`. */
  public static serviceAccount(namespace: string, serviceAccount: string): Caller {
    return Caller.named(namespace, serviceAccount, 'service account', `Caller.serviceAccount('${namespace}', '${serviceAccount}')`);
  }

  /**
   * Every workload of a namespace (a team grant): admits by `source.namespaces`, so it covers
   * workloads added later too. Prefer a per-identity grant.
   */
  public static team(namespace: string): Caller {
    validateDnsLabel(namespace, 'Caller.team', 'namespace');
    return new Caller(namespace, undefined, `team ${namespace}`, `Caller.team('${namespace}')`);
  }

  private static named(namespace: string, name: string, what: string, reference: string, description = `${what} ${namespace}/${name}`): Caller {
    validateDnsLabel(namespace, `Caller.${what.replace(' ', '')}`, 'namespace');
    validateDnsLabel(name, `Caller.${what.replace(' ', '')}`, `${what} name`);
    return new Caller(namespace, principalOf(namespace, name), description, reference);
  }

  /** The namespace the caller's workloads run in. */
  public readonly namespace: string;
  /** The SPIFFE principal; absent for a team grant (every workload of the namespace). */
  public readonly principal?: string;
  /** How messages name the caller: `gateway vamp-test2/gw-2`. */
  public readonly description: string;
  /** The TypeScript that names this caller from any app, for messages. */
  public readonly reference: string;

  private constructor(namespace: string, principal: string | undefined, description: string, reference: string) {
    this.namespace = namespace;
    this.principal = principal;
    this.description = description;
    this.reference = reference;
  }

  /** A caller is its own identity. */
  public get callerIdentity(): Caller {
    return this;
  }

  /** Whether the grant `this` admits `other` (the same principal, or `other` runs in a granted namespace). */
  public admits(other: Caller): boolean {
    return this.principal === undefined ? other.namespace === this.namespace : this.principal === other.principal;
  }

  /** A stable key for sets and sorting. */
  public get key(): string {
    return this.principal ?? `ns:${this.namespace}`;
  }
}
