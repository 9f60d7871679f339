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

/** The SPIFFE trust domain of the mesh (Istio's default). */
export const TRUST_DOMAIN = 'cluster.local';

/** The principal (SPIFFE identity) of a service account, as AuthorizationPolicies name it. */
export function principalOf(namespace: string, serviceAccount: string): string {
  return `${TRUST_DOMAIN}/ns/${namespace}/sa/${serviceAccount}`;
}

/** Something that can be granted access to a service. */
export interface ICaller {
  /** The identity the grant admits. */
  readonly callerIdentity: Caller;
}

/** A caller identity: one ServiceAccount's principal, or every workload of a namespace. */
export class Caller implements ICaller {
  /**
   * The pods of a `TeamGateway` (whose ServiceAccount is named like the gateway), possibly
   * declared in another app.
   */
  public static gateway(namespace: string, name: string): Caller {
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

  private static named(namespace: string, name: string, what: string, reference: string): Caller {
    validateDnsLabel(namespace, `Caller.${what.replace(' ', '')}`, 'namespace');
    validateDnsLabel(name, `Caller.${what.replace(' ', '')}`, `${what} name`);
    return new Caller(namespace, principalOf(namespace, name), `${what} ${namespace}/${name}`, reference);
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
