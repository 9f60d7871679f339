/**
 * Gateway resources as diagram sources: one node per (Gateway, port) and one per server host
 * on that port, plus the facts the route walk needs (which rules a server carries, which hosts
 * a VirtualService namespace may bind). A Gateway API Gateway is drawn the same way, through the
 * Gateways istiod derives from it (one per listener), under the Gateway's own name.
 */
import { splitServerHost } from '../model/hosts';
import { MeshModel } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { labelsMatch } from '../model/workload';
import { TopologyBuilder } from './builder';
import { graphRouting } from './routing';
import { TopologyNodeKind } from './types';

/** The VirtualService sections a server can carry. */
export type RouteSection = 'http' | 'tls' | 'tcp';

export interface ServerHost {
  /** The namespace part of `ns/host` (`*` when absent). */
  readonly namespace: string;
  readonly dnsName: string;
  readonly nodeId: string;
  /** The server answers plain HTTP with a 301 to https (`tls.httpsRedirect`): no route runs. */
  readonly httpsRedirect: boolean;
}

export interface GatewayListener {
  readonly gateway: Resource;
  /** `ns/name`, as VirtualService `gateways` entries resolve. */
  readonly ref: string;
  readonly port: number;
  readonly nodeId: string;
  readonly egress: boolean;
  readonly hosts: readonly ServerHost[];
  readonly sections: ReadonlySet<RouteSection>;
}

const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB']);

/** Which VirtualService sections a server's protocol and TLS mode make Envoy use. */
function sectionsOf(server: any): RouteSection[] {
  const protocol = String(server?.port?.protocol ?? 'HTTP').toUpperCase();
  const tlsMode = String(server?.tls?.mode ?? 'SIMPLE').toUpperCase();
  const passthrough = tlsMode === 'PASSTHROUGH' || tlsMode === 'AUTO_PASSTHROUGH';
  if (HTTP_PROTOCOLS.has(protocol)) return ['http'];
  if (protocol === 'HTTPS') return passthrough ? ['tls'] : ['http'];
  if (protocol === 'TLS') return passthrough ? ['tls'] : ['tcp'];
  return ['tcp'];
}

/** Egress when the selector or the pods it selects say so (`gateway-type: egress`, `istio: egressgateway`). */
function isEgress(model: MeshModel, gateway: Resource): boolean {
  const says = (labels: Readonly<Record<string, string>>) => labels['gateway-type'] === 'egress' || labels.istio === 'egressgateway';
  const selector: Record<string, string> = gateway.spec.selector ?? {};
  if (says(selector)) return true;
  return Object.keys(selector).length > 0 && model.workloadsSelectedBy(selector).some((w) => says(w.podLabels));
}

export function gatewayNodeId(gateway: Resource, port: number): string {
  // Zero-padded so that ids, which fix the drawing order, sort ports numerically (80 before 443).
  return `gateway:${gateway.namespace}/${gateway.name}:${String(port).padStart(5, '0')}`;
}

/** Adds every Gateway's listeners and server hosts to the diagram; returns them in input order. */
export function addGatewayListeners(model: MeshModel, b: TopologyBuilder): GatewayListener[] {
  const routing = graphRouting(model);
  const listeners: GatewayListener[] = [];
  for (const gateway of routing.ownGateways) {
    const egress = isEgress(model, gateway);
    const servers: any[] = Array.isArray(gateway.spec.servers) ? gateway.spec.servers : [];
    for (const port of portsOf(servers)) {
      const onPort = servers.filter((s) => s?.port?.number === port);
      const nodeId = addGatewayNode(b, gatewayNodeId(gateway, port), gateway, egress, port, onPort);
      // `./h` and `*/h` read as the host itself; `ns/h` keeps the namespace it admits.
      const hosts = addServerHosts(b, nodeId, gateway.namespace, onPort, (namespace, dnsName, raw) => (namespace === '.' || namespace === '*' ? dnsName : raw));
      listeners.push({ gateway, ref: `${gateway.namespace}/${gateway.name}`, port, nodeId, egress, hosts, sections: new Set(onPort.flatMap(sectionsOf)) });
    }
  }
  listeners.push(...derivedListeners(model, b, routing.derivedGateways));
  return listeners;
}

function portsOf(servers: readonly any[]): number[] {
  return [...new Set(servers.map((s) => s?.port?.number).filter((n): n is number => typeof n === 'number'))];
}

