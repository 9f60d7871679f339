/**
 * `--mesh-config FILE` on explain and check: the file describes the mesh (here path normalization
 * and the outbound policy), `--registry-only` wins over its mode, and an unusable file is exit 2
 * with CIT901 and file:line.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';

const SEED = path.join(__dirname, '..', 'fixtures', 'explain', 'seed-000-three-teams.yaml');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cit-mesh-config-'));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, isTTY: false });
  return { code, stdout, stderr };
}

const GW3 = ['--from', 'vamp-test2/gw-2', '--host', 'vamp-gw3.democluster.net', '--format', 'json'];

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('--mesh-config', () => {
  it('without it, BASE normalization routes /svc2/../svc1/orders as /svc1/orders', async () => {
    const { code, stdout } = await run('explain', SEED, ...GW3, '--path', '/svc2/../svc1/orders');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.normalizedPath).toBe('/svc1/orders');
    expect(json.destinations.map((d: any) => d.host)).toEqual(['svc-1.vamp-test1.svc.cluster.local']);
  });

  it('pathNormalization NONE from the istio ConfigMap routes the raw path', async () => {
    const file = write('istio-cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n  namespace: istio-system\ndata:\n  mesh: |\n    pathNormalization:\n      normalization: NONE\n');
    const { code, stdout } = await run('explain', SEED, ...GW3, '--path', '/svc2/../svc1/orders', '--mesh-config', file);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.normalizedPath).toBe('/svc2/../svc1/orders');
    expect(json.destinations.map((d: any) => d.host)).not.toEqual(['svc-1.vamp-test1.svc.cluster.local']);
  });

  it('outboundTrafficPolicy REGISTRY_ONLY blocks an unknown host from a workload; ALLOW_ANY passes it', async () => {
    const registryOnly = write('registry-only.yaml', 'outboundTrafficPolicy:\n  mode: REGISTRY_ONLY\n');
    const allowAny = write('allow-any.yaml', 'outboundTrafficPolicy:\n  mode: ALLOW_ANY\n');
    const args = ['explain', SEED, '--from', 'vamp-test1:', '--host', 'unknown.example.org', '--path', '/', '--format', 'json'];
    expect(JSON.parse((await run(...args, '--mesh-config', registryOnly)).stdout).outcome).toBe('blocked');
    expect(JSON.parse((await run(...args, '--mesh-config', allowAny)).stdout).outcome).toBe('routed');
    // the shortcut wins over the file's mode
    expect(JSON.parse((await run(...args, '--mesh-config', allowAny, '--registry-only')).stdout).outcome).toBe('blocked');
  });

  it('an unusable mesh config is exit 2 with CIT901 file:line, for explain and for check', async () => {
    const bad = write('bad.yaml', 'trustDomain: td\npathNormalization:\n  normalization: SOMETIMES\n');
    const explained = await run('explain', SEED, ...GW3, '--path', '/', '--mesh-config', bad);
    expect([explained.code, explained.stdout]).toEqual([2, '']);
    expect(explained.stderr).toContain(`CIT901 ${bad}:3: pathNormalization.normalization must be one of DEFAULT, NONE, BASE, MERGE_SLASHES, DECODE_AND_MERGE_SLASHES`);
    const checked = await run('check', SEED, '--mesh-config', bad);
    expect(checked.code).toBe(2);
    expect(checked.stderr).toContain('CIT901');
    const missing = await run('graph', SEED, '--mesh-config', path.join(dir, 'nope.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('CIT901');
  });
});
