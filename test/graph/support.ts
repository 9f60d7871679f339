/**
 * Finding nodes and edges of a topology by what a reader sees (kind, first line, namespace),
 * so tests do not depend on internal node ids.
 */
import { MeshModel } from '../../src/model';
import { buildTopology, Topology, TopologyEdge, TopologyNode, TopologyNodeKind } from '../../src/graph';
import { buildExample, synthObjects } from '../support/examples';

export function exampleTopology(name: string): Topology {
  return buildTopology(MeshModel.fromObjects(synthObjects(buildExample(name))));
}

export function findNode(t: Topology, kind: TopologyNodeKind, title: string, namespace?: string): TopologyNode {
  const found = t.nodes.filter((n) => n.kind === kind && n.lines[0] === title && (namespace === undefined || n.namespace === namespace));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} node "${title}"${namespace ? ` in ${namespace}` : ''}, found ${found.length}: ${t.nodes.map((n) => `${n.kind}:${n.lines[0]}@${n.namespace}`).join(' | ')}`);
  }
  return found[0];
}

/** Nodes by kind and the text of any of their lines. */
export function nodesWithLine(t: Topology, kind: TopologyNodeKind, line: string): TopologyNode[] {
  return t.nodes.filter((n) => n.kind === kind && n.lines.includes(line));
}

export function edgeBetween(t: Topology, from: TopologyNode, to: TopologyNode): TopologyEdge | undefined {
  return t.edges.find((e) => e.from === from.id && e.to === to.id);
}

export function successors(t: Topology, node: TopologyNode): TopologyNode[] {
  return t.edges.filter((e) => e.from === node.id).map((e) => t.nodes.find((n) => n.id === e.to)!);
}
