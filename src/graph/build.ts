/**
 * `buildTopology(model)`: walks the manifests the way traffic flows —
 * gateway listener → server host → VirtualService rule → Service / subset / gateway / ServiceEntry
 * → outside host, and namespace sidecars ("mesh") → host → rule → … for mesh routes — and returns
 * the graph both renderers draw. Gateway API objects are walked through the Gateways and
 * VirtualServices istiod derives from them (src/graph/routing.ts) and drawn under the names the
 * user wrote: the Gateway, the HTTPRoute/TLSRoute rule, the per-version Service backends.
 */
import { hostCovers, hostsIntersect, resolveGatewayRef, resolveHost } from '../model/hosts';
import { MeshModel } from '../model/mesh-model';
import { append } from '../model/per-model';
import { Resource } from '../model/resource';
import { ServiceInfo } from '../model/service';
import { routeOriginOf } from '../simulate/route-origin';
import { TopologyBuilder } from './builder';
import { addServiceEntry, addServiceNode, destinationTargets, externalNodeId, serviceEntryNodeId } from './destinations';
import { addGatewayListeners, admits, GatewayListener, listenersBehind, RouteSection } from './gateways';
import { addRefusedBackends } from './gateway-api-backends';
import { addRefusedParents } from './gateway-api-parents';
import { derivedRuleNode, derivedWeightLabel } from './gateway-api-rules';
import { graphRouting } from './routing';
import { summarizeHttpActions, summarizeMatches } from './match-summary';
import { Topology, TopologyEdgeKind, TopologyNodeKind } from './types';

const SECTIONS: readonly RouteSection[] = ['http', 'tls', 'tcp'];
/** Workload names shown in a mesh node before "+N more". */
const MAX_LISTED_WORKLOADS = 3;

interface Rule {
  readonly section: RouteSection;
  readonly spec: any;
  readonly nodeId: string;
}

/** Builds the traffic topology of everything in `model`. Deterministic: same manifests, same graph. */
export function buildTopology(model: MeshModel): Topology {
  const b = new TopologyBuilder();
  const listeners = addGatewayListeners(model, b);
  for (const entry of model.ofKind('ServiceEntry')) addServiceEntry(b, entry);

  const routedHosts = new Set<string>();
  const routedByGatewayApi = new Set<string>();
  for (const vs of graphRouting(model).virtualServices) addVirtualService(model, b, listeners, vs, vs.derivedFrom ? routedByGatewayApi : routedHosts);

  addUnroutedServices(model, b, listeners, routedHosts, routedByGatewayApi);
  addRefusedParents(model, b);
  addDirectServiceEntryUse(model, b);
  addSameHostEdges(model, b, listeners);
  return b.build();
}

function addVirtualService(model: MeshModel, b: TopologyBuilder, listeners: readonly GatewayListener[], vs: Resource, routedHosts: Set<string>): void {
  const hosts: string[] = (Array.isArray(vs.spec.hosts) ? vs.spec.hosts : [])
    .filter((h: unknown): h is string => typeof h === 'string')
    .map((h: string) => resolveHost(h, vs.namespace).toLowerCase());
  const declared: string[] = Array.isArray(vs.spec.gateways) && vs.spec.gateways.length > 0 ? vs.spec.gateways : ['mesh'];
  const gateways = declared.map((g) => resolveGatewayRef(String(g), vs.namespace));
  const rules = addRules(model, b, listeners, vs, routedHosts);

  for (const ref of [...new Set(gateways)]) {
    if (ref === 'mesh') {
      addMeshSource(model, b, vs, hosts, rules, gateways);
      continue;
    }
    const bound = listeners.filter((l) => l.ref === ref);
    // istiod derives a route's Gateway with it; its internal name must not reach the picture.
    if (bound.length === 0 && vs.derivedFrom) continue;
    if (bound.length === 0) {
      // A route bound to a Gateway that is not in the manifests: drawn, in red, so it is noticed.
      const missing = b.node(`unresolved:gateway:${ref}`, TopologyNodeKind.UNRESOLVED, [`Gateway ${ref}`, 'not in these manifests'], vs.namespace);
      for (const rule of rules) if (applies(rule, gateways, ref, undefined, vs.namespace)) b.edge(missing, rule.nodeId);
      continue;
    }
    for (const listener of bound) {
      for (const serverHost of listener.hosts) {
        if (!admits(serverHost, vs.namespace, listener.gateway.namespace)) continue;
        const matched = hosts.filter((h) => hostsIntersect(serverHost.dnsName, h));
        if (matched.length === 0) continue;
        for (const rule of rules) {
          if (!listener.sections.has(rule.section) || !applies(rule, gateways, ref, listener.port, vs.namespace)) continue;
          if (serverHost.httpsRedirect && rule.section === 'http') continue;
          // Name the route host on the edge only when the server host does not already say it.
          for (const host of matched) b.edge(serverHost.nodeId, rule.nodeId, host === serverHost.dnsName ? undefined : host);
        }
      }
    }
  }
}

