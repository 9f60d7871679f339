/**
 * Section `explain`: requests per second answered by `explain(model, request)` (src/simulate) on
 * the largest topology of the run (1,000 teams by default), once the model is built. The first
 * sweep — one request per team and cookie, which builds the simulator's lazy per-gateway indexes —
 * is timed on its own; the throughput is the steady state after it.
 */
import { MeshModel } from '../../src/model';
import { explain } from '../../src/simulate';
import { ms } from '../lib/format';
import { peakMB, timed } from '../lib/memory';
import { teamName, teamNames } from '../topology/names';
import { libraryManifests } from '../topology/manifests';
import { BenchSection } from './types';

const REQUESTS = 100_000;

export const EXPLAIN_SECTION: BenchSection = {
  name: 'explain',
  title: 'explain(model, request) throughput',
  async run(options, child) {
    const teams = Math.max(...options.teams);
    const m = await child('explain', { teams, requests: REQUESTS });
    return {
      measurements: [m],
      table: [['teams', 'objects', 'model', 'first sweep', 'first sweep req/s', 'requests', 'wall', 'requests/s', 'peak MB'], [
        String(m.teams), String(m.objects), ms(m.modelMs as number), ms(m.firstSweepMs as number), String(m.firstSweepPerSecond),
        String(m.requests), ms(m.wallMs), String(m.requestsPerSecond), String(m.peakMB),
      ]],
      notes: [
        'Requests enter at team i\'s gateway for its host, half with the `beta=true` cookie (→ v2), half without (90/10 split).',
        'Authorization and mTLS are evaluated at both hops (the gateway for a client outside the mesh, then the destination for the gateway\'s identity).',
      ],
    };
  },
  measure(params) {
    const teams = params.teams as number;
    const requests = params.requests as number;
    const manifests = libraryManifests(teams);
    const model = timed(() => MeshModel.fromObjects(manifests));
    const request = (i: number) => {
      const team = i % teams;
      return {
        from: { gateway: `${teamName(team)}/gw` },
        host: teamNames(team).publicHost,
        path: `/items/${i}`,
        ...(i % 2 === 0 ? { cookies: { beta: 'true' } } : {}),
      };
    };
    const first = explain(model.result, request(0));
    if (first.outcome !== 'routed') throw new Error(`explain did not route the benchmark request: ${first.outcome}`);
    const sweep = timed(() => {
      for (let i = 1; i < 2 * teams; i++) explain(model.result, request(i));
    });
    const all = timed(() => {
      for (let i = 0; i < requests; i++) explain(model.result, request(i));
    });
    return {
      section: 'explain', variant: 'library', teams, objects: manifests.length, wallMs: all.ms, peakMB: peakMB(),
      modelMs: model.ms, firstSweepMs: sweep.ms, firstSweepPerSecond: Math.round((2 * teams - 1) / Math.max(sweep.ms, 1) * 1000), requests,
      requestsPerSecond: Math.round(requests / Math.max(all.ms, 1) * 1000),
    };
  },
};
