/** The results as JSON for tools: every case, every request, its problems and (when failed) its trace. */
import { explanationToJson } from '../../simulate/format';
import { TestRunReport } from './types';

export function testReportToJson(report: TestRunReport): object {
  return {
    passed: report.passed,
    failed: report.failed,
    requests: report.requests,
    cases: report.cases.map((c) => ({
      name: c.test.name,
      file: c.test.file,
      line: c.test.line,
      format: c.test.format,
      passed: c.passed,
      requests: c.results.map((r) => ({
        request: r.request,
        passed: r.passed,
        problems: r.problems,
        outcome: r.explanation.outcome,
        status: r.explanation.status,
        ...(r.passed ? {} : { explanation: explanationToJson(r.explanation) }),
      })),
    })),
  };
}
