/**
 * The three ways of producing the same manifest files, each measured alone in a child process:
 * - library: the constructs, synthesised by MeshApp (the fast path);
 * - plain-cdk8s: the same manifests declared with generated classes, one Chart per team in one
 *   App, `App.synth()` — what a team without the library pays;
 * - floor: `yaml` stringify of the same plain objects, written to the same files — no cdk8s.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App } from 'cdk8s';
import { stringify } from 'yaml';
import { MeshApp } from '../../../src/synth';
import { peakMB, timed } from '../../lib/memory';
import { buildLibraryTopology } from '../../topology/library-team';
import { addPlainTeam } from '../../topology/plain-team';
import { Measurement } from '../types';
import { loadTeams } from './manifests';

export const VARIANTS = ['library', 'plain-cdk8s', 'floor'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface SynthParams {
  readonly variant: Variant;
  readonly teams: number;
  readonly outdir: string;
  /** For plain-cdk8s and floor: the JSON of the library's manifests (see manifests.ts). */
  readonly manifests?: string;
}

export function measureSynth(params: SynthParams): Measurement {
  const base = { section: 'synth', teams: params.teams, variant: params.variant };
  switch (params.variant) {
    case 'library': {
      const baselineMB = peakMB();
      const app = new MeshApp({ outdir: params.outdir });
      const build = timed(() => buildLibraryTopology(app, params.teams));
      const synth = timed(() => app.synth());
      const objects = app.node.findAll().filter((c) => ApiObject.isApiObject(c)).length;
      return { ...base, objects, wallMs: build.ms + synth.ms, peakMB: peakMB(), baselineMB, buildMs: build.ms, synthMs: synth.ms };
    }
    case 'plain-cdk8s': {
      const teams = loadTeams(params.manifests!);
      const baselineMB = peakMB();
      const app = new App({ outdir: params.outdir });
      const build = timed(() => teams.forEach((team) => addPlainTeam(app, team)));
      const synth = timed(() => app.synth());
      const objects = teams.reduce((n, t) => n + t.manifests.length, 0);
      return { ...base, objects, wallMs: build.ms + synth.ms, peakMB: peakMB(), baselineMB, buildMs: build.ms, synthMs: synth.ms };
    }
    case 'floor': {
      const teams = loadTeams(params.manifests!);
      const baselineMB = peakMB();
      const write = timed(() => {
        fs.mkdirSync(params.outdir, { recursive: true });
        for (const team of teams) {
          // The options cdk8s's Yaml.stringify uses, so the files are the same bytes.
          const text = team.manifests.map((m) => stringify(m, { keepUndefined: true, lineWidth: 0, version: '1.1' })).join('---\n');
          fs.writeFileSync(path.join(params.outdir, `${team.team}.k8s.yaml`), text, 'utf8');
        }
      });
      const objects = teams.reduce((n, t) => n + t.manifests.length, 0);
      return { ...base, objects, wallMs: write.ms, peakMB: peakMB(), baselineMB };
    }
    default:
      throw new Error(`unknown synth variant ${JSON.stringify(params.variant)}`);
  }
}
