/**
 * Kubernetes Services as registry entries: FQDN, ports, selector.
 */
import { CLUSTER_DOMAIN } from './hosts';
import { Resource } from './resource';

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort?: number | string;
  readonly protocol?: string;
  readonly appProtocol?: string;
}

export interface ServiceInfo {
  /** `name.namespace.svc.cluster.local` */
  readonly host: string;
  readonly name: string;
  readonly namespace: string;
  readonly ports: readonly ServicePort[];
  readonly selector?: Readonly<Record<string, string>>;
  readonly type: string;
  /** The manifest; absent for the environment's assumed services. */
  readonly resource?: Resource;
}

export function serviceOf(resource: Resource): ServiceInfo {
  return {
    host: `${resource.name}.${resource.namespace}.${CLUSTER_DOMAIN}`,
    name: resource.name,
    namespace: resource.namespace,
    ports: (resource.spec.ports ?? []).map((p: any) => ({
      name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol, appProtocol: p.appProtocol,
    })),
    selector: resource.spec.selector,
    type: resource.spec.type ?? 'ClusterIP',
    resource,
  };
}
