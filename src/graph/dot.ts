/**
 * The topology as Graphviz DOT: left to right, one cluster per namespace (plus one for hosts
 * outside), titles in bold, and traffic that crosses into another namespace drawn thick and red
 * so a reviewer sees at once which routes depend on another team.
 */
import { Topology, TopologyEdge, TopologyEdgeKind, TopologyNode, TopologyNodeKind } from './types';

/**
 * Graphviz sizes boxes from its own metrics of the named font. DejaVu Sans is among the widest
 * common sans fonts (Verdana's metrics), so boxes sized for it also fit Helvetica or Arial; the
 * SVG then lists fallbacks (see svg.ts) so viewers without DejaVu still get a sans font.
 */
export const DOT_FONT = 'DejaVu Sans';
const CROSS_NAMESPACE_COLOR = '#d93025';
/** Caption under the picture, so the SVG explains itself outside the Markdown (one entry a line). */
const LEGEND = [
  'Traffic topology from the manifests.',
  'Thick red arrows: traffic into another namespace.',
  'Dashed arrows: an outside host that a gateway here also serves.',
];

/** Node attributes per kind (shape and colours; labels are added per node). */
const NODE_STYLE: Record<TopologyNodeKind, string> = {
  [TopologyNodeKind.MESH]: 'shape=box, style="rounded,filled", fillcolor="#e6f4ea", color="#188038"',
  [TopologyNodeKind.GATEWAY]: 'shape=box, style="filled,bold", fillcolor="#d2e3fc", color="#1a73e8"',
  [TopologyNodeKind.HOST]: 'shape=box, style="rounded", color="#5f6368"',
  [TopologyNodeKind.ROUTE]: 'shape=box, style="filled", fillcolor="#fef7e0", color="#f9ab00"',
  [TopologyNodeKind.SERVICE]: 'shape=box, style="rounded,filled", fillcolor="#e8eaed", color="#3c4043"',
  [TopologyNodeKind.SUBSET]: 'shape=box, style="rounded,filled", fillcolor="#e8eaed", color="#3c4043"',
  [TopologyNodeKind.SERVICE_ENTRY]: 'shape=component, style="filled", fillcolor="#f3e8fd", color="#9334e6"',
  [TopologyNodeKind.EXTERNAL]: 'shape=box, style="rounded,dashed", color="#9334e6"',
  [TopologyNodeKind.UNRESOLVED]: 'shape=octagon, style="filled,bold", fillcolor="#fce8e6", color="#d93025"',
};

/** Escapes text for a DOT double-quoted string. */
export function escapeDotString(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ');
}

/** Escapes text for a DOT HTML-like label. */
export function escapeDotHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\r\n]+/g, ' ');
}

/** `<<b>title</b><br/>line…>`: HTML-like so the title can be bold and other lines smaller. */
function htmlLabel(lines: readonly string[]): string {
  const [title, ...rest] = lines.map(escapeDotHtml);
  const details = rest.map((line) => `<br/><font point-size="10">${line}</font>`).join('');
  return `<<b>${title}</b>${details}>`;
}

function nodeStatement(node: TopologyNode): string {
  return `"${escapeDotString(node.id)}" [${NODE_STYLE[node.kind]}, label=${htmlLabel(node.lines)}];`;
}

function edgeStatement(edge: TopologyEdge): string {
  const attrs: string[] = [];
  if (edge.label) attrs.push(`label="${escapeDotString(edge.label)}"`);
  if (edge.kind === TopologyEdgeKind.SAME_HOST) {
    // Inferred from names only; must not pull the gateway's namespace into the outside ranks.
    attrs.push('style=dashed', 'color="#9aa0a6"', 'fontcolor="#5f6368"', 'constraint=false');
  } else if (edge.crossNamespace) {
    attrs.push(`color="${CROSS_NAMESPACE_COLOR}"`, `fontcolor="${CROSS_NAMESPACE_COLOR}"`, 'penwidth=2.5', 'style=bold');
  }
  const list = attrs.length > 0 ? ` [${attrs.join(', ')}]` : '';
  return `"${escapeDotString(edge.from)}" -> "${escapeDotString(edge.to)}"${list};`;
}

function cluster(out: string[], index: number, title: string, nodes: readonly TopologyNode[], fill: string): void {
  out.push(`  subgraph "cluster_${index}" {`);
  out.push(`    label=<<b>${escapeDotHtml(title)}</b>>; labelloc=t; labeljust=l; style="rounded,filled"; fillcolor="${fill}"; color="#bdc1c6";`);
  for (const node of nodes) out.push(`    ${nodeStatement(node)}`);
  out.push('  }');
}

/** Renders the topology as DOT source. */
export function toDot(topology: Topology): string {
  const out: string[] = [
    'digraph topology {',
    `  graph [rankdir=LR, newrank=true, ordering=out, nodesep=0.25, ranksep=0.55, fontname="${DOT_FONT}", fontsize=13, pad=0.3,`,
    `    labelloc=b, labeljust=l, label="${LEGEND.map(escapeDotString).join('\\l')}\\l"];`,
    `  node [fontname="${DOT_FONT}", fontsize=12, margin="0.15,0.06"];`,
    `  edge [fontname="${DOT_FONT}", fontsize=10, color="#5f6368", arrowsize=0.7];`,
  ];
  topology.namespaces.forEach((namespace, i) => {
    cluster(out, i + 1, `namespace ${namespace}`, topology.nodes.filter((n) => n.namespace === namespace), '#f8f9fa');
  });
  const outside = topology.nodes.filter((n) => n.namespace === undefined);
  if (outside.length > 0) cluster(out, topology.namespaces.length + 1, 'outside the namespaces', outside, '#ffffff');
  // With rankdir=LR and ordering=out, Graphviz stacks a node's successors bottom-up in edge
  // order; emitting edges in reverse draws them in topology order top-down (v1 above v2, a
  // VirtualService's first rule above its catch-all). Checked on the examples' PNGs.
  for (const edge of [...topology.edges].reverse()) out.push(`  ${edgeStatement(edge)}`);
  out.push('}');
  return `${out.join('\n')}\n`;
}
