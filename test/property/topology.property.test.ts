/**
 * Property tests over random team topologies built through the public API.
 * CI runs a bounded, seeded number of cases; `npm run fuzz` sets FUZZ_RUNS=10000.
 * A failure prints the seed and the shrunk topology as JSON; replay with FUZZ_SEED.
 */
import { Testing, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { IstioTrafficError, MeshModel, check } from '../../src';
import { formatViolation, validateManifest } from '../../src/analysis/apiserver/validate';
import { buildTopology, MUTATIONS, topologySpec, TopologySpec } from './topology-arbitrary';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
const settings: fc.Parameters<unknown> = { numRuns: RUNS, seed: SEED };

function synthesise(spec: TopologySpec): { objects: any[]; yaml: string } {
  const app = Testing.app();
  buildTopology(app, spec);
  const objects = app.charts.flatMap((chart) => Testing.synth(chart));
  return { objects, yaml: Yaml.stringify(...objects) };
}

function report(error: unknown): never {
  // fast-check keeps the property's own error as the cause of its report.
  const cause = error instanceof Error && error.cause instanceof Error ? `\ncaused by: ${error.cause.message}` : '';
  throw new Error(`property failed with FUZZ_SEED=${SEED} (${RUNS} runs): ${error instanceof Error ? error.message : String(error)}${cause}`);
}

test(`valid topologies synthesise, deterministically, into objects the API server accepts and check passes (${RUNS} cases, seed ${SEED})`, () => {
  try {
    fc.assert(fc.property(topologySpec, (spec) => {
      const first = synthesise(spec);
      expect(synthesise(spec).yaml).toBe(first.yaml);
      const errors = check(MeshModel.fromObjects(first.objects)).filter((f) => f.severity === 'error');
      if (errors.length > 0) throw new Error(`check reports: ${errors.map((f) => `${f.code} ${f.kind} ${f.namespace}/${f.name}: ${f.message}`).join('; ')}`);
      const result = validateManifest(first.objects);
      if (!result.ok) throw new Error(`CRD rejects: ${result.violations.map(formatViolation).join('; ')}`);
    }), settings);
  } catch (e) {
    report(e);
  }
});

test(`each mutation of a valid topology is one IstioTrafficError with its code and the construct path (${RUNS} cases)`, () => {
  try {
    fc.assert(fc.property(topologySpec, fc.integer({ min: 0, max: MUTATIONS.length - 1 }), (spec, m) => {
      const mutation = MUTATIONS[m];
      const app = Testing.app();
      buildTopology(app, spec);
      let caught: unknown;
      try {
        mutation.apply(app);
        for (const chart of app.charts) Testing.synth(chart);
      } catch (e) {
        caught = e;
      }
      if (!(caught instanceof IstioTrafficError)) {
        throw new Error(`${mutation.name}: expected IstioTrafficError, got ${caught instanceof Error ? `${caught.constructor.name}: ${caught.message}` : String(caught)}`);
      }
      expect(caught.code).toBe(mutation.code);
      expect(caught.where).toMatch(/^team-0\//);
    }), settings);
  } catch (e) {
    report(e);
  }
});
