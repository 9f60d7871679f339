/**
 * Running routing tests: each case's requests through `explain`, each checked against the
 * case's expectations. A request the simulator refuses (a bad host, an unknown gateway) is bad
 * input and throws, as with `explain` (exit 2), naming the test.
 */
import { IstioTrafficError } from '../../errors';
import { MeshModel } from '../../model/mesh-model';
import { explain } from '../../simulate/explain';
import { expandRequests } from './expand';
import { checkOutcome } from './outcome-assertions';
import { TEST_FILE_ERROR } from './parse-testcases';
import { checkRule } from './rule-assertions';
import { withVersionsAsSubsets } from '../version-services';
import { RequestResult, RoutingTestCase, TestCaseResult, TestRunReport } from './types';

/** Options of a run. */
export interface RunOptions {
  /** Sources (explain's `--from` syntax) for tests that name none, instead of the default (expand.ts). */
  readonly from?: readonly string[];
}

export function runTestCase(model: MeshModel, test: RoutingTestCase, options: RunOptions = {}): TestCaseResult {
  const results: RequestResult[] = expandRequests(model, test.request, options.from).map((request) => {
    let explanation;
    try {
      explanation = explain(model, request);
    } catch (e) {
      if (!(e instanceof IstioTrafficError)) throw e;
      throw new IstioTrafficError(TEST_FILE_ERROR, `${test.file}:${test.line}`, `test "${test.name}": the request cannot be sent: ${e.message}`, request.host,
        'correct the request (from, host, path) of this test');
    }
    const problems = [
      ...(test.rule ? checkRule(model, explanation, test.rule, test.wantMatch) : []),
      ...(test.expect ? checkOutcome(withVersionsAsSubsets(model, explanation), test.expect) : []),
    ];
    return { request, passed: problems.length === 0, problems, explanation };
  });
  return { test, passed: results.every((r) => r.passed), results };
}

export function runTestCases(model: MeshModel, tests: readonly RoutingTestCase[], options: RunOptions = {}): TestRunReport {
  const cases = tests.map((test) => runTestCase(model, test, options));
  const passed = cases.filter((c) => c.passed).length;
  return { cases, passed, failed: cases.length - passed, requests: cases.reduce((n, c) => n + c.results.length, 0) };
}
