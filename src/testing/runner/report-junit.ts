/**
 * JUnit XML, as CI systems read it: `<testsuites>` with one `<testsuite>` per test file and one
 * `<testcase>` per test case (classname: the file); a failed case has one `<failure>` whose
 * message is its first problem and whose text is every failed request with its trace.
 * No timestamps or durations: the same run gives the same bytes.
 */
import { formatExplanation } from '../../simulate/format';
import { describeRequest } from './describe-request';
import { TestCaseResult, TestRunReport } from './types';

export function testReportToJunit(report: TestRunReport): string {
  const byFile = new Map<string, TestCaseResult[]>();
  for (const c of report.cases) byFile.set(c.test.file, [...(byFile.get(c.test.file) ?? []), c]);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="cdk8s-istio-traffic routing tests" tests="${report.cases.length}" failures="${report.failed}" errors="0">`);
  for (const [file, cases] of byFile) {
    const failures = cases.filter((c) => !c.passed).length;
    out.push(`  <testsuite name="${attr(file)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`);
    for (const c of cases) {
      const open = `    <testcase name="${attr(c.test.name)}" classname="${attr(file)}" file="${attr(file)}" line="${c.test.line}"`;
      if (c.passed) {
        out.push(`${open}/>`);
        continue;
      }
      const failed = c.results.filter((r) => !r.passed);
      const body = failed.map((r) => [`request: ${describeRequest(r.request)}`, ...r.problems.map((p) => `  - ${p}`), formatExplanation(r.explanation)].join('\n')).join('\n\n');
      out.push(`${open}>`);
      out.push(`      <failure message="${attr(failed[0].problems[0] ?? 'failed')}" type="RoutingMismatch">${text(body)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

/** XML 1.0 forbids most control characters even escaped; they become U+FFFD. */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');
}

function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
