/**
 * Routing tests on the Gateway API: the native format reads both APIs (a per-version Service is
 * its subset, default sources include Gateway API Gateways), so seed 000's native test file
 * passes on both forms of the topology; istio-config-validator's format compares VirtualService
 * rules, and says so for a request an HTTPRoute routed instead of reporting "no rule matched".
 */
import * as fs from 'fs';
import * as path from 'path';
import { MeshModel } from '../../../src/model';
import { parseTestFile, runTestCases } from '../../../src/testing/runner';
import { buildExample, buildGatewayApiExample } from '../../support/examples';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'routing-tests', 'three-teams');
const file = (name: string) => parseTestFile(fs.readFileSync(path.join(FIXTURES, name), 'utf8'), name);
const problems = (report: ReturnType<typeof runTestCases>) => report.cases.flatMap((c) => c.results.flatMap((r) => r.problems));

const models = {
  istio: MeshModel.fromApp(buildExample('three-teams')),
  'gateway-api': MeshModel.fromApp(buildGatewayApiExample('three-teams')),
};

test.each(Object.entries(models))("seed 000's native routing tests pass on %s", (_api, model) => {
  const report = runTestCases(model, file('routing.yaml'));
  expect(report.requests).toBeGreaterThan(0);
  expect(problems(report)).toEqual([]);
});

test('the native tests are sent from the Gateway API Gateways by default, as from the Istio ones', () => {
  const report = runTestCases(models['gateway-api'], file('routing.yaml'));
  const sources = report.cases.flatMap((c) => c.results.map((r) => JSON.stringify(r.request.from)));
  expect(sources).toContain(JSON.stringify({ gateway: 'vamp-test2/gw-2' }));
});

test("istio-config-validator's format names the HTTPRoute and points to the native format", () => {
  const report = runTestCases(models['gateway-api'], file('routing_test.yml'));
  const first = report.cases.find((c) => !c.passed)!;
  expect(first.results[0].problems).toEqual([
    expect.stringMatching(/^the request was routed by HTTPRoute vamp-test1\/svc-1-v1 rules\[0\] \(Gateway API\): .*native `tests:` format/),
  ]);
  // On Istio's APIs the same file passes: the format itself is sound.
  expect(problems(runTestCases(models.istio, file('routing_test.yml')))).toEqual([]);
});
