/**
 * The Mermaid view: deterministic, grouped by namespace, and safe whatever the labels contain
 * (regexes, quotes, brackets), because one stray `]` or `"` breaks the whole diagram on GitHub.
 */
import { escapeMermaid, toMermaid, Topology, TopologyEdgeKind, TopologyNodeKind as K } from '../../src/graph';
import { exampleTopology } from './support';

/** Every node statement: id, opening shape, quoted label, closing shape. */
const NODE_LINE = /^ {4}(n\d+)(\(\[|\{\{|>|\[\[|\[\/|\[\\|\[|\()"([^"]*)"(\]\)|\}\}|\]\]|\/\]|\\\]|\]|\))$/;
/** Characters that must never appear raw inside a label (entity codes start with `#` and end with `;`). */
const UNSAFE = /["[\](){}|<>`]/;

function labelsOf(mermaid: string): string[] {
  return mermaid.split('\n').map((l) => NODE_LINE.exec(l)).filter((m): m is RegExpExecArray => m !== null).map((m) => m[3]);
}

function expectSane(mermaid: string): void {
  const lines = mermaid.trimEnd().split('\n');
  expect(lines[0]).toBe('flowchart LR');
  const opened = lines.filter((l) => /^ {2}subgraph /.test(l)).length;
  expect(lines.filter((l) => l === '  end')).toHaveLength(opened);
  // Every line is a known statement: nothing a stray character could have split.
  for (const line of lines.slice(1)) {
    expect(line).toMatch(/^( {2}subgraph \w+\["[^"]*"\]| {4}direction LR| {2}end|( {4}.*)| {2}n\d+ (-->|==>|-\.->)(\|"[^"]*"\|)? n\d+| {2}classDef \w+ .*| {2}class [n\d,]+ \w+| {2}linkStyle [\d,]+ .*)$/);
  }
  for (const line of lines.filter((l) => l.startsWith('    ') && !l.includes('direction'))) expect(line).toMatch(NODE_LINE);
  for (const label of labelsOf(mermaid)) expect(label.replace(/<br\/>/g, '')).not.toMatch(UNSAFE);
}

test('three teams: one subgraph per namespace, the cross-namespace route thick and red', () => {
  const mermaid = toMermaid(exampleTopology('three-teams'));
  expectSane(mermaid);
  expect(mermaid.match(/^ {2}subgraph .*$/gm)).toEqual([
    '  subgraph ns1["namespace vamp-test1"]',
    '  subgraph ns2["namespace vamp-test2"]',
    '  subgraph ns3["namespace vamp-test3"]',
    '  subgraph outside["outside the namespaces"]',
  ]);
  const thick = mermaid.split('\n').filter((l) => l.includes('==>'));
  expect(thick).toHaveLength(1);
  const [from, to] = thick[0].trim().split(' ==> ');
  expect(mermaid).toContain(`${from}["svc-router: svc-1<br/>prefix /svc1/<br/>or exact /svc1<br/>rewrite path to /"]`);
  expect(mermaid).toContain(`${to}[["svc-1<br/>Service"]]`);
  const edgeIndex = mermaid.split('\n').filter((l) => / (-->|==>|-\.->)/.test(l)).findIndex((l) => l.includes('==>'));
  expect(mermaid).toContain(`linkStyle ${edgeIndex} stroke:#d93025`);
  expect(mermaid).toMatch(/n\d+ -\.->\|"same host name"\| n\d+/);
});

test('every example renders sanely and identically twice; weights and cookies read as written', () => {
  for (const name of ['three-teams', 'website-rollout', 'cookie-routing', 'egress-gateway']) {
    const mermaid = toMermaid(exampleTopology(name));
    expectSane(mermaid);
    expect(toMermaid(exampleTopology(name))).toBe(mermaid);
  }
  expect(toMermaid(exampleTopology('website-rollout'))).toMatch(/-->\|"90%"\|.*\n.*-->\|"10%"\|/);
  expect(toMermaid(exampleTopology('cookie-routing'))).toContain('"reviews: jason<br/>cookie user=jason"');
});

test('hostile label text is escaped into entity codes, never left raw', () => {
  const nasty = 'regex ^/a[b](c)|"d";{e}<f>`g` #h & i';
  const topology: Topology = {
    namespaces: ['end'],
    nodes: [
      { id: 'a', kind: K.ROUTE, lines: ['vs: end', nasty], namespace: 'end' },
      { id: 'b', kind: K.EXTERNAL, lines: ['x"]; click a call alert()'] },
    ],
    edges: [{ from: 'a', to: 'b', kind: TopologyEdgeKind.TRAFFIC, label: '50% "|x|"', crossNamespace: false }],
  };
  const mermaid = toMermaid(topology);
  expectSane(mermaid);
  expect(mermaid).toContain('n1["vs: end<br/>regex ^/a#91;b#93;#40;c#41;#124;#quot;d#quot;#59;#123;e#125;#lt;f#gt;#96;g#96; #35;h #amp; i"]');
  expect(mermaid).toContain('n1 -->|"50% #quot;#124;x#124;#quot;"| n2');
  expect(escapeMermaid('a\nb')).toBe('a b');
});
