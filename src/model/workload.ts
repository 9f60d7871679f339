/**
 * Workloads: the pods that Deployments (and their kin) would create, as label sets.
 */
import { isKnownAs } from './kinds';
import { Resource } from './resource';

export interface Workload {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** Labels of the pods it creates (the pod template's, or the Pod's own). */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  /** Container ports the pods declare. */
  readonly containerPorts: readonly number[];
  /**
   * Annotations of the pods it creates (the pod template's, or the Pod's own); absent for the
   * environment's assumed objects.
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** The pod spec as written (the template's `spec`, or the Pod's); absent for assumed objects. */
  readonly podSpec?: any;
  /** The manifest it was read from; absent for the environment's assumed objects. */
  readonly resource?: Resource;
}

const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** The workload a resource describes, if it describes one. */
export function workloadOf(resource: Resource): Workload | undefined {
  let podSpec: any;
  let podLabels: Record<string, string>;
  let podAnnotations: Record<string, string>;
  // By group and kind: an Argo or Knative object named like a Kubernetes workload is not one.
  if (!isKnownAs(resource.group, resource.kind)) return undefined;
  if (POD_TEMPLATE_KINDS.has(resource.kind)) {
    podSpec = resource.spec.template?.spec ?? {};
    podLabels = resource.spec.template?.metadata?.labels ?? {};
    podAnnotations = resource.spec.template?.metadata?.annotations ?? {};
  } else if (resource.kind === 'Pod') {
    podSpec = resource.spec;
    podLabels = { ...resource.labels };
    podAnnotations = { ...resource.annotations };
  } else {
    return undefined;
  }
  const containerPorts: number[] = [];
  for (const container of podSpec.containers ?? []) {
    for (const port of container.ports ?? []) if (typeof port.containerPort === 'number') containerPorts.push(port.containerPort);
  }
  return {
    kind: resource.kind,
    name: resource.name,
    namespace: resource.namespace,
    podLabels,
    serviceAccount: podSpec.serviceAccountName ?? podSpec.serviceAccount ?? 'default',
    containerPorts,
    podAnnotations,
    podSpec,
    resource,
  };
}

/** Whether every `selector` label is on the pod (an empty selector selects everything). */
export function labelsMatch(selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}
