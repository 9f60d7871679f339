/**
 * Section `synth`: synthesis of 10, 100 and 1,000 teams by the library (MeshApp), by plain cdk8s
 * (one Chart per team, App.synth) and by the floor (yaml + writeFile), side by side.
 */
import * as path from 'path';
import { ms, ratio } from '../../lib/format';
import { round, withExponents } from '../../lib/scaling';
import { BenchOptions, BenchSection, Measurement, RunInChild, SectionResult } from '../types';
import { differingFiles, readTeams, saveTeams } from './manifests';
import { measureSynth, SynthParams, Variant, VARIANTS } from './variants';

/** The targets at 1,000 teams, checked in the report. */
const TARGETS = { wallMs: 3000, vsFloor: 3, vsPlain: 0.2, exponent: 1.1, peakMB: 500 };

async function run(options: BenchOptions, child: RunInChild): Promise<SectionResult> {
  const rows: Measurement[] = [];
  const notes: string[] = [];
  for (const teams of options.teams) {
    const dir = (variant: Variant) => path.join(options.workdir, `synth-${teams}-${variant}`);
    const manifests = path.join(options.workdir, `synth-${teams}-manifests.json`);
    const library = await child('synth', { variant: 'library', teams, outdir: dir('library') } satisfies SynthParams);
    saveTeams(readTeams(dir('library')), manifests);
    const byVariant: Record<string, Measurement> = { library };
    for (const variant of VARIANTS.filter((v) => v !== 'library')) {
      const m = await child('synth', { variant, teams, outdir: dir(variant), manifests } satisfies SynthParams);
      const differing = differingFiles(dir('library'), dir(variant));
      if (differing.length > 0) notes.push(`WARNING ${variant} at ${teams} teams wrote different bytes than the library: ${differing.slice(0, 3).join(', ')}…`);
      byVariant[variant] = { ...m, sameBytesAsLibrary: differing.length === 0 };
    }
    byVariant.library = {
      ...library,
      ratioToPlain: round(library.wallMs / byVariant['plain-cdk8s'].wallMs),
      ratioToFloor: round(library.wallMs / byVariant.floor.wallMs),
    };
    rows.push(...VARIANTS.map((v) => byVariant[v]));
  }
  const measurements = withExponents(rows);
  return { measurements, table: table(measurements), notes: [...notes, ...summary(measurements)] };
}


function table(rows: readonly Measurement[]): string[][] {
  const header = ['teams', 'variant', 'objects', 'wall', 'peak MB', 'library ÷ this', 'exponent', 'same bytes'];
  return [header, ...rows.map((r) => {
    const library = rows.find((l) => l.teams === r.teams && l.variant === 'library')!;
    return [
      String(r.teams), String(r.variant), String(r.objects), ms(r.wallMs), String(r.peakMB),
      r.variant === 'library' ? '—' : ratio(library.wallMs / r.wallMs),
      r.exponent === undefined ? '' : (r.exponent as number).toFixed(2),
      r.variant === 'library' ? '—' : r.sameBytesAsLibrary ? 'yes' : 'NO',
    ];
  })];
}

function summary(rows: readonly Measurement[]): string[] {
  const largest = Math.max(...rows.map((r) => r.teams as number));
  const at = (variant: string) => rows.find((r) => r.teams === largest && r.variant === variant)!;
  const lib = at('library');
  const check = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const lines = [
    `At ${largest} teams: library ${ms(lib.wallMs)} (${check(lib.wallMs <= TARGETS.wallMs)}: ≤ ${TARGETS.wallMs / 1000} s), ` +
      `${ratio(lib.ratioToFloor as number)} the floor (${check((lib.ratioToFloor as number) <= TARGETS.vsFloor)}: ≤ ${TARGETS.vsFloor}×), ` +
      `${ratio(lib.ratioToPlain as number)} plain cdk8s (${check((lib.ratioToPlain as number) <= TARGETS.vsPlain)}: ≤ ${TARGETS.vsPlain}×), ` +
      `peak ${lib.peakMB} MB (${check(lib.peakMB <= TARGETS.peakMB)}: ≤ ${TARGETS.peakMB} MB).`,
  ];
  if (lib.exponent !== undefined) {
    lines.push(`Scaling exponent ${lib.exponentFrom}→${largest} teams (1 = linear, 2 = quadratic): ` +
      VARIANTS.map((v) => `${v} ${(at(v).exponent as number).toFixed(2)}`).join(', ') +
      ` (library ${check((lib.exponent as number) <= TARGETS.exponent)}: ≤ ${TARGETS.exponent}).`);
  }
  lines.push('wall = building the objects + synthesis + writing, inside the child; module loading (ts-node) excluded. ' +
    `peak = the child's maxRSS, including ~${lib.baselineMB} MB of Node + ts-node + modules before any work.`);
  return lines;
}


export const SYNTH_SECTION: BenchSection = {
  name: 'synth',
  title: 'Synthesis: library (MeshApp) vs plain cdk8s charts vs the yaml floor',
  run,
  measure: (params) => measureSynth(params as unknown as SynthParams),
};