/**
 * One node per rule, with edges to where it sends traffic (weights as `90%` when split). The
 * rules of a derived VirtualService are drawn as the HTTPRoute/TLSRoute rules they come from.
 */
function addRules(model: MeshModel, b: TopologyBuilder, listeners: readonly GatewayListener[], vs: Resource, routedHosts: Set<string>): Rule[] {
  const rules: Rule[] = [];
  for (const section of SECTIONS) {
    const list: any[] = Array.isArray(vs.spec[section]) ? vs.spec[section] : [];
    list.forEach((spec, index) => {
      if (!spec || typeof spec !== 'object') return;
      const nodeId = vs.derivedFrom ? addDerivedRuleNode(model, b, vs, section, spec) : addRuleNode(b, vs, section, list, spec, index);
      rules.push({ section, spec, nodeId });

      const entries: any[] = Array.isArray(spec.route) ? spec.route : [];
      const route = entries.filter((r: any) => r?.destination && typeof r.destination.host === 'string');
      if (vs.derivedFrom) addDerivedRefusals(model, b, vs, spec, entries, nodeId);
      for (const r of route) {
        const weight = vs.derivedFrom ? derivedWeightLabel(entries, r) : route.length > 1 ? `${typeof r.weight === 'number' ? r.weight : 0}%` : undefined;
        routedHosts.add(resolveHost(r.destination.host, vs.namespace).toLowerCase());
        for (const target of destinationTargets(model, b, listeners, r.destination, vs.namespace)) {
          b.edge(nodeId, target.nodeId, [weight, target.note].filter(Boolean).join(', ') || undefined);
        }
      }
      if (section === 'http' && spec.mirror && typeof spec.mirror.host === 'string') {
        const percent = typeof spec.mirrorPercentage?.value === 'number' ? ` ${spec.mirrorPercentage.value}%` : '';
        for (const target of destinationTargets(model, b, listeners, spec.mirror, vs.namespace)) b.edge(nodeId, target.nodeId, `mirror${percent}`);
      }
      // istiod writes a Gateway API RequestMirror as `mirrors` (each with its own percentage).
      for (const mirror of vs.derivedFrom && section === 'http' && Array.isArray(spec.mirrors) ? spec.mirrors : []) {
        if (typeof mirror?.destination?.host !== 'string') continue;
        const percent = typeof mirror.percentage?.value === 'number' ? ` ${mirror.percentage.value}%` : '';
        routedHosts.add(resolveHost(mirror.destination.host, vs.namespace).toLowerCase());
        for (const target of destinationTargets(model, b, listeners, mirror.destination, vs.namespace)) b.edge(nodeId, target.nodeId, `mirror${percent}`);
      }
    });
  }
  return rules;
}

