/**
 * The Deployment of one service version, on cdk8s-plus-27: the team's container options merged
 * over hardened defaults — non-root (never UID 0 or Istio's 1337), no privilege escalation, every
 * capability dropped, a read-only root filesystem with a writable emptyDir at /tmp, the
 * RuntimeDefault seccomp profile, no Kubernetes API token, resource requests and a memory limit.
 * The result is a `kplus.Deployment`, so teams customise it with cdk8s-plus (scheduling, more
 * containers, volumes) instead of JSON patches.
 * @see https://cdk8s.io/docs/latest/plus/cdk8s-plus-27/deployment/
 */
import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { metadataFor } from './labels';
import { validateAppUid } from './pod-security';

/**
 * What the version's Deployment is made of (VersionedService fills it in).
 * @internal
 */
export interface VersionDeploymentOptions {
  readonly namespace: string;
  readonly deploymentName: string;
  readonly containerName: string;
  readonly image: string;
  readonly labels: Record<string, string>;
  readonly replicas: number;
  readonly runAsUser: number;
  readonly containerPorts: readonly number[];
  readonly serviceAccount: kplus.IServiceAccount;
  readonly container?: kplus.ContainerOpts;
  readonly volumes?: kplus.Volume[];
  /** Construct path of the version, for errors. */
  readonly where: string;
}

/** Mounted at /tmp when the root filesystem is read-only, so apps can still write scratch files. */
const TMP_MOUNT_PATH = '/tmp';

export function versionDeployment(scope: Construct, id: string, options: VersionDeploymentOptions): kplus.Deployment {
  const user = options.container?.securityContext?.user ?? options.runAsUser;
  validateAppUid(user, `${options.where}.${options.container?.securityContext?.user !== undefined ? 'container.securityContext.user' : 'runAsUser'}`);
  const readOnlyRootFilesystem = options.container?.securityContext?.readOnlyRootFilesystem ?? true;

  const deployment = new kplus.Deployment(scope, id, {
    metadata: metadataFor(options.deploymentName, options.namespace, options.labels),
    replicas: options.replicas,
    select: false,
    podMetadata: { labels: options.labels },
    serviceAccount: options.serviceAccount,
    // The app needs no Kubernetes API token; the sidecar gets its own (istio-token).
    automountServiceAccountToken: false,
    securityContext: { ensureNonRoot: true },
    volumes: options.volumes,
  });
  deployment.select(kplus.LabelSelector.of({ labels: options.labels }));

  const container = options.container ?? {};
  const main = deployment.addContainer({
    ...container,
    name: container.name ?? options.containerName,
    image: options.image,
    ports: container.ports ?? options.containerPorts.map((number) => ({ number })),
    resources: container.resources ?? {
      cpu: { request: kplus.Cpu.millis(100) },
      memory: { request: Size.mebibytes(128), limit: Size.mebibytes(512) },
    },
    securityContext: {
      ensureNonRoot: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem,
      ...container.securityContext,
      user,
      group: container.securityContext?.group ?? user,
    },
  });
  if (readOnlyRootFilesystem && !(container.volumeMounts ?? []).some((m) => m.path === TMP_MOUNT_PATH)) {
    main.mount(TMP_MOUNT_PATH, kplus.Volume.fromEmptyDir(scope, `${id}-tmp`, 'tmp'));
  }

  // What cdk8s-plus-27 cannot say: drop every capability, and the runtime's seccomp profile. Its
  // construct-address pod label is dropped too: pods are selected by the service's labels, and
  // a label that changes with the construct tree would restart pods on a refactor.
  const api = ApiObject.of(deployment);
  api.addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
  api.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }));
  api.addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
  return deployment;
}
