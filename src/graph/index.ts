/** Traffic topology diagrams from manifests: `buildTopology`, then Mermaid, DOT or SVG. */
export * from './types';
export { buildTopology } from './build';
export { toMermaid, escapeMermaid } from './mermaid';
export { toDot } from './dot';
export { renderSvg, renderSvgSync } from './svg';
export { writeTopologyFiles, topologyMarkdown, TOPOLOGY_MARKDOWN, TOPOLOGY_SVG } from './files';
