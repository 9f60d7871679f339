/**
 * Pod hardening shared by gateways and service versions: non-root, no privilege escalation,
 * every capability dropped, read-only root filesystem, the runtime's default seccomp profile.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
import { k8s } from 'cdk8s-plus-27';
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { validateRange } from '../routing/validate';

/** The UID/GID Istio's proxy image runs as. */
const ISTIO_PROXY_UID = 1337;

/**
 * An application container may run neither as root (the kubelet refuses UID 0 under
 * runAsNonRoot) nor as Istio's proxy UID: iptables exempts 1337 from capture, so such an app
 * would bypass mTLS, REGISTRY_ONLY and the egress gateway (istioctl analyze IST0144).
 */
export function validateAppUid(uid: number, where: string): void {
  validateRange(uid, 0, 2147483647, where, 'runAsUser');
  if (uid === 0 || uid === ISTIO_PROXY_UID) {
    throw new IstioTrafficError(ErrorCodes.UNSAFE_POD, where,
      uid === 0 ? 'UID 0 is root: the kubelet refuses to start it with runAsNonRoot' : 'UID 1337 is Istio\'s proxy UID: its traffic bypasses the sidecar (no mTLS, no REGISTRY_ONLY, no egress gateway)',
      uid, 'run the container as another non-root UID, e.g. 1000 (the default)');
  }
}

export function hardenedPodSecurityContext(options: { unprivilegedPorts?: boolean } = {}): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
    // Lets a non-root gateway bind ports 80/443 directly, as Istio's gateway chart does.
    ...(options.unprivilegedPorts ? { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] } : {}),
  };
}

export function hardenedContainerSecurityContext(options: { uid?: number } = {}): k8s.SecurityContext {
  const uid = options.uid ?? ISTIO_PROXY_UID;
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
  };
}