/** The node of one port of a gateway, titled with the name the user wrote. */
function addGatewayNode(b: TopologyBuilder, id: string, named: Resource, egress: boolean, port: number, onPort: readonly any[]): string {
  const protocols = [...new Set(onPort.map((s) => String(s.port.protocol ?? 'HTTP').toUpperCase()))];
  return b.node(id, TopologyNodeKind.GATEWAY, [named.name, `${egress ? 'egress' : 'ingress'} gateway :${port} ${protocols.join('/')}`], named.namespace);
}

/** A host node per distinct host of `servers`, shown as `show` words it. */
function addServerHosts(
  b: TopologyBuilder, nodeId: string, namespace: string, servers: readonly any[], show: (namespace: string, dnsName: string, raw: string) => string,
): ServerHost[] {
  const hosts = new Map<string, ServerHost>();
  for (const server of servers) {
    for (const raw of Array.isArray(server.hosts) ? server.hosts : []) {
      if (typeof raw !== 'string' || hosts.has(raw)) continue;
      const split = splitServerHost(raw);
      const httpsRedirect = server.tls?.httpsRedirect === true;
      const shown = show(split.namespace, split.dnsName, raw);
      const hostId = b.node(`${nodeId}:${shown}`, TopologyNodeKind.HOST, httpsRedirect ? [shown, 'redirects to https (301)'] : [shown], namespace);
      b.edge(nodeId, hostId);
      hosts.set(raw, { namespace: split.namespace, dnsName: split.dnsName.toLowerCase(), nodeId: hostId, httpsRedirect });
    }
  }
  return [...hosts.values()];
}

/** Node id of one port of a Gateway API Gateway (kept apart from an Istio Gateway of the same name). */
export function gatewayApiNodeId(gateway: Resource, port: number): string {
  return `gateway-api:${gateway.namespace}/${gateway.name}:${String(port).padStart(5, '0')}`;
}

/**
 * Listeners of the Gateways istiod derives from Gateway API Gateways: one derived Gateway per
 * listener, drawn as one node per (Gateway API Gateway, port) titled with the Gateway's name,
 * and its host as the listener's `hostname` (the derived `ns/host` form only says which
 * namespaces may attach, which the derived routes already settle). Each derived Gateway stays a
 * listener of its own, because derived VirtualServices bind it by its internal name.
 */
function derivedListeners(model: MeshModel, b: TopologyBuilder, derived: readonly Resource[]): GatewayListener[] {
  const listeners: GatewayListener[] = [];
  const owners = [...new Set(derived.map((g) => g.derivedFrom as Resource))];
  for (const owner of owners) {
    const mine = derived.filter((g) => g.derivedFrom === owner);
    const egress = mine.some((g) => isEgress(model, g));
    const servers = mine.flatMap((g) => (Array.isArray(g.spec.servers) ? g.spec.servers : []));
    for (const port of portsOf(servers)) {
      const nodeId = addGatewayNode(b, gatewayApiNodeId(owner, port), owner, egress, port, servers.filter((s) => s?.port?.number === port));
      for (const gateway of mine) {
        const onPort = (Array.isArray(gateway.spec.servers) ? gateway.spec.servers : []).filter((s: any) => s?.port?.number === port);
        if (onPort.length === 0) continue;
        const hosts = addServerHosts(b, nodeId, owner.namespace, onPort, (_namespace, dnsName) => dnsName);
        listeners.push({ gateway, ref: `${gateway.namespace}/${gateway.name}`, port, nodeId, egress, hosts, sections: new Set(onPort.flatMap(sectionsOf)) });
      }
    }
  }
  return listeners;
}

/** Whether a server host's namespace part (`*`, `.`, or a name) lets a VirtualService in `vsNamespace` bind. */
export function admits(host: ServerHost, vsNamespace: string, gatewayNamespace: string): boolean {
  if (host.namespace === '*') return true;
  if (host.namespace === '.') return vsNamespace === gatewayNamespace;
  return host.namespace === vsNamespace;
}

/** The listeners of Gateways that configure the pods `selector` picks in `namespace` (a gateway's own Service). */
export function listenersBehind(model: MeshModel, listeners: readonly GatewayListener[], selector: Readonly<Record<string, string>> | undefined, namespace: string): GatewayListener[] {
  if (!selector || Object.keys(selector).length === 0) return [];
  const pods = model.workloadsSelectedBy(selector, namespace);
  return listeners.filter((l) => {
    const gwSelector = l.gateway.spec.selector;
    return gwSelector && Object.keys(gwSelector).length > 0 && pods.some((p) => labelsMatch(gwSelector, p.podLabels));
  });
}
