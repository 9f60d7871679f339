/**
 * Routing test files from jest, so a chart repo keeps everything in `npm test`:
 *
 *   import { expectRoutingFile } from 'cdk8s-istio-traffic/testing';
 *   test('routing', () => expectRoutingFile('test/routing.yaml', app));
 *
 * The subject is what `expect(...).toRoute` takes (an App or Chart, `Testing.synth` output, a
 * MeshModel), or manifest file and folder paths.
 */
import { MeshModel } from '../model/mesh-model';
import { meshModelOf } from './matchers';
import { formatTestReport, readTestFiles, runTestCases, TestRunReport } from './runner';

/** Runs the test files (or folders) against the subject's manifests and returns every result. */
export function testRoutingFile(files: string | readonly string[], subject: unknown): TestRunReport {
  const model = typeof subject === 'string' || (Array.isArray(subject) && subject.length > 0 && subject.every((s) => typeof s === 'string'))
    ? MeshModel.fromFiles(typeof subject === 'string' ? [subject] : subject as string[])
    : meshModelOf(subject);
  return runTestCases(model, readTestFiles(typeof files === 'string' ? [files] : files));
}

/** Like `testRoutingFile`, but throws an Error carrying the text report (with traces) when a test fails. */
export function expectRoutingFile(files: string | readonly string[], subject: unknown): TestRunReport {
  const report = testRoutingFile(files, subject);
  if (report.failed > 0) throw new Error(formatTestReport(report));
  return report;
}
