/**
 * Section `check`: throughput of `check(model)` (src/analysis) over the library topology's
 * manifests, at about 1,000 and 10,000 objects. The model is built from the objects in the
 * timed part too, as `cdk8s-istio-traffic check` does after reading files. Every rule runs,
 * the API-server layer (CRD schema + CEL, compiled on first use in the measured process) included.
 * CPU time is reported beside wall time: on a shared machine wall time mostly measures the
 * other jobs' load.
 */
import { check } from '../../src/analysis';
import { MeshModel } from '../../src/model';
import { ms } from '../lib/format';
import { peakMB, timed } from '../lib/memory';
import { libraryManifests, teamsFor } from '../topology/manifests';
import { BenchSection, Measurement } from './types';

const SIZES = [1000, 10000];

export const CHECK_SECTION: BenchSection = {
  name: 'check',
  title: 'check(model) throughput',
  async run(_options, child) {
    const measurements: Measurement[] = [];
    for (const objects of SIZES) measurements.push(await child('check', { objects }));
    return {
      measurements,
      table: [['objects', 'teams', 'model', 'check', 'objects/s', 'CPU', 'objects/CPU s', 'findings', 'peak MB'], ...measurements.map((m) => [
        String(m.objects), String(m.teams), ms(m.modelMs as number), ms(m.checkMs as number),
        String(m.objectsPerSecond), ms(m.cpuMs as number), String(m.objectsPerCpuSecond), String(m.findings), String(m.peakMB),
      ])],
      notes: [
        'objects/s = objects ÷ wall time of (model build + check); objects/CPU s = objects ÷ the CPU time (user + system) of the same work.',
      ],
    };
  },
  measure(params) {
    const teams = teamsFor(params.objects as number);
    const manifests = libraryManifests(teams);
    const cpuBefore = process.cpuUsage();
    const model = timed(() => MeshModel.fromObjects(manifests));
    const findings = timed(() => check(model.result));
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
    const wallMs = model.ms + findings.ms;
    return {
      section: 'check', variant: 'library', teams, objects: manifests.length, wallMs, peakMB: peakMB(),
      modelMs: model.ms, checkMs: findings.ms, findings: findings.result.length, cpuMs,
      objectsPerSecond: Math.round(manifests.length / Math.max(wallMs, 1) * 1000),
      objectsPerCpuSecond: Math.round(manifests.length / Math.max(cpuMs, 1) * 1000),
    };
  },
};
