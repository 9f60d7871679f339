/**
 * Pod hardening shared by gateways and service versions: non-root, no privilege escalation,
 * every capability dropped, read-only root filesystem, the runtime's default seccomp profile.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
import { k8s } from 'cdk8s-plus-27';

/** The UID/GID Istio's proxy image runs as. */
const ISTIO_PROXY_UID = 1337;

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
