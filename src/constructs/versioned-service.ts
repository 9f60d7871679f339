/**
 * One service, many versions (seed 001's website v1..v3, seed 000's svc-1 with two): a Deployment
 * per version labelled `app` and `version`, one Service selecting `app` with ports named by
 * protocol, a ServiceAccount, and a DestinationRule with one subset per version. Versions added
 * with `addVersion()` after construction still land in the DestinationRule.
 * @see https://istio.io/latest/docs/concepts/traffic-management/#destination-rules
 */
import { Lazy } from 'cdk8s';
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
import { AccessGraph } from './access-graph';
import { metadataFor } from './labels';
import { hardenedContainerSecurityContext, hardenedPodSecurityContext } from './pod-security';
import { Team } from './team';

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

/** One version of a VersionedService: a Deployment and a DestinationRule subset. */
export interface ServiceVersionOptions {
  /**
   * The subset name routes use (`v1`, `version-1`): a DNS-1123 label.
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#Subset
   */
  readonly name: string;
  /**
   * Container image of this version.
   * @see https://kubernetes.io/docs/concepts/containers/images/
   */
  readonly image: string;
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
   * UID the container runs as (never root).
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
   * Load balancing, connection pool and outlier detection for every version.
   * @default - Istio's defaults
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy
   */
  readonly trafficPolicy?: TrafficPolicyOptions;
}

/** One service, many versions: Deployments, a Service, a DestinationRule with a subset per version. */
export class VersionedService extends Construct {
  /** Service name (and `app` label). */
  public readonly name: string;
  /** The team namespace it lives in. */
  public readonly namespace: string;
  /** The fully qualified host: the same from every namespace. */
  public readonly host: string;
  /** The Service ports as declared. */
  public readonly ports: readonly Required<Omit<ServicePortOptions, 'nameSuffix'>>[];
  private readonly versions: Required<ServiceVersionOptions>[] = [];

