/**
 * A synth that throws an IstioTrafficError nobody catches (what `cdk8s synth` runs: `ts-node
 * main.ts`) prints the coded message and the user's own line first, before Node's excerpt of the
 * library's `throw` line and the stack; the exit code stays Node's.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { uncaughtReport } from '../../src/uncaught';
import { IstioTrafficError } from '../../src/errors';

const ROOT = path.join(__dirname, '..', '..');

/** Runs a failing app from a file inside the repo (so `../src` resolves), as cdk8s.yaml's `app:` does. */
function runApp(appClass: 'App' | 'MeshApp', error: 'construct' | 'synth') {
  const dir = fs.mkdtempSync(path.join(ROOT, 'test', 'errors', '.tmp-app-'));
  const main = path.join(dir, 'main.ts');
  fs.writeFileSync(main, [
    "import { App } from 'cdk8s';",
    "import { CanaryRoute, HttpAction, MeshApp, Team, VersionedService } from '../../../src';",
    `const app = new ${appClass}({ outdir: ${JSON.stringify(path.join(dir, 'dist'))} });`,
    "const team = new Team(app, 'shop', { namespace: 'shop' });",
    "const web = new VersionedService(team, 'web', { versions: [{ name: 'v1', image: 'web:1' }] });",
    "const other = new Team(app, 'other', { namespace: 'other' });",
    error === 'construct'
      ? "new CanaryRoute(team, 'r', { hosts: [web.host], http: [{ action: HttpAction.to(web.subset('v3')) }] });"
      // Another team's service, not granted: thrown while the app synthesises (CIT016).
      : "new CanaryRoute(other, 'r', { hosts: [web.host], http: [{ action: HttpAction.to(web.subset('v1')) }] });",
    'app.synth();',
    '',
  ].join('\n'));
  try {
    const result = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', main], { cwd: dir, encoding: 'utf8' });
    return { status: result.status, stderr: result.stderr, main };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('an uncaught IstioTrafficError', () => {
  it('thrown by a construct (App): the coded message and the user\'s line come first', () => {
    const { status, stderr, main } = runApp('App', 'construct');
    expect(status).toBe(1);
    const lines = stderr.split('\n');
    expect(lines[0]).toBe('CIT002 shop/web.subset: service web has no version with that name (got "v3"). Fix: use one of: v1');
    expect(lines[1]).toMatch(new RegExp(`^    at ${main.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:7:\\d+$`));
    // Node's own report follows, unchanged: the throw line's excerpt, then the stack.
    expect(stderr.indexOf('throw new')).toBeGreaterThan(stderr.indexOf('CIT002'));
    expect(stderr).toContain('IstioTrafficError: CIT002 shop/web.subset');
  }, 120000);

  it('thrown while synthesising (MeshApp): the coded message comes first', () => {
    const { status, stderr } = runApp('MeshApp', 'synth');
    expect(status).toBe(1);
    expect(stderr.split('\n')[0]).toMatch(/^CIT016 other\/r\.http: VersionedService shop\/web .* Fix: /);
  }, 120000);

  it('is reported from inside cdk8s\'s serialisation wrapper too, and other errors are left alone', () => {
    const inner = new IstioTrafficError('CIT001', 'shop/r.http[0].route', 'weights add up to 110, not 100', [90, 20], 'make them add up to 100');
    const wrapped = new Error(`Failed serializing construct at path 'shop/r' with name 'r': ${inner}`);
    expect(uncaughtReport(wrapped)?.split('\n')[0]).toBe(inner.message);
    expect(uncaughtReport(new Error('ENOENT: no such file'))).toBeUndefined();
    expect(uncaughtReport('a string')).toBeUndefined();
  });
});
