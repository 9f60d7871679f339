/**
 * The summary a person reads in CI: one line per test case, and for each failed request the
 * request, what was expected against what happened, and the explain trace.
 */
import { formatExplanation } from '../../simulate/format';
import { describeRequest } from './describe-request';
import { TestRunReport } from './types';

export function formatTestReport(report: TestRunReport): string {
  const lines: string[] = [];
  for (const c of report.cases) {
    const count = `${c.results.length} request${c.results.length === 1 ? '' : 's'}`;
    lines.push(`${c.passed ? 'PASS' : 'FAIL'} ${c.test.name} (${c.test.file}:${c.test.line}, ${count})`);
    for (const r of c.results.filter((x) => !x.passed)) {
      lines.push(`  request: ${describeRequest(r.request)}`);
      for (const p of r.problems) lines.push(`    - ${p}`);
      lines.push(...formatExplanation(r.explanation).split('\n').map((l) => `      ${l}`));
    }
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push('', `${plural(report.passed, 'test')} passed, ${report.failed} failed (${plural(report.requests, 'request')}).`);
  return `${lines.join('\n')}\n`;
}
