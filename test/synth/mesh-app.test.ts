/**
 * MeshApp writes exactly what cdk8s's own App.synth() writes, for every example and output
 * mode, deterministically, and writes nothing at all when any check fails.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Lazy, YamlOutputType } from 'cdk8s';
import { CanaryRoute, HttpAction, IstioTrafficError, Team, TeamGateway, VersionedService } from '../../src';
import { MeshApp } from '../../src/synth';
import { EXAMPLES } from '../support/examples';
import { readTree, removeTempDirs, tempDir, withoutOutdirEnv } from './support';

afterAll(removeTempDirs);

type Build = (app: App) => unknown;

/** Builds the same input twice, synthesises it with cdk8s and with MeshApp, returns both trees. */
function synthBoth(build: Build, props: { yamlOutputType?: YamlOutputType; recordConstructMetadata?: boolean } = {}) {
  return withoutOutdirEnv(() => {
    const plainDir = path.join(tempDir('plain'), 'dist');
    const meshDir = path.join(tempDir('mesh'), 'dist');
    const plain = new App({ ...props, outdir: plainDir });
    build(plain);
    plain.synth();
    const mesh = new MeshApp({ ...props, outdir: meshDir });
    build(mesh);
    mesh.synth();
    return { plain: readTree(plainDir), mesh: readTree(meshDir), meshDir };
  });
}

/** Several teams, one of them depending on another (cdk8s then numbers the files). */
function dependentTeams(app: App): void {
  const a = new Team(app, 'team-a', { namespace: 'team-a' });
  const gw = new TeamGateway(a, 'gw', { servers: [{ port: 80, hosts: ['a.example.com'] }] });
  const svc = new VersionedService(a, 'web', { versions: [{ name: 'v1', image: 'web:1' }] });
  new CanaryRoute(a, 'web-route', { hosts: ['a.example.com'], gateways: [gw], http: [{ action: HttpAction.to(svc.subset('v1')) }] });
  const b = new Team(app, 'team-b', { namespace: 'team-b' });
  const other = new VersionedService(b, 'api', { versions: [{ name: 'v1', image: 'api:1' }, { name: 'v2', image: 'api:2' }] });
  b.node.addDependency(a);
  // An object-level dependency inside one chart changes the order of that chart's objects.
  other.node.findChild('DestinationRule').node.addDependency(other.node.findChild('Version-v2'));
}

