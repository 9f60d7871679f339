/**
 * What one App's teams have claimed, so that ownership is checked where it is declared: which
 * Team owns a namespace, which ingress gateway serves a public host, and which VersionedService
 * owns a service host (so routes can ask the owner whether their callers were granted). One
 * registry per App, filled and read in O(1) per declaration, so 1,000 teams stay linear.
 */
import { IConstruct } from 'constructs';
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { hostCovers } from '../model/hosts';
import { append } from '../model/per-model';
import type { Caller, ICaller } from './caller';
import type { TrafficApi } from './traffic-api';

/** The registry's view of a service: what routes need to ask its owner's grants. */
export interface RegisteredService {
  readonly namespace: string;
  readonly name: string;
  readonly host: string;
  readonly node: { readonly path: string };
  /** The API of its owner team: routes to it must be written in the same one. */
  readonly api: TrafficApi;
  /** Its Service ports (a Gateway API backendRef to a Service must name one). */
  readonly ports: readonly { readonly port: number }[];
  allowFrom(caller: ICaller): void;
  admits(caller: Caller): boolean;
  admitsSomeoneFrom(namespace: string): boolean;
  exportTo(): string[];
}

/** The registry's view of an ExternalEgress: a ServiceEntry of one namespace. */
export interface RegisteredExternalHost {
  /** Name of the ServiceEntry. */
  readonly name: string;
  readonly namespace: string;
  readonly host: string;
  readonly port: number;
}

/** The registry's view of an ingress gateway. */
export interface RegisteredGateway {
  readonly namespace: string;
  readonly name: string;
  readonly node: { readonly path: string };
}

const REGISTRIES = new WeakMap<IConstruct, MeshRegistry>();

export class MeshRegistry {
  /** The registry of the App `scope` belongs to. */
  public static of(scope: IConstruct): MeshRegistry {
    const root = scope.node.root;
    let registry = REGISTRIES.get(root);
    if (!registry) {
      registry = new MeshRegistry();
      REGISTRIES.set(root, registry);
    }
    return registry;
  }

  private readonly teams = new Map<string, string>();
  private readonly services = new Map<string, RegisteredService>();
  /** ExternalEgress ServiceEntries by `<namespace>/<host>`: each team declares its own. */
  private readonly externalHosts = new Map<string, RegisteredExternalHost>();
  /** Exact public hosts, and the wildcard ones apart (few), so a claim costs O(wildcards). */
  private readonly exactHosts = new Map<string, { host: string; gateway: RegisteredGateway }[]>();
  private readonly wildcardHosts: { host: string; gateway: RegisteredGateway }[] = [];

  private constructor() {}

  /** Two Teams for one namespace would write the same objects over each other. */
  public claimNamespace(namespace: string, teamPath: string): void {
    const previous = this.teams.get(namespace);
    if (previous) {
      throw new IstioTrafficError(ErrorCodes.NAMESPACE_CLAIMED, teamPath, `namespace ${namespace} already belongs to the Team at ${previous}`, namespace,
        'create one Team per namespace and put all of its constructs in it');
    }
    this.teams.set(namespace, teamPath);
  }

  public registerService(service: RegisteredService): void {
    this.services.set(service.host, service);
  }

  public registerExternalHost(entry: RegisteredExternalHost): void {
    this.externalHosts.set(`${entry.namespace}/${entry.host}`, entry);
  }

  /** The ServiceEntry namespace `namespace` declared for external `host`, if any. */
  public externalHostFor(namespace: string, host: string): RegisteredExternalHost | undefined {
    return this.externalHosts.get(`${namespace}/${host}`);
  }

  /** The service of this App that owns `host`, if any. */
  public serviceFor(host: string): RegisteredService | undefined {
    return this.services.get(host);
  }

  /**
   * An ingress gateway claims a public host. Another team's gateway serving the same or an
   * overlapping name would split that name's traffic between two teams by DNS: refused.
   */
  public claimPublicHost(host: string, gateway: RegisteredGateway, where: string): void {
    const candidates = host.startsWith('*')
      ? [...this.wildcardHosts, ...[...this.exactHosts.values()].flat()]
      : [...(this.exactHosts.get(host) ?? []), ...this.wildcardHosts];
    const clash = candidates.find((c) => c.gateway.namespace !== gateway.namespace && (hostCovers(c.host, host) || hostCovers(host, c.host)));
    if (clash) {
      throw new IstioTrafficError(ErrorCodes.HOST_CLAIMED, where,
        `public host ${host} is already served by gateway ${clash.gateway.namespace}/${clash.gateway.name} of another team (${clash.gateway.node.path} serves ${clash.host})`, host,
        `serve each public name from one team's gateway: pick another name, or route it from the owner's gateway (the owner can admit your routes with gateway.allowRoutesFrom(team))`);
    }
    const entry = { host, gateway };
    if (host.startsWith('*')) this.wildcardHosts.push(entry);
    else append(this.exactHosts, host, entry);
  }
}
