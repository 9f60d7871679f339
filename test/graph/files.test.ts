/**
 * `writeTopologyFiles`: what `npm run synth` leaves in dist/ for reviewers.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { topologyMarkdown, writeTopologyFiles } from '../../src/graph';
import { MeshModel } from '../../src/model';
import { buildExample, synthObjects } from '../support/examples';

let outdir: string;
beforeEach(() => {
  outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'topology-')), 'dist');
});
afterEach(() => fs.rmSync(path.dirname(outdir), { recursive: true, force: true }));

test('writes topology.md (heading + mermaid block) and topology.svg, creating the folder', () => {
  const model = MeshModel.fromObjects(synthObjects(buildExample('egress-gateway')));
  const written = writeTopologyFiles(model, outdir);
  expect(written).toEqual([path.join(outdir, 'topology.md'), path.join(outdir, 'topology.svg')]);

  const markdown = fs.readFileSync(written[0], 'utf8');
  expect(markdown.startsWith('# Traffic topology\n')).toBe(true);
  const fence = /```mermaid\n([\s\S]*?)\n```\n$/.exec(markdown);
  expect(fence).not.toBeNull();
  expect(fence![1].startsWith('flowchart LR\n')).toBe(true);
  expect(fence![1]).toContain('subgraph ns1["namespace echo"]');

  const svg = fs.readFileSync(written[1], 'utf8');
  expect(svg.startsWith('<?xml')).toBe(true);
  expect(svg).toContain('egress gateway :443 HTTPS');
});

test('the Markdown wraps exactly the Mermaid source it is given', () => {
  expect(topologyMarkdown('flowchart LR\n  a --> b\n')).toContain('```mermaid\nflowchart LR\n  a --> b\n```\n');
});
