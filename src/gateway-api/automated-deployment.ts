/**
 * What istiod's deployment controller creates for a Gateway API Gateway of class `istio`
 * (deploymentcontroller.go + the kube-gateway template): a Deployment, Service and
 * ServiceAccount `<gw>-istio` in the Gateway's namespace. The manifests do not contain them, so
 * the model adds them — the Service (ports = the listeners' ports) and the workload (its pod
 * labels and ServiceAccount) — and `explain`'s authorization then sees the gateway's identity
 * `cluster.local/ns/<ns>/sa/<gw>-istio`.
 *
 * Called from the MeshModel constructor, like the environment's default ingress gateway; it reads
 * resources only (no MeshModel), so the model can use it while it is being built.
 */
import { Resource } from '../model/resource';
import { ServiceInfo, ServicePort } from '../model/service';
import { Workload } from '../model/workload';
import {
  deploymentName, GATEWAY_NAME_LABEL, isIstioGateway, isManaged, ISTIO_GATEWAY_NAME_LABEL, SERVICE_TYPE_ANNOTATION,
  serviceAccountName, serviceHost,
} from './names';

/** The status port every automated gateway Service exposes (the template's `status-port`). */
const STATUS_PORT: ServicePort = { name: 'status-port', port: 15021, targetPort: 15021, protocol: 'TCP', appProtocol: 'tcp' };

export interface AutomatedDeployment {
  readonly gateway: Resource;
  readonly service: ServiceInfo;
  readonly workload: Workload;
}

/** The pod labels of the automated deployment (the template's, plus `spec.infrastructure.labels`). */
export function automatedPodLabels(gateway: Resource): Record<string, string> {
  const infrastructure: Record<string, string> = gateway.spec.infrastructure?.labels ?? {};
  return {
    ...infrastructure,
    [GATEWAY_NAME_LABEL]: gateway.name,
    [ISTIO_GATEWAY_NAME_LABEL]: gateway.name,
    'service.istio.io/canonical-name': deploymentName(gateway),
    'service.istio.io/canonical-revision': 'latest',
    'sidecar.istio.io/inject': 'false',
  };
}

/** One automated deployment per managed `istio`-class Gateway, in input order. */
export function automatedDeployments(resources: readonly Resource[]): AutomatedDeployment[] {
  const out: AutomatedDeployment[] = [];
  for (const gateway of resources) {
    if (!isIstioGateway(gateway) || !isManaged(gateway)) continue;
    const name = deploymentName(gateway);
    const listeners: any[] = Array.isArray(gateway.spec.listeners) ? gateway.spec.listeners : [];
    const ports: ServicePort[] = [STATUS_PORT];
    for (const listener of listeners) {
      const port = listener?.port;
      if (typeof port !== 'number' || ports.some((p) => p.port === port)) continue;
      ports.push({ name: String(listener.name ?? `port-${port}`), port, targetPort: port, protocol: 'TCP', appProtocol: appProtocolOf(listener.protocol) });
    }
    const selector = { [GATEWAY_NAME_LABEL]: gateway.name };
    out.push({
      gateway,
      service: {
        host: serviceHost(name, gateway.namespace),
        name,
        namespace: gateway.namespace,
        ports,
        selector,
        type: gateway.annotations[SERVICE_TYPE_ANNOTATION] ?? 'LoadBalancer',
      },
      workload: {
        kind: 'Deployment',
        name,
        namespace: gateway.namespace,
        podLabels: automatedPodLabels(gateway),
        serviceAccount: serviceAccountName(gateway),
        containerPorts: ports.map((p) => p.port),
      },
    });
  }
  return out;
}

/**
 * Adds the automated deployments to the model's Services and workloads, unless the manifests
 * already hold that Service (or a Deployment of that name in that namespace).
 */
export function addAutomatedDeployments(resources: readonly Resource[], services: Map<string, ServiceInfo>, workloads: Workload[]): void {
  const deployments = automatedDeployments(resources);
  if (deployments.length === 0) return;
  const declared = new Set(workloads.filter((w) => w.kind === 'Deployment').map((w) => `${w.namespace}/${w.name}`));
  for (const deployment of deployments) {
    if (!services.has(deployment.service.host)) services.set(deployment.service.host, deployment.service);
    if (!declared.has(`${deployment.workload.namespace}/${deployment.workload.name}`)) workloads.push(deployment.workload);
  }
}

function appProtocolOf(protocol: unknown): string {
  switch (protocol) {
    case 'HTTP': return 'http';
    case 'HTTPS': return 'https';
    default: return 'tcp';
  }
}
