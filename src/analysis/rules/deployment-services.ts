/**
 * Services sharing a Deployment's pods (deployment.ServiceAssociationAnalyzer), for in-mesh,
 * non-waypoint Deployments: IST0116 one port number with different protocols across the
 * Services; IST0137 one targetPort reached through different service ports.
 */
import { MeshModel, Resource, ServiceInfo, Workload } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { workloadInMesh } from '../support/injection';
import { append } from '../../model/per-model';

export const deploymentServices: Rule = {
  code: 'IST0116/IST0137',
  description: 'Services selecting the same Deployment agree on each port\'s protocol and target port',
  run(model: MeshModel): Finding[] {
    const servicesByNamespace = new Map<string, ServiceInfo[]>();
    for (const service of model.services.values()) {
      if (!service.resource || !service.selector || Object.keys(service.selector).length === 0) continue;
      append(servicesByNamespace, service.namespace, service);
    }
    const out: Finding[] = [];
    for (const workload of model.workloads) {
      const deployment = workload.resource;
      if (!deployment || deployment.kind !== 'Deployment' || isWaypoint(deployment) || !workloadInMesh(model, workload)) continue;
      const services = matchingServices(workload, servicesByNamespace.get(workload.namespace) ?? []);
      out.push(...conflictingProtocols(deployment, services), ...conflictingTargetPorts(deployment, services));
    }
    return out;
  },
};

function isWaypoint(deployment: Resource): boolean {
  return deployment.labels['gateway.istio.io/managed'] === 'istio.io-mesh-controller';
}

function matchingServices(workload: Workload, services: readonly ServiceInfo[]): ServiceInfo[] {
  return services.filter((s) => Object.entries(s.selector!).every(([k, v]) => workload.podLabels[k] === v));
}

/** analyzeDeploymentPortProtocol: port → protocol (TCP when unset) → services. */
function conflictingProtocols(deployment: Resource, services: readonly ServiceInfo[]): Finding[] {
  const byPort = new Map<number, Map<string, string[]>>();
  for (const service of services) {
    for (const port of service.ports) {
      const protocols = byPort.get(port.port) ?? new Map<string, string[]>();
      const protocol = port.protocol || 'TCP';
      append(protocols, protocol, fullName(service));
      byPort.set(port.port, protocols);
    }
  }
  return [...byPort].filter(([, protocols]) => protocols.size > 1).sort(([a], [b]) => a - b).map(([port, protocols]) => {
    const names = [...protocols.values()].flat().sort();
    return finding(deployment, 'IST0116', 'warning',
      `This deployment ${deployment.name} is associated with multiple services using port ${port} but different protocols: [${names.join(' ')}]`,
      `give port ${port} the same protocol in every Service that selects these pods, or use different port numbers`);
  });
}

/** analyzeDeploymentTargetPorts: targetPort (the port when unset) → service port → service. */
function conflictingTargetPorts(deployment: Resource, services: readonly ServiceInfo[]): Finding[] {
  const byTarget = new Map<string, Map<number, string>>();
  for (const service of services) {
    for (const port of service.ports) {
      const target = port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '' ? String(port.port) : String(port.targetPort);
      const ports = byTarget.get(target) ?? new Map<number, string>();
      ports.set(port.port, fullName(service));
      byTarget.set(target, ports);
    }
  }
  return [...byTarget].filter(([, ports]) => ports.size > 1).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([target, ports]) => {
    const names = [...ports.values()].sort();
    const numbers = [...ports.keys()].sort((a, b) => a - b);
    return finding(deployment, 'IST0137', 'warning',
      `This deployment ${deployment.name} is associated with multiple services [${names.join(' ')}] using targetPort "${target}" but different ports: [${numbers.join(' ')}].`,
      `expose targetPort ${target} under one service port number in every Service that selects these pods`);
  });
}

function fullName(service: ServiceInfo): string {
  return `${service.namespace}/${service.name}`;
}
