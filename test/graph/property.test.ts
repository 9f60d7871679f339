/**
 * Random team topologies (the property suite's arbitraries, built through the public API):
 * the diagram never fails, every arrow joins drawn boxes, every rule is reached from a source,
 * every gateway-bound rule from its gateway, and the output is a function of the manifests only.
 */
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { buildTopology, toDot, toMermaid, TopologyNodeKind as K } from '../../src/graph';
import { MeshModel } from '../../src/model';
import { buildTopology as buildApp, topologySpec } from '../property/topology-arbitrary';
import { synthObjects } from '../support/examples';

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);

test('diagrams of random topologies are whole, connected and deterministic', () => {
  fc.assert(fc.property(topologySpec, (spec) => {
    const app = Testing.app();
    buildApp(app, spec);
    const objects = synthObjects(app);
    const topology = buildTopology(MeshModel.fromObjects(objects));

    const ids = new Set(topology.nodes.map((n) => n.id));
    expect(ids.size).toBe(topology.nodes.length);
    for (const edge of topology.edges) expect([ids.has(edge.from), ids.has(edge.to)]).toEqual([true, true]);
    // No rule floats: each one is reached from a host (gateway or mesh) — except a gateway rule
    // that only matches port 80 when port 80 redirects to https: Envoy never runs it, and the
    // diagram must not pretend otherwise.
    const reached = new Set(topology.edges.map((e) => e.to));
    for (const rule of topology.nodes.filter((n) => n.kind === K.ROUTE)) {
      const [, namespace, name, section, index] = /^route:([^/]+)\/([^/]+)\/(\w+)\/(\d+)$/.exec(rule.id)!;
      const vs = objects.find((o) => o.kind === 'VirtualService' && o.metadata.namespace === namespace && o.metadata.name === name);
      const matches: any[] = vs.spec[section][Number(index)].match ?? [];
      const redirects = spec.teams[Number(namespace.slice('team-'.length))].gateway?.https === true;
      const onlyIngress = (m: any) => { const g: string[] = m.gateways ?? vs.spec.gateways ?? ['mesh']; return g.length > 0 && g.every((x) => x.endsWith('ingress')); };
      const dead = redirects && matches.length > 0 && matches.every((m) => m.port === 80 && onlyIngress(m));
      expect([rule.id, reached.has(rule.id)]).toEqual([rule.id, !dead]);
    }
    // Every routed Service is drawn in its own namespace; nothing is unresolved in valid output.
    expect(topology.nodes.filter((n) => n.kind === K.UNRESOLVED)).toEqual([]);
    // Every team that has a gateway shows it, inside the team's group.
    const gatewayTeams = spec.teams.flatMap((t, i) => (t.gateway ? [`team-${i}`] : []));
    for (const ns of gatewayTeams) expect(topology.nodes.some((n) => n.kind === K.GATEWAY && n.namespace === ns && n.lines[0] === 'ingress')).toBe(true);

    const again = buildTopology(MeshModel.fromObjects([...objects].reverse()));
    expect(toMermaid(again)).toBe(toMermaid(topology));
    expect(toDot(again)).toBe(toDot(topology));
  }), { numRuns: RUNS, seed: 8 });
});
