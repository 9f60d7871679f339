/**
 * DOT and SVG through the real Graphviz (WASM): clusters per namespace, the cross-namespace edge
 * drawn in red, the sync and async paths giving the same picture.
 */
import { renderSvg, renderSvgSync, toDot } from '../../src/graph';
import { dotToSvg, dotToSvgSync } from '../../src/graph/graphviz';
import { exampleTopology } from './support';

/** Graphviz writes `-` as `&#45;` in SVG text. */
function svgText(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&#45;/g, '-').replace(/&amp;/g, '&'));
}

const topology = exampleTopology('three-teams');

test('DOT: left to right, a cluster per namespace, the crossing edge red and bold, labels escaped', () => {
  const dot = toDot(topology);
  expect(dot).toMatch(/^digraph topology \{\n {2}graph \[rankdir=LR,/);
  expect(dot.match(/label=<<b>namespace [^<]*<\/b>>/g)).toEqual([
    'label=<<b>namespace vamp-test1</b>>', 'label=<<b>namespace vamp-test2</b>>', 'label=<<b>namespace vamp-test3</b>>',
  ]);
  const red = dot.split('\n').filter((l) => l.includes('color="#d93025"'));
  expect(red).toEqual(['  "route:vamp-test2/svc-router/http/0" -> "service:vamp-test1/svc-1" [color="#d93025", fontcolor="#d93025", penwidth=2.5, style=bold];']);
  expect(dot).toContain('"external:team2.example.com" -> "gateway:vamp-test2/gw-2:00080:team2.example.com" [label="same host name", style=dashed');
});

test('SVG: an XML document with the namespace titles and node labels as text', async () => {
  const svg = await renderSvg(topology);
  expect(svg.startsWith('<?xml')).toBe(true);
  expect(svg).toContain('<svg ');
  const text = svgText(svg);
  for (const title of ['namespace vamp-test1', 'namespace vamp-test2', 'namespace vamp-test3', 'outside the namespaces', 'gw-1', 'svc-router: svc-1', 'subset v2']) {
    expect(text).toContain(title);
  }
  expect(svg).toContain('stroke="#d93025"');
  // Sized for DejaVu Sans, but viewers without it get a sans fallback rather than a serif.
  expect(svg).toContain('font-family="DejaVu Sans,Verdana,Helvetica,Arial,sans-serif"');
  expect(svg).not.toContain('font-family="DejaVu Sans"');
});

test('the synchronous render (for cdk8s synth) draws the same picture', async () => {
  expect(renderSvgSync(topology)).toBe(await renderSvg(topology));
});

test('DOT that Graphviz rejects is an error, not an empty picture', async () => {
  await expect(dotToSvg('digraph { a -> }')).rejects.toThrow(/Graphviz could not render the diagram/);
  expect(() => dotToSvgSync('digraph { a -> }')).toThrow(/Graphviz could not render the diagram/);
});
