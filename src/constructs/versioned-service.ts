/**
 * One service, many versions (seed 001's website v1..v3, seed 000's svc-1 with two): a Deployment
 * per version labelled `app` and `version`, one Service selecting `app` with ports named by
 * protocol, a ServiceAccount, and a DestinationRule with one subset per version. Versions added
 * with `addVersion()` after construction still land in the DestinationRule.
 * @see https://istio.io/latest/docs/concepts/traffic-management/#destination-rules
 */
import { Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DestinationRule } from '../../imports/networking.istio.io';
import { AuthorizationPolicy } from '../../imports/security.istio.io';
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { CLUSTER_DOMAIN } from '../model/hosts';
import { Destination } from '../routing/destination';
import { renderTrafficPolicy, TrafficPolicyOptions } from '../routing/traffic-policy';
import { validateDnsLabel, validatePort, validateRange } from '../routing/validate';
import { Caller, ICaller } from './caller';
import { metadataFor } from './labels';
import { MeshRegistry } from './mesh-registry';
import { ServiceReferenceGrants } from './reference-grants';
import { ServiceGrants } from './service-grants';
import { Team } from './team';
import { TeamGateway } from './team-gateway';
import { TrafficApi } from './traffic-api';
import { versionDeployment } from './version-deployment';
import { versionServiceName } from './version-services';

/** Application protocols, named the way Istio's protocol selection reads Service ports. */
export enum ServiceProtocol {
  /** HTTP/1.1 (and h2c). */
  HTTP = 'http',
  /** HTTP/2 in clear text. */
  HTTP2 = 'http2',
  /** gRPC. */
  GRPC = 'grpc',
  /** HTTPS terminated by the application: routed by SNI only. */
  HTTPS = 'https',
  /** TLS terminated by the application. */
  TLS = 'tls',
  /** Opaque TCP. */
  TCP = 'tcp',
}

/** One port of a VersionedService. */
export interface ServicePortOptions {
  /**
   * The Service port.
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
   */
  readonly port: number;
  /**
   * The container port traffic is sent to.
   * @default - same as `port`
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
   */
  readonly targetPort?: number;
  /**
   * The application protocol; names the port `<protocol>` or `<protocol>-<suffix>` and sets `appProtocol`.
   * @default ServiceProtocol.HTTP
   * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
   */
  readonly protocol?: ServiceProtocol;
  /**
   * Suffix for the port name (`http-admin`).
   * @default - none for the first port of a protocol, the port number otherwise
   * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
   */
  readonly nameSuffix?: string;
}

/**
 * One version of a VersionedService: a Deployment (unless traffic-only) and a DestinationRule
 * subset — on the Gateway API, a Service of its own (`<service>-<version>`) instead of the subset.
 */
export interface ServiceVersionOptions {
  /**
   * The subset name routes use (`v1`, `version-1`): a DNS-1123 label.
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#Subset
   */
  readonly name: string;
  /**
   * Container image of this version. Without it the version is traffic-only: its pods are
   * deployed elsewhere (Helm, Argo CD, another repo), found by `podLabels`, and no Deployment is
   * written — only the subset, the Service and the policies.
   * @default - traffic-only
   * @see https://kubernetes.io/docs/concepts/containers/images/
   */
  readonly image?: string;
  /**
   * The labels that pick this version's pods (the DestinationRule subset's labels). For a
   * version deployed here they are also set on its pods, with the service's selector.
   * @default - `{ version: <versionLabel> }`
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#Subset
   */
  readonly podLabels?: Record<string, string>;
  /**
   * The application container: env, envFrom, ports, probes, resources, volumeMounts, command,
   * args, securityContext… merged over the hardened defaults (non-root, no privilege escalation,
   * read-only root filesystem with a writable emptyDir at /tmp, requests 100m CPU / 128Mi and a
   * 512Mi memory limit). The Deployment itself is `service.deploymentOf(version)`.
   * @default - the hardened defaults with the service's ports
   * @see https://cdk8s.io/docs/latest/plus/cdk8s-plus-27/container/
   */
  readonly container?: kplus.ContainerOpts;
  /**
   * Pod volumes the container can mount (`container.volumeMounts`).
   * @default - only the /tmp emptyDir when the root filesystem is read-only
   * @see https://cdk8s.io/docs/latest/plus/cdk8s-plus-27/volume/
   */
  readonly volumes?: kplus.Volume[];
  /**
   * Value of the pods' `version` label.
   * @default - the version name
   * @see https://istio.io/latest/docs/ops/deployment/application-requirements/
   */
  readonly versionLabel?: string;
  /**
   * Name of the version's Deployment.
   * @default - `<service>-<version>`
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
   */
  readonly deploymentName?: string;
  /**
   * Pod replicas of this version.
   * @default 1
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
   */
  readonly replicas?: number;
  /**
   * UID the container runs as: never 0 (root; the kubelet refuses it under runAsNonRoot) and
   * never 1337 (Istio's proxy UID, whose traffic the sidecar does not capture).
   * @default 1000
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
   */
  readonly runAsUser?: number;
}

