/**
 * The topology as a Mermaid `flowchart LR`, one `subgraph` per namespace, for GitHub markdown.
 *
 * Every label is quoted and every character Mermaid's grammar gives a meaning to is written as
 * an entity code (`#91;` for `[` …), so host names, regexes and cookie values can never end a
 * label early. Node ids are `n<index>` in topology order: stable, and never a keyword like `end`.
 */
import { Topology, TopologyEdgeKind, TopologyNode, TopologyNodeKind } from './types';

/** Characters that have a meaning in Mermaid flowchart syntax, even inside quotes. */
const MERMAID_ENTITIES: Record<string, string> = {
  '#': '#35;', // first: every other code starts with it
  '"': '#quot;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
  '[': '#91;',
  ']': '#93;',
  '(': '#40;',
  ')': '#41;',
  '{': '#123;',
  '}': '#125;',
  '|': '#124;',
  ';': '#59;',
  '`': '#96;',
};

/** Escapes one line of text for a quoted Mermaid label. */
export function escapeMermaid(text: string): string {
  return text.replace(/[#"&<>[\](){}|;`]/g, (c) => MERMAID_ENTITIES[c]).replace(/[\r\n]+/g, ' ');
}

/** Opening and closing delimiters of each kind's shape. */
const SHAPES: Record<TopologyNodeKind, readonly [string, string]> = {
  [TopologyNodeKind.MESH]: ['([', '])'],
  [TopologyNodeKind.GATEWAY]: ['{{', '}}'],
  [TopologyNodeKind.HOST]: ['>', ']'],
  [TopologyNodeKind.ROUTE]: ['[', ']'],
  [TopologyNodeKind.SERVICE]: ['[[', ']]'],
  [TopologyNodeKind.SUBSET]: ['(', ')'],
  [TopologyNodeKind.SERVICE_ENTRY]: ['[/', '/]'],
  [TopologyNodeKind.EXTERNAL]: ['[\\', '\\]'],
  [TopologyNodeKind.UNRESOLVED]: ['[', ']'],
};

const CLASS_DEFS: Record<TopologyNodeKind, string> = {
  [TopologyNodeKind.MESH]: 'fill:#e6f4ea,stroke:#188038',
  [TopologyNodeKind.GATEWAY]: 'fill:#d2e3fc,stroke:#1a73e8,stroke-width:2px',
  [TopologyNodeKind.HOST]: 'fill:#ffffff,stroke:#5f6368',
  [TopologyNodeKind.ROUTE]: 'fill:#fef7e0,stroke:#f9ab00',
  [TopologyNodeKind.SERVICE]: 'fill:#e8eaed,stroke:#3c4043',
  [TopologyNodeKind.SUBSET]: 'fill:#e8eaed,stroke:#3c4043',
  [TopologyNodeKind.SERVICE_ENTRY]: 'fill:#f3e8fd,stroke:#9334e6',
  [TopologyNodeKind.EXTERNAL]: 'fill:#ffffff,stroke:#9334e6,stroke-dasharray:4 2',
  [TopologyNodeKind.UNRESOLVED]: 'fill:#fce8e6,stroke:#d93025,stroke-width:2px',
};

/** Class names must be identifiers: `service-entry` → `serviceEntry`. */
function className(kind: TopologyNodeKind): string {
  return kind.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

function nodeLine(id: string, node: TopologyNode): string {
  const [open, close] = SHAPES[node.kind];
  return `${id}${open}"${node.lines.map(escapeMermaid).join('<br/>')}"${close}`;
}

/** Renders the topology as Mermaid flowchart source (no fences). */
export function toMermaid(topology: Topology): string {
  const ids = new Map(topology.nodes.map((node, i) => [node.id, `n${i + 1}`]));
  const out: string[] = ['flowchart LR'];

  topology.namespaces.forEach((namespace, i) => {
    out.push(`  subgraph ns${i + 1}["namespace ${escapeMermaid(namespace)}"]`);
    out.push('    direction LR');
    for (const node of topology.nodes) if (node.namespace === namespace) out.push(`    ${nodeLine(ids.get(node.id)!, node)}`);
    out.push('  end');
  });
  const outside = topology.nodes.filter((n) => n.namespace === undefined);
  if (outside.length > 0) {
    out.push('  subgraph outside["outside the namespaces"]');
    out.push('    direction LR');
    for (const node of outside) out.push(`    ${nodeLine(ids.get(node.id)!, node)}`);
    out.push('  end');
  }

  const crossing: number[] = [];
  topology.edges.forEach((edge, i) => {
    // Thick arrows for traffic into another team's namespace, dotted for inferred links.
    const arrow = edge.kind === TopologyEdgeKind.SAME_HOST ? '-.->' : edge.crossNamespace ? '==>' : '-->';
    const label = edge.label ? `|"${escapeMermaid(edge.label)}"|` : '';
    out.push(`  ${ids.get(edge.from)} ${arrow}${label} ${ids.get(edge.to)}`);
    if (edge.crossNamespace) crossing.push(i);
  });

  for (const kind of Object.values(TopologyNodeKind)) {
    const members = topology.nodes.filter((n) => n.kind === kind).map((n) => ids.get(n.id));
    if (members.length === 0) continue;
    out.push(`  classDef ${className(kind)} ${CLASS_DEFS[kind]}`);
    out.push(`  class ${members.join(',')} ${className(kind)}`);
  }
  if (crossing.length > 0) out.push(`  linkStyle ${crossing.join(',')} stroke:#d93025,stroke-width:3px,color:#d93025`);
  return `${out.join('\n')}\n`;
}