  constructor(scope: Construct, id: string, props: VersionedServiceProps = {}) {
    super(scope, id);
    this.namespace = Team.of(this).namespace;
    this.name = props.name ?? id;
    validateDnsLabel(this.name, `${this.node.path}.name`, 'service name');
    this.host = `${this.name}.${this.namespace}.${CLUSTER_DOMAIN}`;
    const ports = props.ports ?? [{ port: 80 }];
    const rendered = renderPorts(ports, `${this.node.path}.ports`);
    this.ports = ports.map((p) => ({ port: p.port, targetPort: p.targetPort ?? p.port, protocol: p.protocol ?? ServiceProtocol.HTTP }));

    const team = Team.of(this);
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: metadataFor(this.name, this.namespace, { app: this.name }) });
    team.addWorkloadIdentity(this.name);
    new k8s.KubeService(this, 'Service', {
      metadata: metadataFor(this.name, this.namespace, { app: this.name, service: this.name }),
      spec: { selector: { app: this.name }, ports: rendered },
    });
    const trafficPolicy = renderTrafficPolicy(props.trafficPolicy, `${this.node.path}.trafficPolicy`);
    new DestinationRule(this, 'DestinationRule', {
      metadata: metadataFor(this.name, this.namespace),
      spec: {
        host: this.host,
        ...(trafficPolicy ? { trafficPolicy } : {}),
        subsets: Lazy.any({ produce: () => this.renderSubsets() }),
      },
    });
    if (team.defaultDeny) {
      const graph = AccessGraph.of(this);
      new AuthorizationPolicy(this, 'AuthorizationPolicy', {
        metadata: metadataFor(this.name, this.namespace),
        spec: Lazy.any({ produce: () => renderAllowFrom(graph.principalsCalling(this.host), { app: this.name }) }),
      });
    }
    for (const version of props.versions ?? []) this.addVersion(version);
  }

  /** Adds a version: a Deployment and a DestinationRule subset. */
  public addVersion(version: ServiceVersionOptions): void {
    const where = `${this.node.path}.versions[${this.versions.length}]`;
    validateDnsLabel(version.name, `${where}.name`, 'version name');
    if (this.versions.some((v) => v.name === version.name)) {
      throw new IstioTrafficError(ErrorCodes.DUPLICATE, `${where}.name`, `service ${this.name} already has this version`, version.name, 'give each version a distinct name');
    }
    if (typeof version.image !== 'string' || version.image.trim() === '') {
      throw new IstioTrafficError(ErrorCodes.RANGE, `${where}.image`, 'a version needs a container image', version.image, 'set image, e.g. "registry.example.com/shop:1.2.3"');
    }
    const full: Required<ServiceVersionOptions> = {
      versionLabel: version.name,
      deploymentName: `${this.name}-${version.name}`,
      replicas: 1,
      runAsUser: 1000,
      ...version,
    };
    validateDnsLabel(full.deploymentName, `${where}.deploymentName`, 'deployment name');
    validateRange(full.replicas, 0, 10000, `${where}.replicas`, 'replicas');
    this.versions.push(full);

    const labels = { app: this.name, version: full.versionLabel };
    new k8s.KubeDeployment(this, `Version-${full.name}`, {
      metadata: metadataFor(full.deploymentName, this.namespace, labels),
      spec: {
        replicas: full.replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: this.name,
            securityContext: hardenedPodSecurityContext(),
            containers: [{
              name: this.name,
              image: full.image,
              ports: this.ports.map((p) => ({ containerPort: p.targetPort, protocol: 'TCP' })),
              securityContext: hardenedContainerSecurityContext({ uid: full.runAsUser }),
              resources: {
                requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('128Mi') },
                limits: { memory: k8s.Quantity.fromString('512Mi') },
              },
            }],
          },
        },
      },
    });
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
    if (!this.versions.some((v) => v.name === name)) {
      throw new IstioTrafficError(ErrorCodes.UNKNOWN_SUBSET, `${this.node.path}.subset`, `service ${this.name} has no version with that name`, name,
        `use one of: ${this.versionNames.join(', ') || '(none yet — call addVersion() first)'}`);
    }
    return Destination.host(this.host, { subset: name, port: this.portFor(port) });
  }

  /** A destination for the whole service (every version). */
  public destination(port?: number): Destination {
    return Destination.host(this.host, { port: this.portFor(port) });
  }

  /** Istio needs a port when the service has several (IST0112); one port needs none. */
  private portFor(port: number | undefined): number | undefined {
    if (port !== undefined) {
      if (!this.ports.some((p) => p.port === port)) {
        throw new IstioTrafficError(ErrorCodes.PORT, `${this.node.path}.port`, `service ${this.name} has no such port`, port,
          `use one of: ${this.ports.map((p) => p.port).join(', ')}`);
      }
      return port;
    }
    return this.ports.length > 1 ? this.ports[0].port : undefined;
  }

  /** @internal */
  public _checkBeforeSynth(): void {
    if (this.versions.length === 0) {
      throw new IstioTrafficError(ErrorCodes.UNKNOWN_SUBSET, `${this.node.path}.versions`, `service ${this.name} has no versions`, 0, 'pass versions: [...] or call addVersion()');
    }
  }

  private renderSubsets(): unknown[] {
    return this.versions.map((v) => ({ name: v.name, labels: { version: v.versionLabel } }));
  }
}

/**
 * ALLOW exactly the callers the routes name. With none, the policy admits nothing — the
 * namespace's default deny stands, and the policy says so explicitly.
 */
function renderAllowFrom(principals: string[], podLabels: Record<string, string>): Record<string, unknown> {
  const selector = { matchLabels: podLabels };
  if (principals.length === 0) return { selector, action: 'ALLOW' };
  return { selector, action: 'ALLOW', rules: [{ from: [{ source: { principals } }] }] };
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
