/**
 * The benchmark compares like with like: the plain-cdk8s variant (generated classes, one Chart
 * per team, App.synth) and the floor (yaml + writeFile) write the very bytes the library writes.
 * When a construct starts emitting a new kind or a Quantity/IntOrString field, this fails and
 * bench/topology/plain-team.ts needs the matching class or conversion.
 */
import * as fs from 'fs';
import * as path from 'path';
import { measureSynth } from '../../bench/sections/synth/variants';
import { differingFiles, readTeams, saveTeams } from '../../bench/sections/synth/manifests';
import { removeTempDirs, tempDir } from './support';

const TEAMS = 3;

describe('benchmark variants', () => {
  const work = tempDir('bench');
  const dir = (variant: string) => path.join(work, variant);
  const manifests = path.join(work, 'manifests.json');

  afterAll(removeTempDirs);

  beforeAll(() => {
    measureSynth({ variant: 'library', teams: TEAMS, outdir: dir('library') });
    saveTeams(readTeams(dir('library')), manifests);
  });

  test('the library variant writes one file per team', () => {
    expect(fs.readdirSync(dir('library'))).toEqual(['team-0000.k8s.yaml', 'team-0001.k8s.yaml', 'team-0002.k8s.yaml']);
  });

  test.each(['plain-cdk8s', 'floor'] as const)('%s writes the same bytes as the library', (variant) => {
    const m = measureSynth({ variant, teams: TEAMS, outdir: dir(variant), manifests });
    expect(m.objects).toBe(readTeams(dir('library')).reduce((n, t) => n + t.manifests.length, 0));
    expect(differingFiles(dir('library'), dir(variant))).toEqual([]);
  });

  test('every team has a cookie rule and a 90/10 split', () => {
    const text = fs.readFileSync(path.join(dir('library'), 'team-0001.k8s.yaml'), 'utf8');
    expect(text).toContain('regex: ^(.*?;\\s*)?(beta=true)(;.*)?$');
    expect(text).toMatch(/weight: 90\n[\s\S]*weight: 10\n/);
  });
});