/** Options for a service with several versions. */
export interface VersionedServiceProps {
  /**
   * Name of the Service, the `app` label, the ServiceAccount and the DestinationRule.
   * @default - the construct id
   * @see https://kubernetes.io/docs/concepts/services-networking/service/
   */
  readonly name?: string;
  /**
   * Service ports.
   * @default - one HTTP port 80
   * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
   */
  readonly ports?: ServicePortOptions[];
  /**
   * Versions; more can be added with `addVersion()`.
   * @default - none yet
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#Subset
   */
  readonly versions?: ServiceVersionOptions[];
  /**
   * Load balancing, connection pool and outlier detection for every version. On the Gateway API
   * (no subsets) the same policy is written for the shared host and every per-version host.
   * @default - Istio's defaults
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy
   */
  readonly trafficPolicy?: TrafficPolicyOptions;
  /**
   * The Service's selector, shared by every version (set on the pods of versions deployed here).
   * For pods deployed elsewhere, the labels they carry.
   * @default - `{ app: <name> }`
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
   */
  readonly selector?: Record<string, string>;
  /**
   * An existing ServiceAccount the service's pods run as (its principal is what other services
   * grant); no ServiceAccount is written then. Use it for pods deployed elsewhere.
   * @default - a ServiceAccount named like the service is written
   * @see https://istio.io/latest/docs/concepts/security/#istio-identity
   */
  readonly serviceAccountName?: string;
}

/** A service that routes can send to: declared in this app, or imported with `fromAttributes`. */
export interface IVersionedService {
  /** Service name. */
  readonly name: string;
  /** The namespace it lives in. */
  readonly namespace: string;
  /** The fully qualified host. */
  readonly host: string;
  /** A destination for one version (subset). */
  subset(name: string, port?: number): Destination;
  /** A destination for the whole service. */
  destination(port?: number): Destination;
}

/** What a route needs to know of a service owned by another app (another team's chart repo). */
export interface VersionedServiceAttributes {
  /**
   * The service's namespace.
   * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
   */
  readonly namespace: string;
  /**
   * The Service name.
   * @see https://kubernetes.io/docs/concepts/services-networking/service/
   */
  readonly name: string;
  /**
   * The versions (DestinationRule subsets) its owner declares.
   * @default - none: only `destination()` can be used
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#Subset
   */
  readonly versions?: string[];
  /**
   * The Service ports.
   * @default [80]
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
   */
  readonly ports?: number[];
}

/** One service, many versions: Deployments, a Service, a DestinationRule with a subset per version. */
export class VersionedService extends Construct implements IVersionedService, ICaller {
  /**
   * A service owned by another app, for routes of this one. Grants are its owner's business:
   * the owner's app must `allowFrom(Caller.gateway(...))` the callers that route here.
   */
  public static fromAttributes(scope: Construct, id: string, attributes: VersionedServiceAttributes): IVersionedService {
    return new ImportedVersionedService(scope, id, attributes);
  }

