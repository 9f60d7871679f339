/**
 * Section `synth-api`: the same library topology synthesised on Istio's APIs and on the Gateway
 * API (Team `api: TrafficApi.GATEWAY_API`), at 10, 100 and 1,000 teams, each measurement in its
 * own child process, interleaved (Istio, Gateway API, Istio, …) so that both see the same
 * machine load. Targets at 1,000 teams (issue #15): Gateway API synth within 1.5× the Istio-API
 * synth of the same run, and linear (exponent ≤ 1.1 from 100 to 1,000 teams).
 */
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { TrafficApi } from '../../src/constructs/traffic-api';
import { MeshApp } from '../../src/synth';
import { ms, ratio } from '../lib/format';
import { round, withExponents } from '../lib/scaling';
import { peakMB, timed } from '../lib/memory';
import { buildLibraryTopology } from '../topology/library-team';
import { BenchSection, Measurement } from './types';

const APIS = ['istio', 'gateway-api'] as const;
const TARGETS = { vsIstio: 1.5, exponent: 1.1 };
/** Each size is measured this many times per API; the report keeps the fastest (the least disturbed). */
const REPEATS = 3;

export const SYNTH_API_SECTION: BenchSection = {
  name: 'synth-api',
  title: "Synthesis on Istio's APIs vs on the Gateway API (same topology, same run)",
  async run(options, child) {
    const rows: Measurement[] = [];
    for (const teams of options.teams) {
      const best: Record<string, Measurement> = {};
      for (let i = 0; i < REPEATS; i++) {
        for (const api of APIS) {
          const m = await child('synth-api', { api, teams, outdir: path.join(options.workdir, `synth-api-${teams}-${api}`) });
          if (!best[api] || m.wallMs < best[api].wallMs) best[api] = m;
        }
      }
      rows.push(best.istio, { ...best['gateway-api'], ratioToIstio: round(best['gateway-api'].wallMs / best.istio.wallMs) });
    }
    const measurements = withExponents(rows);
    return { measurements, table: table(measurements), notes: summary(measurements) };
  },
  measure(params) {
    const api = params.api === 'gateway-api' ? TrafficApi.GATEWAY_API : TrafficApi.ISTIO;
    const teams = params.teams as number;
    const app = new MeshApp({ outdir: params.outdir as string });
    const build = timed(() => buildLibraryTopology(app, teams, api));
    const synth = timed(() => app.synth());
    const objects = app.node.findAll().filter((c) => ApiObject.isApiObject(c)).length;
    return { section: 'synth-api', variant: params.api, teams, objects, wallMs: build.ms + synth.ms, peakMB: peakMB(), buildMs: build.ms, synthMs: synth.ms };
  },
};


function table(rows: readonly Measurement[]): string[][] {
  return [['teams', 'api', 'objects', 'wall (best of 3)', 'peak MB', 'gateway-api ÷ istio', 'exponent'], ...rows.map((r) => [
    String(r.teams), String(r.variant), String(r.objects), ms(r.wallMs), String(r.peakMB),
    r.ratioToIstio === undefined ? '' : ratio(r.ratioToIstio as number),
    r.exponent === undefined ? '' : (r.exponent as number).toFixed(2),
  ])];
}

function summary(rows: readonly Measurement[]): string[] {
  const largest = Math.max(...rows.map((r) => r.teams as number));
  const at = (api: string) => rows.find((r) => r.teams === largest && r.variant === api)!;
  const gw = at('gateway-api');
  const check = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const lines = [`At ${largest} teams: Gateway API ${ms(gw.wallMs)} = ${ratio(gw.ratioToIstio as number)} the Istio-API synth ${ms(at('istio').wallMs)} ` +
    `(${check((gw.ratioToIstio as number) <= TARGETS.vsIstio)}: ≤ ${TARGETS.vsIstio}×).`];
  if (gw.exponent !== undefined) {
    lines.push(`Scaling exponent ${gw.exponentFrom}→${largest} teams: gateway-api ${(gw.exponent as number).toFixed(2)} ` +
      `(${check((gw.exponent as number) <= TARGETS.exponent)}: ≤ ${TARGETS.exponent}), istio ${(at('istio').exponent as number).toFixed(2)}.`);
  }
  lines.push('wall = building the constructs + MeshApp synthesis + writing, inside a fresh child; best of 3 interleaved runs per API and size.');
  return lines;
}
