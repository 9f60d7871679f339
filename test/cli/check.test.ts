/**
 * `cdk8s-istio-traffic check`, run in-process through runCli with captured output.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { CliIo } from '../../src/cli/output';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'check');

interface Run { readonly code: number; readonly stdout: string; readonly stderr: string }

async function run(args: string[], isTTY = false): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, isTTY };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

function tempFile(name: string, content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cit-check-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('check command', () => {
  it('exits 0 on clean manifests and says so', async () => {
    const r = await run(['check', path.join(FIXTURES, 'seeds', '001-website.yaml')]);
    expect(r).toEqual({ code: 0, stdout: 'No problems found (7 resources checked).\n', stderr: '' });
  });

  it('exits 0 when there are only warnings', async () => {
    const r = await run(['check', path.join(FIXTURES, 'cli', 'warn-only.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  warning IST0173 The Subset v3 defined in the DestinationRule does not select any pods');
  });

  it('exits 1 on errors and groups findings by resource with a summary', async () => {
    const file = path.join(FIXTURES, 'cli', 'bad.yaml');
    const r = await run(['check', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`Service bookinfo/reviews (${file}:2)`);
    expect(lines[1]).toMatch(/^ {2}info IST0118 Port name web \(port: 9080, targetPort: 9080\)/);
    expect(lines[3]).toBe(`VirtualService bookinfo/reviews (${file}:9)`);
    expect(lines.slice(4, 6).map((l) => l.split(' ').slice(0, 6).join(' '))).toEqual([
      '  error IST0101 Referenced host',
      '  error IST0101 Referenced host+subset',
    ]);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('2 errors, 0 warnings, 1 info in 2 resources (2 resources checked).');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('colours severities only when stdout is a terminal', async () => {
    const r = await run(['check', path.join(FIXTURES, 'cli', 'bad.yaml')], true);
    expect(r.stdout).toContain('\u001b[31merror\u001b[39m IST0101');
  });

  it('--format json prints an array of {code, severity, kind, namespace, name, message}', async () => {
    const r = await run(['check', '--format', 'json', path.join(FIXTURES, 'cli', 'bad.yaml')]);
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.stdout);
    expect(parsed).toHaveLength(3);
    for (const f of parsed) expect(Object.keys(f)).toEqual(['code', 'severity', 'kind', 'namespace', 'name', 'message']);
    expect(parsed[1]).toMatchObject({ code: 'IST0101', severity: 'error', kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' });
    expect(JSON.parse((await run(['check', '--format', 'json', path.join(FIXTURES, 'seeds', '001-website.yaml')])).stdout)).toEqual([]);
  });

  it('checks folders recursively, deterministically', async () => {
    const a = await run(['check', '--format', 'json', path.join(FIXTURES, 'seeds')]);
    const b = await run(['check', '--format', 'json', path.join(FIXTURES, 'seeds')]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('--registry-only applies REGISTRY_ONLY mesh-wide', async () => {
    const file = tempFile('vs.yaml', 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: ext, namespace: app }\nspec:\n  hosts: [ api.example.com ]\n  http: [ { route: [ { destination: { host: api.example.com } } ] } ]\n');
    expect((await run(['check', file])).stdout).not.toContain('CIT103');
    expect((await run(['check', '--registry-only', file])).stdout).toContain('error CIT103 Destination "api.example.com"');
  });

  it('exits 2 on a missing file, naming it, without a stack trace', async () => {
    const r = await run(['check', '/nonexistent/istio.yaml']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'CIT900 /nonexistent/istio.yaml: no such file or directory (got "/nonexistent/istio.yaml"). Fix: pass existing manifest files or folders\n' });
  });

  it('exits 2 on malformed YAML with file:line', async () => {
    const file = path.join(FIXTURES, 'cli', 'malformed.yaml');
    const r = await run(['check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^CIT900 ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+: malformed YAML`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on an empty file', async () => {
    const file = tempFile('empty.yaml', '  \n');
    const r = await run(['check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:1: empty file`);
  });

  it('exits 2 on a binary file', async () => {
    const file = tempFile('image.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
    const r = await run(['check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:1: binary data, not YAML`);
  });

  it('exits 2 on usage errors (no paths, unknown format)', async () => {
    expect((await run(['check'])).code).toBe(2);
    const r = await run(['check', '--format', 'xml', path.join(FIXTURES, 'cli', 'bad.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Allowed choices are text, json");
  });

  it('exits 1 on what the API server rejects (CRD schema, CEL rule), naming the code and the field path', async () => {
    const file = tempFile('typo.yaml', [
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata: { name: reviews, namespace: bookinfo }',
      'spec:',
      '  hosts: [reviews]',
      '  http:',
      '  - route:',
      '    - destinaton: { host: reviews }',
      '---',
      'apiVersion: networking.istio.io/v1',
      'kind: DestinationRule',
      'metadata: { name: reviews, namespace: bookinfo }',
      'spec:',
      '  host: reviews',
      '  trafficPolicy: { connectionPool: { tcp: { connectTimeout: 10us } } }',
      '',
    ].join('\n'));
    const r = await run(['check', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`  error CIT110 The API server rejects it: spec.http[0].route[0].destinaton (${file}:8): unknown field`);
    expect(r.stdout).toContain(`  error CIT111 The API server rejects it: spec.trafficPolicy.connectionPool.tcp.connectTimeout (${file}:15): must be a valid duration greater than 1ms`);
  });

  it('--version prints the package version', async () => {
    const version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});