  /** Service name (and `app` label). */
  public readonly name: string;
  /** The team namespace it lives in. */
  public readonly namespace: string;
  /** The fully qualified host: the same from every namespace. */
  public readonly host: string;
  /** The Service ports as declared. */
  public readonly ports: readonly Required<Omit<ServicePortOptions, 'nameSuffix'>>[];
  /** The Service's selector, shared by every version. */
  public readonly selector: Record<string, string>;
  /** The ServiceAccount the service's pods run as: its principal is what grants admit. */
  public readonly serviceAccountName: string;
  /** The API of its team: on the Gateway API every version is a Service of its own. */
  public readonly api: TrafficApi;
  private readonly versions: { name: string; subsetLabels: Record<string, string> }[] = [];
  private readonly deployments = new Map<string, kplus.Deployment>();
  private readonly serviceAccount: kplus.IServiceAccount;
  private readonly grants: ServiceGrants;
  private readonly renderedPorts: k8s.ServicePort[];
  private readonly trafficPolicy?: Record<string, unknown>;
  private readonly referenceGrants?: ServiceReferenceGrants;

  constructor(scope: Construct, id: string, props: VersionedServiceProps = {}) {
    super(scope, id);
    this.namespace = Team.of(this).namespace;
    this.name = props.name ?? id;
    validateDnsLabel(this.name, `${this.node.path}.name`, 'service name');
    this.host = `${this.name}.${this.namespace}.${CLUSTER_DOMAIN}`;
    const ports = props.ports ?? [{ port: 80 }];
    const rendered = renderPorts(ports, `${this.node.path}.ports`);
    this.ports = ports.map((p) => ({ port: p.port, targetPort: p.targetPort ?? p.port, protocol: p.protocol ?? ServiceProtocol.HTTP }));
    this.selector = { ...(props.selector ?? { app: this.name }) };
    if (Object.keys(this.selector).length === 0) {
      throw new IstioTrafficError(ErrorCodes.RANGE, `${this.node.path}.selector`, 'a Service without a selector selects no pods', props.selector, 'give the labels the pods carry, e.g. { app: "shop" }');
    }

    const team = Team.of(this);
    this.api = team.api;
    this.renderedPorts = rendered;
    this.grants = new ServiceGrants(this.namespace);
    MeshRegistry.of(this).registerService(this);
    this.serviceAccountName = props.serviceAccountName ?? this.name;
    validateDnsLabel(this.serviceAccountName, `${this.node.path}.serviceAccountName`, 'service account name');
    if (props.serviceAccountName) {
      // It exists already (Helm, another repo): only referenced, for Deployments and principals.
      this.serviceAccount = kplus.ServiceAccount.fromServiceAccountName(this, 'ServiceAccount', this.serviceAccountName);
    } else {
      this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
        metadata: metadataFor(this.name, this.namespace, { app: this.name }),
        // The app needs no Kubernetes API token; the sidecar gets its own (istio-token).
        automountToken: false,
      });
    }
    team.addWorkloadIdentity(this.serviceAccountName);
    new k8s.KubeService(this, 'Service', {
      metadata: metadataFor(this.name, this.namespace, { app: this.name, service: this.name }),
      spec: { selector: this.selector, ports: rendered },
    });
    const trafficPolicy = renderTrafficPolicy(props.trafficPolicy, `${this.node.path}.trafficPolicy`);
    this.trafficPolicy = trafficPolicy;
    if (this.api === TrafficApi.GATEWAY_API) {
      // No subsets: routes name the per-version Services. A policy still applies, to every host.
      if (trafficPolicy) this.policyDestinationRule('DestinationRule', this.name, this.host);
      this.referenceGrants = new ServiceReferenceGrants(this, {
        name: this.name,
        namespace: this.namespace,
        serviceNames: () => [this.name, ...this.versions.map((v) => versionServiceName(this.name, v.name))],
        hasTlsPorts: this.ports.some((p) => p.protocol === ServiceProtocol.HTTPS || p.protocol === ServiceProtocol.TLS),
      });
    } else {
      new DestinationRule(this, 'DestinationRule', {
        metadata: metadataFor(this.name, this.namespace),
        spec: {
          host: this.host,
          // Visible where its callers are: its own namespace and the namespaces it granted.
          exportTo: Lazy.any({ produce: () => this.grants.exportTo() }) as unknown as string[],
          ...(trafficPolicy ? { trafficPolicy } : {}),
          subsets: Lazy.any({ produce: () => this.renderSubsets() }),
        },
      });
    }
    if (team.defaultDeny) {
      new AuthorizationPolicy(this, 'AuthorizationPolicy', {
        metadata: metadataFor(this.name, this.namespace),
        spec: Lazy.any({ produce: () => this.grants.renderAllowPolicy(this.selector) }),
      });
    }
    for (const version of props.versions ?? []) this.addVersion(version);
  }

  /**
   * Adds a version: a DestinationRule subset and, when it has an image, a hardened
   * cdk8s-plus-27 Deployment (`deploymentOf(name)`).
   */
  public addVersion(version: ServiceVersionOptions): void {
    const where = `${this.node.path}.versions[${this.versions.length}]`;
    validateDnsLabel(version.name, `${where}.name`, 'version name');
    if (this.versions.some((v) => v.name === version.name)) {
      throw new IstioTrafficError(ErrorCodes.DUPLICATE, `${where}.name`, `service ${this.name} already has this version`, version.name, 'give each version a distinct name');
    }
    const subsetLabels = { ...(version.podLabels ?? { version: version.versionLabel ?? version.name }) };
    if (Object.keys(subsetLabels).length === 0) {
      throw new IstioTrafficError(ErrorCodes.RANGE, `${where}.podLabels`, 'a subset without labels selects every version', version.podLabels, 'give the labels only this version\'s pods carry, e.g. { version: "v2" }');
    }
    if (this.api === TrafficApi.GATEWAY_API) this.addVersionService(version.name, subsetLabels, where);
    if (version.image === undefined) {
      const deployOnly = (['container', 'volumes', 'replicas', 'runAsUser', 'deploymentName'] as const).filter((k) => version[k] !== undefined);
      if (deployOnly.length > 0) {
        throw new IstioTrafficError(ErrorCodes.CONFLICT, `${where}.${deployOnly[0]}`, 'a traffic-only version (no image) has no Deployment to configure', deployOnly, 'set image to deploy it here, or drop these options');
      }
      this.versions.push({ name: version.name, subsetLabels });
      return;
    }
    if (typeof version.image !== 'string' || version.image.trim() === '') {
      throw new IstioTrafficError(ErrorCodes.RANGE, `${where}.image`, 'a version needs a container image', version.image, 'set image, e.g. "registry.example.com/shop:1.2.3", or leave it out for pods deployed elsewhere');
    }
    const deploymentName = version.deploymentName ?? `${this.name}-${version.name}`;
    validateDnsLabel(deploymentName, `${where}.deploymentName`, 'deployment name');
    const replicas = version.replicas ?? 1;
    validateRange(replicas, 0, 10000, `${where}.replicas`, 'replicas');
    this.versions.push({ name: version.name, subsetLabels });
    const deployment = versionDeployment(this, `Version-${version.name}`, {
      namespace: this.namespace,
      deploymentName,
      containerName: this.name,
      image: version.image,
      labels: { ...this.selector, ...subsetLabels },
      replicas,
      runAsUser: version.runAsUser ?? 1000,
      containerPorts: this.ports.map((p) => p.targetPort),
      serviceAccount: this.serviceAccount,
      container: version.container,
      volumes: version.volumes,
      where,
    });
    this.deployments.set(version.name, deployment);
  }

  /**
   * The cdk8s-plus-27 Deployment of a version deployed here, for further customisation
   * (`.scheduling.attract(...)`, `.scheduling.tolerate(...)`, `.scheduling.spread(...)`, more
   * containers or volumes) without JSON patches.
   */
  public deploymentOf(versionName: string): kplus.Deployment {
    const deployment = this.deployments.get(versionName);
    if (!deployment) {
      throw new IstioTrafficError(ErrorCodes.UNKNOWN_SUBSET, `${this.node.path}.deploymentOf`,
        this.versions.some((v) => v.name === versionName) ? `version ${versionName} is traffic-only: its pods are deployed elsewhere` : `service ${this.name} has no version with that name`,
        versionName, `use one of: ${[...this.deployments.keys()].join(', ') || '(no version deployed here)'}`);
    }
    return deployment;
  }

  /** The names of the versions (subsets) declared so far. */
  public get versionNames(): string[] {
    return this.versions.map((v) => v.name);
  }

  /**
   * A typed destination for one version. Throws when the version is not declared (yet): declare
   * versions before routing to them.
   * @param port which Service port, required only when the service has several
   */
  public subset(name: string, port?: number): Destination {
    return destinationOf(this, this.versionNames, this.ports.map((p) => p.port), name, port);
  }

  /** A destination for the whole service (every version). */
  public destination(port?: number): Destination {
    return destinationOf(this, this.versionNames, this.ports.map((p) => p.port), undefined, port);
  }

  /**
   * Lets `caller` call this service: a `TeamGateway` (its pods), another `VersionedService` (its
   * workloads), a whole `Team` (every workload of its namespace), or a `Caller` of another app
   * (`Caller.gateway('vamp-test2', 'gw-2')`). Only grants open the service's ALLOW policy and
   * make its DestinationRule visible to the caller's namespace; routes of other teams to this
   * service fail at synth until its owner grants their callers.
   */
  public allowFrom(caller: ICaller): void {
    const identity = caller.callerIdentity;
    this.grants.add(identity);
    // The caller's routes live in its namespace; a gateway's also in its team's and the
    // admitted teams' namespaces. The owner's grant is what lets them name this backend.
    const referenceGrants = this.referenceGrants;
    if (referenceGrants && caller instanceof TeamGateway) caller._watchRouteNamespaces((ns) => referenceGrants.admitRoutesFrom(ns));
    else referenceGrants?.admitRoutesFrom(identity.namespace);
  }

  /** Whether a grant admits `caller`. */
  public admits(caller: Caller): boolean {
    return this.grants.admits(caller);
  }

  /** Whether a grant admits some caller of `namespace`. */
  public admitsSomeoneFrom(namespace: string): boolean {
    return this.grants.admitsSomeoneFrom(namespace);
  }

  /** The namespaces this service's routing config must be visible to: its own (`.`) and its granted callers'. */
  public exportTo(): string[] {
    return this.grants.exportTo();
  }

  /** The service's workloads, as a caller of other services. */
  public get callerIdentity(): Caller {
    return Caller.serviceAccount(this.namespace, this.serviceAccountName);
  }

  /** @internal */
  public _checkBeforeSynth(): void {
    if (this.versions.length === 0) {
      throw new IstioTrafficError(ErrorCodes.UNKNOWN_SUBSET, `${this.node.path}.versions`, `service ${this.name} has no versions`, 0, 'pass versions: [...] or call addVersion()');
    }
  }

  private renderSubsets(): unknown[] {
    return this.versions.map((v) => ({ name: v.name, labels: v.subsetLabels }));
  }

  /**
   * The Gateway API stand-in for a subset, as Istio's bookinfo Gateway API samples do: a Service
   * `<service>-<version>` selecting the shared selector plus the version's labels, same ports.
   */
  private addVersionService(versionName: string, versionLabels: Record<string, string>, where: string): void {
    const name = versionServiceName(this.name, versionName);
    validateDnsLabel(name, `${where}.name`, `per-version Service name (${this.name}-<version>)`);
    new k8s.KubeService(this, `Service-${versionName}`, {
      metadata: metadataFor(name, this.namespace, { app: this.name, service: name }),
      spec: { selector: { ...this.selector, ...versionLabels }, ports: this.renderedPorts },
    });
    if (this.trafficPolicy) this.policyDestinationRule(`DestinationRule-${versionName}`, name, `${name}.${this.namespace}.${CLUSTER_DOMAIN}`);
  }

  /** A subset-less DestinationRule carrying the service's traffic policy for one host. */
  private policyDestinationRule(id: string, name: string, host: string): void {
    new DestinationRule(this, id, {
      metadata: metadataFor(name, this.namespace),
      spec: {
        host,
        exportTo: Lazy.any({ produce: () => this.grants.exportTo() }) as unknown as string[],
        trafficPolicy: this.trafficPolicy,
      },
    });
  }
}

