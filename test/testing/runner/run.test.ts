/**
 * Running tests through explain: istio-config-validator's assertions on the rule Envoy picks
 * (internal/pkg/unit TestRunner.Run: each asserted field's equality must equal wantMatch), and
 * the native assertions on the outcome. Each fixture has a passing file and a wrong one.
 */
import { MeshModel } from '../../../src/model/mesh-model';
import { formatTestReport, readTestFiles, runTestCases } from '../../../src/testing/runner';
import { exampleModel, fixture } from './support';

const run = (files: string[], model = exampleModel()) => runTestCases(model, readTestFiles(files));

describe('istio-config-validator files', () => {
  it('pass on the manifests they describe: route, weights, wantMatch false, fault, rewrite, redirect', () => {
    const report = run([fixture('icv')]);
    expect(report.cases.map((c) => [c.test.name, c.passed, c.results.length])).toEqual([
      ['Only QA users go to the new users service', true, 8],
      ['Other users stay on the monolith', true, 1],
      ['The partner service only takes GET and OPTIONS', true, 6],
      ['Bots are refused on the reseller API', true, 1],
      ['Resellers reach the partner service under /partner', true, 1],
      ['The old home page redirects', true, 1],
    ]);
    expect(report).toMatchObject({ passed: 6, failed: 0, requests: 18 });
  });

  it('report a wrong expectation as a failure with the request, expected against got, and the trace', () => {
    const report = run([fixture('failing', 'wrong_test.yml')]);
    expect(report.failed).toBe(1);
    const [result] = report.cases[0].results;
    expect(result.passed).toBe(false);
    expect(result.problems).toEqual([
      'route: expected [{"destination":{"host":"users.users.svc.cluster.local","port":{"number":80}}}], '
      + 'got [{"destination":{"host":"monolith.monolith.svc.cluster.local","subset":"stable"},"weight":90},'
      + '{"destination":{"host":"monolith.monolith.svc.cluster.local","subset":"canary"},"weight":10}] (rule example/example http[5])',
    ]);
    const text = formatTestReport(report);
    expect(text).toContain('FAIL Everyone goes to the users service');
    expect(text).toContain('request: GET example.com/users from gateway example/public');
    expect(text).toContain('hop 1: gateway Deployment istio-system/istio-ingressgateway :80 host example.com');
    expect(text).toContain('VirtualService example/example http[5] (no match: all requests)');
    expect(text).toMatch(/0 tests passed, 1 failed \(1 request\)\.\n$/);
  });

  it('wantMatch: false fails when the rule does say what the test says it must not', () => {
    const [c] = readTestFiles([fixture('icv', 'example_test.yml')]).filter((t) => t.wantMatch);
    const report = runTestCases(exampleModel(), [{ ...c, wantMatch: false }]);
    expect(report.cases[0].results.every((r) => !r.passed && r.problems[0].includes('(wantMatch: false), got it'))).toBe(true);
  });

  it('compare short route hosts as Istio resolves them, in the rule\'s namespace', () => {
    const model = MeshModel.fromObjects([
      { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'r', namespace: 'shop' }, spec: { hosts: ['cart'], http: [{ route: [{ destination: { host: 'cart' } }] }] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'cart', namespace: 'shop' }, spec: { selector: { app: 'cart' }, ports: [{ name: 'http', port: 80 }] } },
    ]);
    const spec = { authority: ['cart'], method: ['GET'], uri: ['/'] };
    const cases = (host: string) => [{ format: 'istio-config-validator' as const, name: host, file: 'f', line: 1, request: spec, wantMatch: true, rule: { route: [{ destination: { host } }] } }];
    expect(runTestCases(model, cases('cart.shop.svc.cluster.local')).failed).toBe(0);
    expect(runTestCases(model, cases('cart')).failed).toBe(0);
    expect(runTestCases(model, cases('cart.other.svc.cluster.local')).failed).toBe(1);
  });

  it('follow delegates as istiod merges them: the delegate rule\'s route and headers, the root rule\'s delegate', () => {
    const model = MeshModel.fromFiles([fixture('delegate', 'manifests.yaml')]);
    expect(run([fixture('delegate', 'delegate_test.yml')], model)).toMatchObject({ passed: 1, failed: 0, requests: 4 });
  });

  it('differ from istio-config-validator where Istio does: a delegate that does not exist matches nothing', () => {
    const model = MeshModel.fromFiles([fixture('delegate', 'manifests.yaml')]);
    const report = run([fixture('delegate', 'missing-delegate_test.yml')], model);
    expect(report.failed).toBe(1);
    const [first] = report.cases[0].results;
    expect(first.problems).toEqual(['delegate: expected {"name":"seller-delegate"}, got nothing (no rule matched)']);
    expect(first.explanation.outcome).toBe('no-route');
  });
});

describe('native files', () => {
  it('pass on the manifests they describe: rewritten path, shares, redirect location, fault, 404', () => {
    expect(run([fixture('native')])).toMatchObject({ passed: 5, failed: 0, requests: 8 });
  });

  it('report a wrong split destination by destination', () => {
    const report = run([fixture('failing', 'wrong-native.yaml')]);
    expect(report.cases[0].results[0].problems).toEqual([
      'destination monolith.monolith.svc.cluster.local subset stable: expected 50%, got 90%',
      'destination monolith.monolith.svc.cluster.local subset canary: expected 50%, got 10%',
    ]);
  });

  it('name every expectation that does not hold: outcome, status, path, authority, location, allowed, deniedBy, extra destinations', () => {
    const [c] = readTestFiles([fixture('native', 'example.yaml')]);
    const wrong = { ...c, expect: { outcome: 'redirect', status: 301, path: '/orders', authority: 'x.example.com', location: 'http://a/', allowed: false, deniedBy: 'example/deny', destinations: [] } };
    const [result] = runTestCases(exampleModel(), [wrong]).cases[0].results;
    expect(result.problems).toEqual([
      'outcome: expected redirect, got routed',
      'status: expected 301, got none (routed)',
      'destination partner.partner.svc.cluster.local:8000: not expected, takes 100%',
      'path: expected /orders, got /partner/orders',
      'authority: expected x.example.com, got www.example.com',
      'location: expected http://a/, got no redirect (routed)',
      'allowed: expected a proxy to refuse it, got routed',
      'deniedBy: expected example/deny to refuse it, got routed',
    ]);
  });
});

describe('native files on authorization', () => {
  const model = () => MeshModel.fromFiles([fixture('..', 'explain-authz', 'ledger.yaml')]);

  it('pass when the proxy refuses the request with the named policy', () => {
    expect(run([fixture('authz', 'ledger.yaml')], model())).toMatchObject({ passed: 1, failed: 0 });
  });

  it('fail, with the policy and its reason, when the test says it is allowed', () => {
    const [c] = readTestFiles([fixture('authz', 'ledger.yaml')]);
    const [result] = runTestCases(model(), [{ ...c, expect: { allowed: true } }]).cases[0].results;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^allowed: expected no proxy to refuse it, got denied 403 by no ALLOW policy matched at Deployment ledger\/ledger: /);
  });
});
