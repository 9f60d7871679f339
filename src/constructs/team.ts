/**
 * A team: one Chart, one namespace with sidecar injection on, and the namespace-wide Sidecar that
 * limits what the team's workloads can reach (REGISTRY_ONLY: only hosts in the registry, and of
 * those only the ones this namespace declares or routes to).
 */
import { ApiObject, Chart, ChartProps, JsonPatch, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { Sidecar } from '../../imports/networking.istio.io';
import { AuthorizationPolicy, PeerAuthentication } from '../../imports/security.istio.io';
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { validateDnsLabel } from '../routing/validate';
import { Caller, ICaller, principalOf } from './caller';
import { metadataFor } from './labels';
import { MeshRegistry } from './mesh-registry';
import { TeamNetworkPolicies } from './network-policies';
import { TrafficApi } from './traffic-api';

/** The outbound policy of a team's sidecars. */
export enum OutboundTrafficPolicy {
  /** Only hosts in the service registry (Services and ServiceEntries) are reachable; others get 502. */
  REGISTRY_ONLY = 'REGISTRY_ONLY',
  /** Unknown hosts are passed through untouched (Istio's default). */
  ALLOW_ANY = 'ALLOW_ANY',
}

/** Options for a team: its namespace and the security baseline it gets. */
export interface TeamProps extends ChartProps {
  /**
   * The team's namespace (a DNS-1123 label); every object of the team lives in it.
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
   */
  readonly namespace: string;
  /**
   * The outbound policy of the team's sidecars, set by a namespace-wide Sidecar resource.
   * @default OutboundTrafficPolicy.REGISTRY_ONLY
   * @see https://istio.io/latest/docs/reference/config/networking/sidecar/#OutboundTrafficPolicy
   */
  readonly outboundTrafficPolicy?: OutboundTrafficPolicy;
  /**
   * Write the namespace-wide Sidecar at all. Turn off when the platform manages Sidecars.
   * @default true
   * @see https://istio.io/latest/docs/reference/config/networking/sidecar/
   */
  readonly sidecar?: boolean;
  /**
   * Require mutual TLS for every workload of the namespace (PeerAuthentication `STRICT`).
   * @default true
   * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
   */
  readonly strictMtls?: boolean;
  /**
   * Deny every request in the namespace unless an ALLOW policy admits it (an empty
   * AuthorizationPolicy). The constructs then write ALLOW policies from the owners' grants: a
   * service admits the gateways of its own team's routes to it and the callers granted with
   * `allowFrom(...)`, and nothing else.
   * @default true
   * @see https://istio.io/latest/docs/ops/best-practices/security/#use-default-deny-patterns
   */
  readonly defaultDeny?: boolean;
  /**
   * Extra labels for the Namespace (they may override the Pod Security labels).
   * @default - `istio-injection: enabled` and the Pod Security labels of `istioCni`
   * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/
   */
  readonly namespaceLabels?: Record<string, string>;
  /**
   * Whether the cluster runs Istio CNI. With it, injected pods need no privileged init container,
   * so the Namespace enforces the `restricted` Pod Security Standard; without it, istio-init needs
   * NET_ADMIN and NET_RAW and the Namespace must allow `privileged` pods.
   * @default true
   * @see https://istio.io/latest/docs/setup/additional-setup/cni/
   */
  readonly istioCni?: boolean;
  /**
   * Write NetworkPolicies that back the egress lockdown at L3/L4: the team's pods may only reach
   * DNS, istiod, in-mesh namespaces and the ports of the external hosts they declared (egress
   * gateways: their external hosts' ports). Needs a CNI plugin that enforces NetworkPolicy.
   * @default true
   * @see https://istio.io/latest/docs/ops/best-practices/security/#use-kubernetes-network-policies
   */
  readonly networkPolicies?: boolean;
  /**
   * Which API the team's traffic objects are written in. On the Gateway API, a `TeamGateway` is
   * a Gateway API `Gateway` (deployed by Istio), versions are Services of their own, routes are
   * HTTPRoutes/TLSRoutes and cross-namespace backends get ReferenceGrants from the owner's
   * grants; a feature without a Gateway API form fails at construction (CIT020). The security
   * baseline (PeerAuthentication, allow-nothing, Sidecar, NetworkPolicies, Pod Security) is the
   * same on both.
   * @default TrafficApi.ISTIO
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
   */
  readonly api?: TrafficApi;
}

/** Constructs with checks that can only run once the whole team is known. */
export interface SynthCheck {
  /** @internal */
  _checkBeforeSynth(): void;
}

const TEAM_SYMBOL = Symbol.for('cdk8s-istio-traffic.Team');

/** The Pod Security Standard a team's Namespace enforces. */
function podSecurityLabels(istioCni: boolean): Record<string, string> {
  // Without Istio CNI, every injected pod has an istio-init container with NET_ADMIN/NET_RAW,
  // which only the `privileged` level admits.
  const level = istioCni ? 'restricted' : 'privileged';
  return { 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/enforce-version': 'latest' };
}

export class Team extends Chart implements ICaller {
  /** The Team a construct belongs to; throws a clear error when it is not inside one. */
  public static of(construct: IConstruct): Team {
    for (let scope: IConstruct | undefined = construct; scope; scope = scope.node.scope) {
      if ((scope as any)[TEAM_SYMBOL]) return scope as Team;
    }
    throw new IstioTrafficError(ErrorCodes.CONFLICT, construct.node.path, 'this construct must be created inside a Team', construct.node.id,
      'create it with a Team (or a construct inside one) as its scope');
  }

  /** The namespace of every object of this team. */
  public readonly namespace: string;
  /** Which API the team's traffic objects are written in. */
  public readonly api: TrafficApi;
  /** Whether the namespace denies by default, so constructs must write ALLOW policies. */
  public readonly defaultDeny: boolean;
  /** The Pod Security labels of the team's namespaces (its own, and its gateways' own). */
  public readonly podSecurityLabels: Record<string, string>;
  /** Egress NetworkPolicies of the namespace, when on. */
  public readonly networkPolicies?: TeamNetworkPolicies;
  private readonly egressHosts = new Set<string>();
  private readonly serviceAccounts = new Set<string>();

  constructor(scope: Construct, id: string, props: TeamProps) {
    super(scope, id, { ...props, disableResourceNameHashes: true });
    Object.defineProperty(this, TEAM_SYMBOL, { value: true });
    validateDnsLabel(props.namespace, `${this.node.path}.namespace`, 'namespace');
    this.namespace = props.namespace;
    this.api = props.api ?? TrafficApi.ISTIO;
    MeshRegistry.of(this).claimNamespace(this.namespace, this.node.path);

    this.podSecurityLabels = podSecurityLabels(props.istioCni ?? true);
    const namespaceObject = new k8s.KubeNamespace(this, 'Namespace', {
      metadata: metadataFor(props.namespace, undefined, {
        ...this.podSecurityLabels,
        ...props.namespaceLabels,
        'istio-injection': 'enabled',
      }),
    });
    // The chart's namespace is the default of every object in it; a Namespace itself is
    // cluster-scoped and must not carry one.
    namespaceObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));

    if (props.strictMtls ?? true) {
      new PeerAuthentication(this, 'PeerAuthentication', {
        metadata: metadataFor('default', this.namespace),
        spec: { mtls: { mode: 'STRICT' as any } },
      });
    }

    this.defaultDeny = props.defaultDeny ?? true;
    if (this.defaultDeny) {
      // An AuthorizationPolicy with an empty spec matches every workload and allows nothing.
      new AuthorizationPolicy(this, 'AllowNothing', { metadata: metadataFor('allow-nothing', this.namespace), spec: {} });
    }

    if (props.sidecar ?? true) {
      const mode = props.outboundTrafficPolicy ?? OutboundTrafficPolicy.REGISTRY_ONLY;
      new Sidecar(this, 'Sidecar', {
        metadata: metadataFor('default', this.namespace),
        spec: Lazy.any({
          produce: () => ({
            egress: [{ hosts: this.sidecarEgressHosts() }],
            outboundTrafficPolicy: { mode },
          }),
        }),
      });
    }

    if (props.networkPolicies ?? true) this.networkPolicies = new TeamNetworkPolicies(this, 'NetworkPolicies', { namespace: this.namespace });
  }

  /**
   * Lets this team's sidecars see `host` of namespace `namespace` (`*` for any). Routes and
   * egress declarations call it; users rarely need to.
   */
  public allowEgressTo(namespace: string, host: string): void {
    if (namespace === this.namespace) return; // `./*` already covers the team's own namespace
    this.egressHosts.add(`${namespace}/${host}`);
  }

  /**
   * Runs the checks that need the whole team (gateways' final servers, rules added later…)
   * before any object is rendered. Done here rather than in cdk8s validations so that
   * `Testing.synth(chart)` — what chart repos snapshot — runs them too, and so that the error
   * reaches the user as the `IstioTrafficError` it is (cdk8s wraps errors thrown while
   * resolving an object).
   */
  public toJson(): any[] {
    this._runChecks();
    return super.toJson();
  }

  /**
   * The checks that run before this team's objects are rendered; `MeshApp` calls it too.
   * @param subtree the team's constructs, when the caller already has them
   * @internal
   */
  public _runChecks(subtree: readonly IConstruct[] = this.node.findAll()): void {
    for (const construct of subtree) {
      const check = (construct as unknown as Partial<SynthCheck>)._checkBeforeSynth;
      if (typeof check === 'function') check.call(construct);
    }
    this.checkUniqueNames(subtree);
  }

  /** Two objects of one kind with one name would overwrite each other when applied. */
  private checkUniqueNames(subtree: readonly IConstruct[]): void {
    const seen = new Map<string, string>();
    for (const object of subtree.filter((c): c is ApiObject => ApiObject.isApiObject(c))) {
      const key = `${object.kind} ${object.metadata.namespace ?? ''}/${object.name}`;
      const previous = seen.get(key);
      if (previous) {
        throw new IstioTrafficError(ErrorCodes.DUPLICATE, object.node.path, `two objects would both be ${key}`, object.name,
          `rename one of them (the other is ${previous}), e.g. with the construct's name prop`);
      }
      seen.set(key, object.node.path);
    }
  }

  /**
   * Declares the service account of a workload of this team, so that the egress gateways this
   * team's `ExternalEgress` routes through admit it. VersionedService does this itself; call it
   * for your own Deployments. (Services admit callers only by their owner's `allowFrom`.)
   */
  public addWorkloadIdentity(serviceAccountName: string): void {
    validateDnsLabel(serviceAccountName, `${this.node.path}.serviceAccount`, 'service account name');
    this.serviceAccounts.add(serviceAccountName);
  }

  /** The identities of this team's workloads (their ServiceAccount principals), sorted. */
  public workloadPrincipals(): string[] {
    return [...this.serviceAccounts].sort().map((sa) => principalOf(this.namespace, sa));
  }

  /** Granting a Team admits every workload of its namespace (`source.namespaces`). */
  public get callerIdentity(): Caller {
    return Caller.team(this.namespace);
  }

  private sidecarEgressHosts(): string[] {
    return ['./*', 'istio-system/*', ...[...this.egressHosts].sort()];
  }
}