/** A service of another app: destinations only (its grants live in its owner's app). */
class ImportedVersionedService extends Construct implements IVersionedService {
  public readonly name: string;
  public readonly namespace: string;
  public readonly host: string;
  private readonly versions: string[];
  private readonly ports: number[];

  constructor(scope: Construct, id: string, attributes: VersionedServiceAttributes) {
    super(scope, id);
    validateDnsLabel(attributes.namespace, `${this.node.path}.namespace`, 'namespace');
    validateDnsLabel(attributes.name, `${this.node.path}.name`, 'service name');
    (attributes.versions ?? []).forEach((v, i) => validateDnsLabel(v, `${this.node.path}.versions[${i}]`, 'version name'));
    (attributes.ports ?? []).forEach((p, i) => validatePort(p, `${this.node.path}.ports[${i}]`));
    this.name = attributes.name;
    this.namespace = attributes.namespace;
    this.host = `${this.name}.${this.namespace}.${CLUSTER_DOMAIN}`;
    this.versions = [...(attributes.versions ?? [])];
    this.ports = [...(attributes.ports ?? [80])];
  }

  public subset(name: string, port?: number): Destination {
    return destinationOf(this, this.versions, this.ports, name, port);
  }

  public destination(port?: number): Destination {
    return destinationOf(this, this.versions, this.ports, undefined, port);
  }
}

