/**
 * JUnit XML that CI systems accept: parsed back with a real XML parser (@xmldom/xmldom, which
 * reports any well-formedness error), with testsuites/testsuite/testcase/failure and escaped text.
 */
import { Document, DOMParser } from '@xmldom/xmldom';
import { readTestFiles, runTestCases, testReportToJunit, TestRunReport } from '../../../src/testing/runner';
import { exampleModel, fixture } from './support';

/**
 * What xmldom lets through but XML 1.0 forbids: a bare `&` (not an entity or character
 * reference) and control characters other than tab, newline and carriage return.
 */
function strictProblems(xml: string): string[] {
  const problems: string[] = [];
  const bareAmpersand = /&(?!(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/.exec(xml);
  if (bareAmpersand) problems.push(`bare & at ${bareAmpersand.index}`);
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.exec(xml);
  if (control) problems.push(`control character at ${control.index}`);
  return problems;
}

function parse(xml: string): Document {
  expect(strictProblems(xml)).toEqual([]);
  const errors: string[] = [];
  // Warnings (a U+FFFD in the text) are fine; errors and fatal errors are not well-formed XML.
  const doc = new DOMParser({ onError: (level, message) => { if (level !== 'warning') errors.push(`${level}: ${message}`); } }).parseFromString(xml, 'text/xml');
  expect(errors).toEqual([]);
  return doc;
}

const report = (): TestRunReport => runTestCases(exampleModel(), readTestFiles([fixture('icv'), fixture('failing')]));

describe('JUnit report', () => {
  it('is checked strictly: the checks catch a bare & and a control character', () => {
    expect(strictProblems('<a b="x & y">\u0007</a>')).toEqual(['bare & at 8', 'control character at 13']);
    expect(strictProblems('<a b="x &amp; y &#10;">&lt;</a>')).toEqual([]);
  });

  it('is well-formed XML with one testsuite per file and one testcase per test case', () => {
    const doc = parse(testReportToJunit(report()));
    const root = doc.documentElement!;
    expect(root.tagName).toBe('testsuites');
    expect([root.getAttribute('tests'), root.getAttribute('failures'), root.getAttribute('errors')]).toEqual(['8', '2', '0']);
    const suites = Array.from(root.getElementsByTagName('testsuite'));
    expect(suites.map((s) => [s.getAttribute('name')!.split('routing-tests/')[1], s.getAttribute('tests'), s.getAttribute('failures')])).toEqual([
      ['icv/example_test.yml', '6', '0'],
      ['failing/wrong-native.yaml', '1', '1'],
      ['failing/wrong_test.yml', '1', '1'],
    ]);
    expect(root.getElementsByTagName('testcase').length).toBe(8);
  });

  it('escapes names and failure text, and carries the request, the problems and the trace', () => {
    const doc = parse(testReportToJunit(report()));
    const cases = Array.from(doc.getElementsByTagName('testcase'));
    const wrong = cases.find((c) => c.getAttribute('name') === 'the canary takes half <wrong> & more')!;
    expect(wrong).toBeDefined();
    const failure = wrong.getElementsByTagName('failure')[0];
    expect(failure.getAttribute('message')).toBe('destination monolith.monolith.svc.cluster.local subset stable: expected 50%, got 90%');
    expect(failure.textContent).toContain('request: GET example.com/ from gateway example/public');
    expect(failure.textContent).toContain('  - destination monolith.monolith.svc.cluster.local subset canary: expected 50%, got 10%');
    expect(failure.textContent).toContain('90.0% → monolith.monolith.svc.cluster.local:80 subset stable');
    const passing = cases.find((c) => c.getAttribute('name') === 'The old home page redirects')!;
    expect(passing.getElementsByTagName('failure').length).toBe(0);
  });

  it('replaces characters XML 1.0 cannot carry, and the same run gives the same bytes', () => {
    const base = report();
    const odd = { ...base, cases: [{ ...base.cases[0], test: { ...base.cases[0].test, name: 'bell \u0007 "quoted"\nnext' } }] };
    const doc = parse(testReportToJunit(odd));
    expect(doc.getElementsByTagName('testcase')[0].getAttribute('name')).toBe('bell \uFFFD "quoted"\nnext');
    expect(testReportToJunit(report())).toBe(testReportToJunit(report()));
  });
});
