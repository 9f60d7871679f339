/**
 * `cdk8s-istio-traffic graph`, run in-process through runCli with captured output, on the three
 * teams example written out as cdk8s would write it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { CliIo } from '../../src/cli/output';
import { buildExample, synthYamlByChart } from '../support/examples';

interface Run { readonly code: number; readonly stdout: string; readonly stderr: string }

async function run(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, isTTY: false };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

let dir: string;
let manifests: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cit-graph-'));
  manifests = path.join(dir, 'dist');
  fs.mkdirSync(manifests);
  for (const [chart, yaml] of Object.entries(synthYamlByChart(buildExample('three-teams')))) {
    fs.writeFileSync(path.join(manifests, `${chart}.k8s.yaml`), yaml);
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('prints Mermaid by default, from a folder of manifests', async () => {
  const r = await run(['graph', manifests]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  expect(r.stdout.startsWith('flowchart LR\n')).toBe(true);
  expect(r.stdout).toContain('subgraph ns2["namespace vamp-test2"]');
  expect(r.stdout).toContain('==>');
});

test('--format dot prints DOT; --format svg -o writes the picture and prints nothing', async () => {
  const dot = await run(['graph', manifests, '--format', 'dot']);
  expect(dot.code).toBe(0);
  expect(dot.stdout.startsWith('digraph topology {')).toBe(true);

  const file = path.join(dir, 'out.svg');
  const svg = await run(['graph', manifests, '--format', 'svg', '--output', file]);
  expect(svg).toEqual({ code: 0, stdout: '', stderr: '' });
  const written = fs.readFileSync(file, 'utf8');
  expect(written.startsWith('<?xml')).toBe(true);
  expect(written).toContain('namespace vamp&#45;test3');
});

test('a Mermaid graph written to *.md is a Markdown document with a mermaid block', async () => {
  const file = path.join(dir, 'topology.md');
  const r = await run(['graph', path.join(manifests, 'vamp-test1.k8s.yaml'), '-o', file]);
  expect(r.code).toBe(0);
  const markdown = fs.readFileSync(file, 'utf8');
  expect(markdown).toMatch(/^# Traffic topology\n[\s\S]*```mermaid\nflowchart LR\n[\s\S]*\n```\n$/);
  expect(markdown).not.toContain('vamp-test2');
});

test('a missing file exits 2 with one line naming it', async () => {
  const missing = path.join(dir, 'nope.yaml');
  const r = await run(['graph', missing]);
  expect(r).toEqual({ code: 2, stdout: '', stderr: `CIT900 ${missing}: no such file or directory (got ${JSON.stringify(missing)}). Fix: pass existing manifest files or folders\n` });
});

test('malformed YAML exits 2 naming file:line, without a stack trace', async () => {
  const bad = path.join(dir, 'bad.yaml');
  fs.writeFileSync(bad, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  labels: {x: [}\n');
  const r = await run(['graph', bad]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(new RegExp(`^CIT900 ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:5: malformed YAML`));
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test('usage errors exit 2: an unknown format, no paths, an unwritable output', async () => {
  const format = await run(['graph', manifests, '--format', 'png']);
  expect(format.code).toBe(2);
  expect(format.stderr).toContain("argument 'png' is invalid. Allowed choices are mermaid, dot, svg.");
  expect((await run(['graph'])).code).toBe(2);
  const unwritable = await run(['graph', manifests, '-o', path.join(dir, 'no', 'such', 'dir', 'x.mmd')]);
  expect(unwritable).toMatchObject({ code: 2, stdout: '' });
  expect(unwritable.stderr).toMatch(/^cannot write .*x\.mmd: ENOENT\n$/);
});
