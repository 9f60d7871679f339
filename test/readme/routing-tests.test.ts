/**
 * The test files in the README's "Routing tests in CI" section pass on seed 000, so the documented
 * formats cannot drift from what `test` reads.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MeshModel } from '../../src/model/mesh-model';
import { parseTestFile, runTestCases } from '../../src/testing/runner';
import { buildExample } from '../support/examples';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const start = README.indexOf('## Routing tests in CI');
const section = README.slice(start, README.indexOf('\n## ', start + 1));
const files = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

test('the section has a test file in each format', () => {
  expect(files.map((f) => f.split(':')[0])).toEqual(['testCases', 'tests']);
});

test.each(files.map((text, i) => [i, text]))('README test file %i passes on seed 000', (i, text) => {
  const report = runTestCases(MeshModel.fromApp(buildExample('three-teams')), parseTestFile(text as string, `README.md#routing-${i}`));
  expect(report.cases.length).toBeGreaterThan(0);
  expect(report.cases.filter((c) => !c.passed).map((c) => c.results.flatMap((r) => r.problems))).toEqual([]);
});
