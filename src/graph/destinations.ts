/**
 * Where a route destination lands in the diagram: a Service or one of its subsets, the listener
 * of a gateway when the Service fronts gateway pods (the first hop of egress through a gateway),
 * a ServiceEntry for outside hosts, or a red "unresolved" node when nothing declares the host.
 */
import { resolveHost } from '../model/hosts';
import { isExportedTo, MeshModel } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { ServiceInfo } from '../model/service';
import { TopologyBuilder } from './builder';
import { GatewayListener, listenersBehind } from './gateways';
import { TopologyNodeKind } from './types';

export interface DestinationTarget {
  readonly nodeId: string;
  /** Extra edge text (e.g. the subset of a ServiceEntry host, which has no subset node). */
  readonly note?: string;
}

export function serviceNodeId(service: ServiceInfo): string {
  return `service:${service.namespace}/${service.name}`;
}

export function serviceEntryNodeId(entry: Resource): string {
  return `service-entry:${entry.namespace}/${entry.name}`;
}

export function externalNodeId(host: string): string {
  return `external:${host}`;
}

export function addServiceNode(b: TopologyBuilder, service: ServiceInfo): string {
  return b.node(serviceNodeId(service), TopologyNodeKind.SERVICE, [service.name, 'Service'], service.namespace);
}

/** A ServiceEntry node and an edge to each host it declares (outside the namespaces). */
export function addServiceEntry(b: TopologyBuilder, entry: Resource): string {
  const ports = (Array.isArray(entry.spec.ports) ? entry.spec.ports : [])
    .map((p: any) => `:${p?.number} ${p?.protocol ?? ''}`.trim()).join(' ');
  const location = entry.spec.location === 'MESH_INTERNAL' ? 'mesh internal' : 'mesh external';
  const id = b.node(serviceEntryNodeId(entry), TopologyNodeKind.SERVICE_ENTRY,
    [entry.name, `ServiceEntry, ${location}`, ...(ports ? [ports] : [])], entry.namespace);
  for (const host of Array.isArray(entry.spec.hosts) ? entry.spec.hosts : []) {
    if (typeof host !== 'string') continue;
    const resolved = resolveHost(host, entry.namespace).toLowerCase();
    b.edge(id, b.node(externalNodeId(resolved), TopologyNodeKind.EXTERNAL, [resolved, 'outside the mesh']));
  }
  return id;
}

/**
 * The nodes one `destination` of a rule in `vsNamespace` points at. Several when a gateway
 * Service fronts several Gateways on that port (Envoy merges them into one listener).
 */
export function destinationTargets(
  model: MeshModel, b: TopologyBuilder, listeners: readonly GatewayListener[], destination: any, vsNamespace: string,
): DestinationTarget[] {
  const host = resolveHost(String(destination.host), vsNamespace).toLowerCase();
  const subset: string | undefined = typeof destination.subset === 'string' ? destination.subset : undefined;
  const port: number | undefined = typeof destination.port?.number === 'number' ? destination.port.number : undefined;

  const service = model.services.get(host);
  if (service) {
    const behind = listenersBehind(model, listeners, service.selector, service.namespace);
    const onPort = behind.filter((l) => port === undefined || l.port === port);
    if (onPort.length > 0) return onPort.map((l) => ({ nodeId: l.nodeId, note: `via Service ${service.name}` }));
    if (subset === undefined) return [{ nodeId: addServiceNode(b, service) }];
    const id = b.node(`subset:${service.namespace}/${service.name}/${subset}`, TopologyNodeKind.SUBSET, [service.name, `subset ${subset}`], service.namespace);
    return [{ nodeId: id }];
  }

  const entries = model.serviceEntriesFor(host);
  if (entries.length > 0) {
    // The entries the caller's namespace can see; all of them if exportTo hides every one
    // (the checker reports that; the picture should still show where the author meant to go).
    const visible = entries.filter((e) => isExportedTo(e, vsNamespace));
    const note = subset !== undefined ? `subset ${subset}` : undefined;
    return (visible.length > 0 ? visible : entries).map((e) => ({ nodeId: addServiceEntry(b, e), ...(note ? { note } : {}) }));
  }

  const id = b.node(`unresolved:${host}`, TopologyNodeKind.UNRESOLVED, [host, 'no Service or ServiceEntry']);
  return [{ nodeId: id }];
}