function addRuleNode(b: TopologyBuilder, vs: Resource, section: RouteSection, list: readonly any[], spec: any, index: number): string {
  const title = typeof spec.name === 'string' && spec.name !== '' ? `${vs.name}: ${spec.name}` : list.length > 1 ? `${vs.name} #${index + 1}` : vs.name;
  const lines = [
    section === 'http' ? title : `${title} (${section})`,
    ...summarizeMatches(spec.match, section),
    ...(section === 'http' ? summarizeHttpActions(spec) : []),
  ];
  return b.node(`route:${vs.namespace}/${vs.name}/${section}/${index}`, TopologyNodeKind.ROUTE, lines, vs.namespace);
}

/** Edges to the backends istiod could not resolve for a derived rule (their share fails). */
function addDerivedRefusals(model: MeshModel, b: TopologyBuilder, vs: Resource, spec: any, entries: readonly any[], nodeId: string): void {
  const ruleIndex = routeOriginOf(model, vs, spec)?.ruleIndex;
  if (ruleIndex === undefined) return;
  for (const refused of addRefusedBackends(model, b, vs.derivedFrom!, ruleIndex, entries)) b.edge(nodeId, refused.nodeId, derivedWeightLabel(entries, entries[refused.entry]));
}

function addDerivedRuleNode(model: MeshModel, b: TopologyBuilder, vs: Resource, section: RouteSection, spec: any): string {
  const node = derivedRuleNode(model, vs, section, spec);
  return b.node(node.id, TopologyNodeKind.ROUTE, node.lines, node.namespace);
}

/** Whether a rule takes traffic from `source` (`ns/name` of a Gateway, or `mesh`) on `port`. */
function applies(rule: Rule, vsGateways: readonly string[], source: string, port: number | undefined, vsNamespace: string): boolean {
  const matches: any[] = Array.isArray(rule.spec.match) ? rule.spec.match.filter((m: unknown) => m && typeof m === 'object') : [];
  if (matches.length === 0) return true;
  return matches.some((m) => {
    const named: string[] = Array.isArray(m.gateways) && m.gateways.length > 0 ? m.gateways.map((g: unknown) => resolveGatewayRef(String(g), vsNamespace)) : [...vsGateways];
    if (!named.includes(source)) return false;
    return port === undefined || typeof m.port !== 'number' || m.port === port;
  });
}

/** The sidecars of the VirtualService's namespace as the source of its mesh routes. */
function addMeshSource(model: MeshModel, b: TopologyBuilder, vs: Resource, hosts: readonly string[], rules: readonly Rule[], gateways: readonly string[]): void {
  const mesh = meshNode(model, b, vs.namespace);
  for (const host of hosts) {
    const hostId = b.node(`host:mesh:${vs.namespace}:${host}`, TopologyNodeKind.HOST, [host], vs.namespace);
    b.edge(mesh, hostId);
    for (const rule of rules) if (applies(rule, gateways, 'mesh', undefined, vs.namespace)) b.edge(hostId, rule.nodeId);
  }
}

function meshNode(model: MeshModel, b: TopologyBuilder, namespace: string): string {
  const gatewaySelectors = graphRouting(model).gateways.map((g) => g.spec.selector).filter((s) => s && Object.keys(s).length > 0);
  const names = model.workloads
    .filter((w) => w.resource && w.namespace === namespace)
    .filter((w) => !gatewaySelectors.some((s) => Object.entries(s).every(([k, v]) => w.podLabels[k] === v)))
    .map((w) => w.name)
    .sort();
  const shown = names.slice(0, MAX_LISTED_WORKLOADS).join(', ') + (names.length > MAX_LISTED_WORKLOADS ? ` +${names.length - MAX_LISTED_WORKLOADS} more` : '');
  return b.node(`mesh:${namespace}`, TopologyNodeKind.MESH, ['mesh (sidecars)', shown || `in ${namespace}`], namespace);
}

/**
 * Services no route names still belong in the picture (reached by plain Kubernetes DNS). Not the
 * shared Service behind per-version Services a Gateway API route sends to, nor its other
 * per-version Services: the routed ones stand for its versions as subset nodes do in the Istio
 * form, which draws neither a lone shared Service nor the subsets no rule names.
 */
