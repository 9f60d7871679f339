/**
 * Collects nodes and edges while the topology is walked, then freezes them in a fixed order:
 * the same manifests always give byte-identical diagrams, whatever order maps were filled in.
 */
import { Topology, TopologyEdge, TopologyEdgeKind, TopologyNode, TopologyNodeKind } from './types';

/** Left-to-right reading order of kinds inside a namespace. */
const KIND_RANK: Record<TopologyNodeKind, number> = {
  [TopologyNodeKind.MESH]: 0,
  [TopologyNodeKind.GATEWAY]: 1,
  [TopologyNodeKind.HOST]: 2,
  [TopologyNodeKind.ROUTE]: 3,
  [TopologyNodeKind.SERVICE]: 4,
  [TopologyNodeKind.SUBSET]: 5,
  [TopologyNodeKind.SERVICE_ENTRY]: 6,
  [TopologyNodeKind.EXTERNAL]: 7,
  [TopologyNodeKind.UNRESOLVED]: 8,
};

interface PendingEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: TopologyEdgeKind;
  /** Labels of every parallel edge merged into this one (e.g. two VirtualService hosts). */
  readonly labels: Set<string>;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class TopologyBuilder {
  private readonly nodes = new Map<string, TopologyNode>();
  private readonly edges = new Map<string, PendingEdge>();

  /** Adds a node once; a later call with the same id keeps the first (ids encode identity). */
  public node(id: string, kind: TopologyNodeKind, lines: readonly string[], namespace?: string): string {
    if (!this.nodes.has(id)) this.nodes.set(id, { id, kind, lines, ...(namespace !== undefined ? { namespace } : {}) });
    return id;
  }

  public has(id: string): boolean {
    return this.nodes.has(id);
  }

  /** Adds an edge; parallel edges of the same kind merge, keeping every distinct label. */
  public edge(from: string, to: string, label?: string, kind: TopologyEdgeKind = TopologyEdgeKind.TRAFFIC): void {
    const key = `${from}\u0000${to}\u0000${kind}`;
    let edge = this.edges.get(key);
    if (!edge) {
      edge = { from, to, kind, labels: new Set() };
      this.edges.set(key, edge);
    }
    if (label) edge.labels.add(label);
  }

  public hasEdgeInto(id: string): boolean {
    for (const edge of this.edges.values()) if (edge.to === id) return true;
    return false;
  }

  public build(): Topology {
    const nodes = [...this.nodes.values()].sort((a, b) =>
      // Namespaced nodes first, outside-the-mesh hosts last.
      compare(a.namespace === undefined ? '\uffff' : a.namespace, b.namespace === undefined ? '\uffff' : b.namespace)
      || KIND_RANK[a.kind] - KIND_RANK[b.kind]
      || compare(a.id, b.id));
    const edges: TopologyEdge[] = [...this.edges.values()].map((e) => {
      const from = this.nodes.get(e.from);
      const to = this.nodes.get(e.to);
      if (!from || !to) throw new Error(`topology edge ${e.from} -> ${e.to} names a node that was never added`);
      const label = [...e.labels].sort(compare).join(', ');
      return {
        from: e.from,
        to: e.to,
        kind: e.kind,
        ...(label ? { label } : {}),
        crossNamespace: from.namespace !== undefined && to.namespace !== undefined && from.namespace !== to.namespace,
      };
    }).sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to) || compare(a.label ?? '', b.label ?? ''));
    const namespaces = [...new Set(nodes.map((n) => n.namespace).filter((ns): ns is string => ns !== undefined))].sort(compare);
    return { nodes, edges, namespaces };
  }
}
