/** Routing tests from YAML files (istio-config-validator's format or the native one), run on `explain`. */
export * from './types';
export { readTestFiles, parseTestFile, TEST_FILE_ERROR } from './parse-testcases';
export { expandRequests, defaultSources, FALLBACK_NAMESPACE } from './expand';
export { runTestCase, runTestCases } from './run';
export type { RunOptions } from './run';
export { formatTestReport } from './report-text';
export { testReportToJson } from './report-json';
export { testReportToJunit } from './report-junit';
