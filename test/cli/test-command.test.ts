/**
 * `cdk8s-istio-traffic test`, run in-process through runCli: exit 0 when all pass, 1 when one
 * fails, 2 for unusable input (CIT902 for a bad test file, with file:line and the field).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import { runCli } from '../../src/cli/main';
import { buildExample } from '../support/examples';

const ROUTING = path.join(__dirname, '..', 'fixtures', 'routing-tests');
const MANIFESTS = path.join(ROUTING, 'manifests');

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['test', ...argv], { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, isTTY: false });
  return { code, stdout, stderr };
}

describe('test command', () => {
  it('exits 0 and prints one PASS line per test when every test passes (both formats, folders)', async () => {
    const { code, stdout, stderr } = await run(path.join(ROUTING, 'icv'), path.join(ROUTING, 'native'), '--manifests', MANIFESTS);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n').filter((l) => l.startsWith('PASS'))).toHaveLength(11);
    expect(stdout).toContain('11 tests passed, 0 failed (26 requests).');
  });

  it('exits 1 when a test fails, showing the request, expected and got, and the trace', async () => {
    const { code, stdout } = await run(path.join(ROUTING, 'failing', 'wrong_test.yml'), '--manifests', MANIFESTS);
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL Everyone goes to the users service');
    expect(stdout).toContain('    - route: expected [{"destination":{"host":"users.users.svc.cluster.local","port":{"number":80}}}]');
    expect(stdout).toContain('      outcome: routed');
  });

  it('exits 2 with CIT902 file:line and the field for a bad test file', async () => {
    const file = path.join(ROUTING, 'bad', 'unknown-field.yml');
    const { code, stdout, stderr } = await run(file, '--manifests', MANIFESTS);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`CIT902 ${file}:6: testCases[0].request.methods: unknown field "methods" (got "methods"). Fix: use one of authority, method, uri, headers, queryParams\n`);
  });

  it('exits 2 for a request the simulator cannot send, naming the test (CIT902)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cit-test-'));
    const file = path.join(dir, 'gw.yaml');
    fs.writeFileSync(file, 'tests:\n  - name: unknown gateway\n    from: nowhere/gw\n    request: { host: example.com, path: / }\n    expect: { outcome: routed }\n');
    const { code, stderr } = await run(file, '--manifests', MANIFESTS);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^CIT902 ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: test "unknown gateway": the request cannot be sent: CIT200`));
  });

  it('exits 2 for a missing test file (CIT902)', async () => {
    const { code, stderr } = await run('/nonexistent/routing.yaml', '--manifests', MANIFESTS);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^CIT902 \/nonexistent\/routing.yaml: no such test file or folder/);
  });

  it('exits 2 when the files hold no test case (a wrong folder is not a pass)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cit-empty-'));
    fs.writeFileSync(path.join(dir, 'empty.yaml'), '# nothing yet\n');
    const { code, stderr } = await run(dir, '--manifests', MANIFESTS);
    expect(code).toBe(2);
    expect(stderr).toContain('no test cases in these files');
  });

  it('exits 2 for missing manifests (CIT900) and for a missing --manifests (usage)', async () => {
    expect((await run(path.join(ROUTING, 'icv'), '--manifests', '/nonexistent')).code).toBe(2);
    expect((await run(path.join(ROUTING, 'icv'))).code).toBe(2);
  });

  it('prints JSON with --format json, traces only for failed requests', async () => {
    const { code, stdout } = await run(path.join(ROUTING, 'icv'), path.join(ROUTING, 'failing'), '--manifests', MANIFESTS, '--format', 'json');
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect([json.passed, json.failed, json.requests]).toEqual([6, 2, 20]);
    const failed = json.cases.find((c: any) => !c.passed);
    expect(failed.requests[0].explanation.hops[0].virtualService).toBe('example/example');
    expect(json.cases.find((c: any) => c.passed).requests[0].explanation).toBeUndefined();
  });

  it('prints JUnit XML with --format junit', async () => {
    const { code, stdout } = await run(path.join(ROUTING, 'failing'), '--manifests', MANIFESTS, '--format', 'junit');
    expect(code).toBe(1);
    expect(stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(stdout).toContain('<failure message=');
  });

  it('--from replaces the default source of istio-config-validator tests', async () => {
    const { code, stdout } = await run(path.join(ROUTING, 'icv', 'example_test.yml'), '--manifests', MANIFESTS, '--from', 'example:app=web', '--format', 'json');
    expect(code).toBe(1); // from the mesh, example.com has no route: the gateway's VirtualService does not apply
    expect(JSON.parse(stdout).cases[0].requests[0].request.from).toEqual({ namespace: 'example', labels: { app: 'web' } });
  });

  it('tests seed 000 (examples/three-teams), synthesised, in both formats', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cit-three-'));
    const app = buildExample('three-teams');
    for (const chart of app.charts) fs.writeFileSync(path.join(dir, `${chart.node.id}.k8s.yaml`), Yaml.stringify(...Testing.synth(chart)));
    const { code, stdout } = await run(path.join(ROUTING, 'three-teams'), '--manifests', dir);
    expect(stdout).toContain('9 tests passed, 0 failed (14 requests).');
    expect(code).toBe(0);
  });
});