/** Plain cdk8s charts beside the teams: one nested, one with a chart-level toJson() override. */
class UpperCaseChart extends Chart {
  public toJson(): any[] {
    return super.toJson().map((o: any) => ({ ...o, metadata: { ...o.metadata, name: String(o.metadata.name).toUpperCase() } }));
  }
}
function mixedCharts(app: App): void {
  EXAMPLES['three-teams'](app);
  const plain = new Chart(app, 'plain');
  new ApiObject(plain, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { 'a.key': 'yes', b: '0x10', c: '' } } as any);
  const upper = new UpperCaseChart(app, 'upper');
  new ApiObject(upper, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shout' } });
  // A chart nested in another: cdk8s makes the parent depend on it and numbers the files.
  const nested = new Chart(plain, 'nested');
  new ApiObject(nested, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inner' } });
}

/** Charts with integer-like ids, which JavaScript objects (and so cdk8s's graph) list first. */
function numericIds(app: App): void {
  for (const id of ['b-team', '7', 'a-team', '0']) {
    const team = new Team(app, id, { namespace: `ns-${id}` });
    new VersionedService(team, 'web', { versions: [{ name: 'v1', image: 'web:1' }] });
  }
}

describe('MeshApp output is byte-identical to App.synth()', () => {
  test.each(Object.keys(EXAMPLES))('example %s', (name) => {
    const { plain, mesh } = synthBoth(EXAMPLES[name] as Build);
    expect(plain.size).toBeGreaterThan(0);
    expect([...mesh.keys()]).toEqual([...plain.keys()]);
    for (const [file, bytes] of plain) expect({ file, same: Buffer.compare(mesh.get(file) as Buffer, bytes as Buffer) === 0 }).toEqual({ file, same: true });
  });

  test.each([
    ['file per chart, dependent charts', dependentTeams, YamlOutputType.FILE_PER_CHART],
    ['file per app', mixedCharts, YamlOutputType.FILE_PER_APP],
    ['file per resource', mixedCharts, YamlOutputType.FILE_PER_RESOURCE],
    ['folder per chart', dependentTeams, YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE],
    ['plain and overriding charts', mixedCharts, YamlOutputType.FILE_PER_CHART],
    ['integer-like chart ids', numericIds, YamlOutputType.FILE_PER_APP],
  ])('%s', (_label, build, yamlOutputType) => {
    const { plain, mesh } = synthBoth(build as Build, { yamlOutputType, recordConstructMetadata: true });
    expect(plain.has('construct-metadata.json')).toBe(true);
    expect(mesh).toEqual(plain);
  });

  test('the dependent-charts case really exercises ordering and numbering', () => {
    const { mesh } = synthBoth(dependentTeams);
    expect([...mesh.keys()]).toEqual(['0000-team-a.k8s.yaml', '0001-team-b.k8s.yaml']);
    const kinds = (mesh.get('0001-team-b.k8s.yaml') as Buffer).toString().match(/^kind: .*$/gm);
    // The DestinationRule was made to depend on Version-v2, so v2's Deployment moves before it
    // (declaration order would be ServiceAccount, Service, DestinationRule, Deployment, Deployment).
    expect(kinds!.filter((k) => /Deployment|DestinationRule/.test(k))).toEqual(['kind: Deployment', 'kind: DestinationRule', 'kind: Deployment']);
  });

  test('synthManifests() equals the objects of every chart.toJson(), in cdk8s synth order', () => {
    const plain = new App();
    mixedCharts(plain);
    // synthYaml() resolves chart dependencies (the nested chart comes first afterwards), as synth does.
    plain.synthYaml();
    const mesh = new MeshApp();
    mixedCharts(mesh);
    const manifests = mesh.synthManifests();
    expect(manifests).toEqual(plain.charts.flatMap((chart) => chart.toJson()));
    expect(manifests.findIndex((m) => m.metadata.name === 'inner')).toBeLessThan(manifests.findIndex((m) => m.metadata.name === 'settings'));
  });

  test('synthYaml() equals App.synthYaml()', () => {
    const plain = new App();
    mixedCharts(plain);
    const mesh = new MeshApp();
    mixedCharts(mesh);
    expect(mesh.synthYaml()).toBe(plain.synthYaml());
  });
});

describe('MeshApp is deterministic', () => {
  test.each(Object.keys(EXAMPLES))('example %s: two runs write the same bytes', (name) => {
    const first = synthBoth(EXAMPLES[name] as Build).mesh;
    const second = synthBoth(EXAMPLES[name] as Build).mesh;
    expect(second).toEqual(first);
  });
});

describe('MeshApp is atomic', () => {
  /** The three-team example plus a fourth team whose route has no rules (CIT010 before synth). */
  function withInvalidRoute(app: App): void {
    EXAMPLES['three-teams'](app);
    const bad = new Team(app, 'zz-bad', { namespace: 'zz-bad' });
    const gw = new TeamGateway(bad, 'gw', { servers: [{ port: 80, hosts: ['bad.example.com'] }] });
    new CanaryRoute(bad, 'empty', { hosts: ['bad.example.com'], gateways: [gw] });
  }

  function synthError(app: MeshApp): unknown {
    try {
      app.synth();
    } catch (e) {
      return e;
    }
    return undefined;
  }

  test('an invalid route leaves no outdir and reaches the caller as an IstioTrafficError', () => {
    const outdir = path.join(tempDir('atomic'), 'dist');
    const app = new MeshApp({ outdir });
    withInvalidRoute(app);
    const error = synthError(app);
    expect(error).toBeInstanceOf(IstioTrafficError);
    expect((error as IstioTrafficError).code).toBe('CIT010');
    expect((error as IstioTrafficError).where).toBe('zz-bad/empty.http');
    expect(fs.existsSync(outdir)).toBe(false);
    // ...and no staging folder is left beside it.
    expect(fs.readdirSync(path.dirname(outdir))).toEqual([]);
  });

  test('plain App.synth() on the same input does leave partial output (what MeshApp prevents)', () => {
    const outdir = path.join(tempDir('partial'), 'dist');
    const app = new App({ outdir });
    withInvalidRoute(app);
    expect(() => app.synth()).toThrow(/CIT010/);
    expect(fs.readdirSync(outdir).length).toBeGreaterThan(0);
  });

  test('an existing outdir is left exactly as it was', () => {
    const outdir = tempDir('existing');
    fs.writeFileSync(path.join(outdir, 'vamp-test1.k8s.yaml'), 'old\n');
    const app = new MeshApp({ outdir });
    withInvalidRoute(app);
    expect(synthError(app)).toBeInstanceOf(IstioTrafficError);
    expect(readTree(outdir)).toEqual(new Map([['vamp-test1.k8s.yaml', Buffer.from('old\n')]]));
  });

  test('a later successful synth replaces files in an existing outdir and keeps unrelated ones', () => {
    const outdir = tempDir('replace');
    fs.writeFileSync(path.join(outdir, 'vamp-test1.k8s.yaml'), 'old\n');
    fs.writeFileSync(path.join(outdir, 'README'), 'mine\n');
    const app = new MeshApp({ outdir });
    EXAMPLES['three-teams'](app);
    app.synth();
    expect(fs.readFileSync(path.join(outdir, 'vamp-test1.k8s.yaml'), 'utf8')).toMatch(/^apiVersion: v1\nkind: Namespace\n/);
    expect(fs.readFileSync(path.join(outdir, 'README'), 'utf8')).toBe('mine\n');
    expect(fs.readdirSync(path.dirname(outdir)).filter((f) => f.includes('.synth-'))).toEqual([]);
  });

  test("the team's duplicate-name check runs too", () => {
    const outdir = path.join(tempDir('dup'), 'dist');
    const app = new MeshApp({ outdir });
    const team = new Team(app, 'dup', { namespace: 'dup' });
    new VersionedService(team, 'web', { versions: [{ name: 'v1', image: 'web:1' }] });
    new VersionedService(team, 'web-again', { name: 'web', versions: [{ name: 'v2', image: 'web:2' }] });
    const error = synthError(app);
    expect(error).toBeInstanceOf(IstioTrafficError);
    expect((error as IstioTrafficError).code).toBe('CIT007');
    expect((error as IstioTrafficError).message).toMatch(/two objects would both be ServiceAccount dup\/web/);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('an IstioTrafficError thrown by a Lazy value while rendering is not wrapped by cdk8s', () => {
    const thrown = new IstioTrafficError('CIT999', 'late/cm', 'decided too late', 'x', 'decide earlier');
    const build = (app: App) => {
      const team = new Team(app, 'late', { namespace: 'late' });
      new ApiObject(team, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: Lazy.any({ produce: () => { throw thrown; } }) } as any);
    };
    const plain = new App({ outdir: path.join(tempDir('lazy-plain'), 'dist') });
    build(plain);
    expect(() => plain.synth()).toThrow(/^Failed serializing construct at path 'late\/cm'.*CIT999/);
    const outdir = path.join(tempDir('lazy'), 'dist');
    const mesh = new MeshApp({ outdir });
    build(mesh);
    expect(synthError(mesh)).toBe(thrown);
    expect(() => mesh.synthManifests()).toThrow(thrown);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test("cdk8s validation errors keep cdk8s's message", () => {
    const outdir = path.join(tempDir('validate'), 'dist');
    const app = new MeshApp({ outdir });
    EXAMPLES['three-teams'](app);
    app.node.findChild('vamp-test2').node.addValidation({ validate: () => ['not today'] });
    expect(() => app.synth()).toThrow('Validation failed with the following errors:\n  [vamp-test2] not today');
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
