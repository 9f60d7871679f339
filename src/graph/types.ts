/**
 * The traffic topology: a small, renderer-neutral graph (nodes + edges in a fixed order) built
 * from a MeshModel. Mermaid and DOT are two views of the same value, so they cannot disagree.
 */

/** What a node stands for; renderers pick shapes and colours from it. */
export enum TopologyNodeKind {
  /** One port of a Gateway (Istio or Gateway API) (`gw-1 :80 HTTP`). */
  GATEWAY = 'gateway',
  /** A host name a gateway server or a mesh route accepts. */
  HOST = 'host',
  /** The sidecars of a namespace: where mesh (`gateways: [mesh]`) routes start. */
  MESH = 'mesh',
  /** One rule of a VirtualService (`http`, `tls` or `tcp`) or of an HTTPRoute/TLSRoute, labelled with its match. */
  ROUTE = 'route',
  /** A Kubernetes Service (a destination without subset). */
  SERVICE = 'service',
  /** A subset of a Kubernetes Service (`svc-1 v2`). */
  SUBSET = 'subset',
  /** A ServiceEntry: the registry entry that makes an outside host reachable. */
  SERVICE_ENTRY = 'service-entry',
  /** A host outside the mesh (a ServiceEntry host). */
  EXTERNAL = 'external',
  /**
   * A destination host that is neither a Service nor a ServiceEntry host (Envoy answers 503), a
   * Gateway a route names that is not in the manifests, a Gateway API backendRef istiod refuses,
   * or a Gateway API route a parent does not accept.
   */
  UNRESOLVED = 'unresolved',
}

/** How an edge is drawn. */
export enum TopologyEdgeKind {
  /** Traffic that the manifests route. */
  TRAFFIC = 'traffic',
  /**
   * An outside host that a Gateway in this cluster also serves: traffic leaves the mesh and, if
   * DNS points at that gateway, comes back in. Inferred from host names only, so drawn dashed.
   */
  SAME_HOST = 'same-host',
}

/** One box of the diagram. */
export interface TopologyNode {
  /** Stable, unique id (`gateway:vamp-test1/gw-1:80`); renderers map it to their own ids. */
  readonly id: string;
  /** What the node stands for (decides its shape and colour). */
  readonly kind: TopologyNodeKind;
  /** Lines shown in the node, first line is the title. Plain text: renderers escape it. */
  readonly lines: readonly string[];
  /** The namespace the node is drawn in; absent for hosts outside the mesh. */
  readonly namespace?: string;
}

/** One arrow of the diagram: traffic from `from` to `to`. */
export interface TopologyEdge {
  /** `id` of the source node. */
  readonly from: string;
  /** `id` of the target node. */
  readonly to: string;
  /** Routed traffic, or a link inferred from host names (drawn dashed). */
  readonly kind: TopologyEdgeKind;
  /** Short text on the edge (`90%`, a VirtualService host under a wildcard server host). */
  readonly label?: string;
  /** Both ends are in namespaces, and not the same one: traffic crosses a team boundary. */
  readonly crossNamespace: boolean;
}

/** The traffic topology of a set of manifests, as `buildTopology` returns it. */
export interface Topology {
  /** Sorted by namespace (outside-the-mesh last), then kind, then id. */
  readonly nodes: readonly TopologyNode[];
  /** Sorted by source, target, label. */
  readonly edges: readonly TopologyEdge[];
  /** Namespaces that hold at least one node, sorted. */
  readonly namespaces: readonly string[];
}
