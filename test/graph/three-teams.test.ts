/**
 * Seed 000 as a picture: gw-1's two host names to the two subsets of svc-1, gw-2's path routes
 * (one across into vamp-test1), and vamp-test3 reaching gw-2's host through a ServiceEntry.
 */
import { TopologyEdgeKind, TopologyNodeKind as K } from '../../src/graph';
import { edgeBetween, exampleTopology, findNode, successors } from './support';

const t = exampleTopology('three-teams');

test('one namespace group per team', () => {
  expect(t.namespaces).toEqual(['vamp-test1', 'vamp-test2', 'vamp-test3']);
});

test('gw-1 serves two hosts, each routed to its own subset of svc-1', () => {
  const gw1 = findNode(t, K.GATEWAY, 'gw-1', 'vamp-test1');
  expect(gw1.lines[1]).toBe('ingress gateway :80 HTTP');
  const hosts = successors(t, gw1);
  expect(hosts.map((h) => h.lines[0]).sort()).toEqual(['v1.team1.example.com', 'v2.team1.example.com']);
  for (const version of ['v1', 'v2']) {
    const host = hosts.find((h) => h.lines[0] === `${version}.team1.example.com`)!;
    const [rule] = successors(t, host);
    expect(rule.kind).toBe(K.ROUTE);
    expect(rule.lines).toEqual([`svc-1-${version}`, 'default']);
    expect(successors(t, rule).map((n) => [n.kind, n.lines.join(' '), n.namespace])).toEqual([[K.SUBSET, `svc-1 subset ${version}`, 'vamp-test1']]);
  }
});

test('gw-2 routes /svc1/ across into vamp-test1, marked cross-namespace, and /svc2/ at home', () => {
  const host = findNode(t, K.HOST, 'team2.example.com', 'vamp-test2');
  const rules = successors(t, host);
  expect(rules.map((r) => r.lines)).toEqual([
    ['svc-router: svc-1', 'prefix /svc1/', 'or exact /svc1', 'rewrite path to /'],
    ['svc-router: svc-2', 'prefix /svc2/', 'or exact /svc2', 'rewrite path to /'],
  ]);
  const svc1 = findNode(t, K.SERVICE, 'svc-1', 'vamp-test1');
  expect(edgeBetween(t, rules[0], svc1)).toMatchObject({ crossNamespace: true });
  const svc2v1 = findNode(t, K.SUBSET, 'svc-2', 'vamp-test2');
  expect(edgeBetween(t, rules[1], svc2v1)).toMatchObject({ crossNamespace: false });
  expect(t.edges.filter((e) => e.crossNamespace)).toHaveLength(1);
});

test('vamp-test3 sidecars reach team2.example.com through its ServiceEntry, with retries and timeout', () => {
  const mesh = findNode(t, K.MESH, 'mesh (sidecars)', 'vamp-test3');
  expect(mesh.lines[1]).toBe('client');
  const [host] = successors(t, mesh);
  expect(host.lines).toEqual(['team2.example.com']);
  const [rule] = successors(t, host);
  expect(rule.lines).toEqual(['team2-api', 'default', 'timeout 10s', 'retries 3']);
  const entry = findNode(t, K.SERVICE_ENTRY, 'team2-api', 'vamp-test3');
  expect(successors(t, rule)).toEqual([entry]);
  const outside = findNode(t, K.EXTERNAL, 'team2.example.com');
  expect(outside.namespace).toBeUndefined();
  expect(edgeBetween(t, entry, outside)).toBeDefined();
});

test('the outside host is joined (dashed) to gw-2, which serves the same name', () => {
  const outside = findNode(t, K.EXTERNAL, 'team2.example.com');
  const gw2Host = findNode(t, K.HOST, 'team2.example.com', 'vamp-test2');
  expect(edgeBetween(t, outside, gw2Host)).toMatchObject({ kind: TopologyEdgeKind.SAME_HOST, label: 'same host name' });
});

test('gateway Services and Deployments are not drawn as plain services', () => {
  expect(t.nodes.filter((n) => n.kind === K.SERVICE).map((n) => n.lines[0])).toEqual(['svc-1']);
});