function addUnroutedServices(
  model: MeshModel, b: TopologyBuilder, listeners: readonly GatewayListener[], routedHosts: ReadonlySet<string>, routedByGatewayApi: ReadonlySet<string>,
): void {
  const routedVersions = new Map<string, ServiceInfo[]>();
  for (const host of routedByGatewayApi) {
    const service = model.services.get(host);
    if (service) append(routedVersions, service.namespace, service);
  }
  const all = [...model.services.values()];
  // The routed Services and the shared Services they are versions of: their versions are drawn.
  const drawnFamilies = new Map<string, ServiceInfo[]>();
  for (const service of all) {
    const routed = routedVersions.get(service.namespace) ?? [];
    if (routed.includes(service) || routed.some((v) => narrows(v, service))) append(drawnFamilies, service.namespace, service);
  }
  for (const service of all) {
    if (!service.resource || routedHosts.has(service.host) || routedByGatewayApi.has(service.host)) continue;
    if (listenersBehind(model, listeners, service.selector, service.namespace).length > 0) continue;
    if ((drawnFamilies.get(service.namespace) ?? []).some((family) => family === service || narrows(service, family))) continue;
    addServiceNode(b, service);
  }
}

/** Whether `version` selects a strict part of `shared`'s pods by adding labels to its selector (`svc-1-v1` of `svc-1`). */
function narrows(version: ServiceInfo, shared: ServiceInfo): boolean {
  if (version.namespace !== shared.namespace || !version.selector || !shared.selector) return false;
  const sharedLabels = Object.entries(shared.selector);
  return sharedLabels.length > 0 && Object.keys(version.selector).length > sharedLabels.length
    && sharedLabels.every(([k, v]) => version.selector![k] === v);
}

/**
 * A ServiceEntry without a VirtualService is used directly by the sidecars that see it: drawn
 * from its own namespace's mesh node so that it does not float unconnected.
 */
function addDirectServiceEntryUse(model: MeshModel, b: TopologyBuilder): void {
  const meshHosts = graphRouting(model).virtualServices
    .filter((vs) => !Array.isArray(vs.spec.gateways) || vs.spec.gateways.length === 0 || vs.spec.gateways.includes('mesh'))
    .flatMap((vs) => (Array.isArray(vs.spec.hosts) ? vs.spec.hosts : []).map((h: string) => resolveHost(String(h), vs.namespace).toLowerCase()));
  for (const entry of model.ofKind('ServiceEntry')) {
    const id = serviceEntryNodeId(entry);
    if (b.hasEdgeInto(id)) continue;
    const hosts: string[] = (Array.isArray(entry.spec.hosts) ? entry.spec.hosts : []).map((h: string) => resolveHost(String(h), entry.namespace).toLowerCase());
    if (hosts.some((h) => meshHosts.some((m) => hostsIntersect(h, m)))) continue;
    b.edge(meshNode(model, b, entry.namespace), id, 'direct');
  }
}

/**
 * An outside host that an ingress Gateway here also serves (seed 000: vamp-test3 calls
 * team2.example.com, which is gw-2's host): a dashed edge back into the cluster.
 */
function addSameHostEdges(model: MeshModel, b: TopologyBuilder, listeners: readonly GatewayListener[]): void {
  const outside = new Set<string>();
  for (const entry of model.ofKind('ServiceEntry')) {
    for (const h of Array.isArray(entry.spec.hosts) ? entry.spec.hosts : []) {
      // Only the hosts addServiceEntry drew (strings) have a node to start an edge from.
      if (typeof h === 'string') outside.add(resolveHost(h, entry.namespace).toLowerCase());
    }
  }
  for (const host of [...outside].sort()) {
    for (const listener of listeners) {
      if (listener.egress) continue;
      for (const serverHost of listener.hosts) {
        // `*` serves every name; drawing it would connect every outside host to every gateway.
        if (serverHost.dnsName === '*' || !hostCovers(serverHost.dnsName, host)) continue;
        b.edge(externalNodeId(host), serverHost.nodeId, 'same host name', TopologyEdgeKind.SAME_HOST);
      }
    }
  }
}