/**
 * A typed destination of a service: the subset must be a declared version, and the port a
 * declared one — required only when the service has several (IST0112).
 */
function destinationOf(service: IVersionedService & Construct, versions: string[], ports: number[], subset: string | undefined, port: number | undefined): Destination {
  if (subset !== undefined && !versions.includes(subset)) {
    throw new IstioTrafficError(ErrorCodes.UNKNOWN_SUBSET, `${service.node.path}.subset`, `service ${service.name} has no version with that name`, subset,
      `use one of: ${versions.join(', ') || '(none yet — declare the version first)'}`);
  }
  if (port !== undefined && !ports.includes(port)) {
    throw new IstioTrafficError(ErrorCodes.PORT, `${service.node.path}.port`, `service ${service.name} has no such port`, port, `use one of: ${ports.join(', ')}`);
  }
  const chosen = port ?? (ports.length > 1 ? ports[0] : undefined);
  return Destination.host(service.host, { subset, port: chosen });
}

function renderPorts(ports: ServicePortOptions[], where: string): k8s.ServicePort[] {
  if (ports.length === 0) throw new IstioTrafficError(ErrorCodes.PORT, where, 'a service needs at least one port', ports, 'declare ports: [{ port: 80 }]');
  const seenProtocols = new Map<string, number>();
  const names = new Set<string>();
  const numbers = new Set<number>();
  return ports.map((p, i) => {
    validatePort(p.port, `${where}[${i}].port`);
    if (p.targetPort !== undefined) validatePort(p.targetPort, `${where}[${i}].targetPort`);
    const protocol = p.protocol ?? ServiceProtocol.HTTP;
    const count = seenProtocols.get(protocol) ?? 0;
    seenProtocols.set(protocol, count + 1);
    const suffix = p.nameSuffix ?? (count === 0 ? undefined : String(p.port));
    const name = suffix ? `${protocol}-${suffix}` : protocol;
    validateDnsLabel(name, `${where}[${i}].nameSuffix`, 'port name');
    if (names.has(name)) throw new IstioTrafficError(ErrorCodes.DUPLICATE, `${where}[${i}]`, 'duplicate port name', name, 'give the port a distinct nameSuffix');
    if (numbers.has(p.port)) throw new IstioTrafficError(ErrorCodes.DUPLICATE, `${where}[${i}].port`, 'duplicate port number', p.port, 'declare each port once');
    names.add(name);
    numbers.add(p.port);
    return { name, port: p.port, targetPort: k8s.IntOrString.fromNumber(p.targetPort ?? p.port), protocol: 'TCP', appProtocol: protocol };
  });
}
