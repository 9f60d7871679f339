/**
 * The installed entry point: bin/cdk8s-istio-traffic.js runs the CLI (through ts-node when lib/ is
 * not built) with real exit codes.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'cdk8s-istio-traffic.js');

describe('bin/cdk8s-istio-traffic.js check', () => {
  it('exits 1 and prints findings for bad manifests', () => {
    const r = spawnSync(process.execPath, [BIN, 'check', 'test/fixtures/check/cli/bad.yaml'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('error IST0101 Referenced host not found: "ratings"');
  });

  it('exits 2 for a missing file', () => {
    const r = spawnSync(process.execPath, [BIN, 'check', 'no-such.yaml'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('CIT900 no-such.yaml: no such file or directory (got "no-such.yaml"). Fix: pass existing manifest files or folders');
  });
});
