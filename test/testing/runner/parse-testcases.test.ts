/**
 * Reading test files: istio-config-validator's format as that tool reads it
 * (internal/pkg/parser/testcase.go: TestCaseYAML, TestCase, Request.Unfold), the native format,
 * and CIT902 with `file:line` and the field for everything else.
 */
import { IstioTrafficError } from '../../../src/errors';
import { expandRequests, parseTestFile, readTestFiles, TEST_FILE_ERROR } from '../../../src/testing/runner';
import { exampleModel, fixture } from './support';

describe('istio-config-validator format', () => {
  it('reads the documented fields: description, wantMatch, request lists, route, rewrite, fault, redirect', () => {
    const cases = readTestFiles([fixture('icv', 'example_test.yml')]);
    expect(cases.map((c) => [c.name, c.wantMatch, c.line])).toEqual([
      ['Only QA users go to the new users service', true, 3],
      ['Other users stay on the monolith', true, 16],
      ['The partner service only takes GET and OPTIONS', false, 31],
      ['Bots are refused on the reseller API', true, 42],
      ['Resellers reach the partner service under /partner', true, 60],
      ['The old home page redirects', true, 73],
    ]);
    expect(cases[0].request).toEqual({ authority: ['www.example.com', 'example.com'], method: ['GET', 'POST'], uri: ['/users', '/users/42'], headers: { 'x-user-type': 'qa' } });
    expect(cases[3].rule?.fault).toEqual({ abort: { percentage: { value: 100 }, httpStatus: 403 } });
    expect(cases[4].rule?.rewrite).toEqual({ uri: '/partner' });
  });

  it('expands authority × method × uri in Request.Unfold order (uri, then authority, then method)', () => {
    const [first] = readTestFiles([fixture('icv', 'example_test.yml')]);
    const requests = expandRequests(exampleModel(), first.request);
    expect(requests.map((r) => `${r.method} ${r.host}${r.path}`)).toEqual([
      'GET www.example.com/users', 'POST www.example.com/users', 'GET example.com/users', 'POST example.com/users',
      'GET www.example.com/users/42', 'POST www.example.com/users/42', 'GET example.com/users/42', 'POST example.com/users/42',
    ]);
    expect(requests.every((r) => r.headers?.['x-user-type'] === 'qa')).toBe(true);
  });

  it('matches keys case-insensitively and takes an omitted wantMatch as false, as encoding/json does', () => {
    const [c] = parseTestFile('TestCases:\n  - Description: d\n    Request: { Authority: [a.example.com], Method: [GET], URI: [/] }\n', 't.yml');
    expect(c.name).toBe('d');
    expect(c.wantMatch).toBe(false);
    expect(c.request.authority).toEqual(['a.example.com']);
  });

  it('appends queryParams (newer versions) to every uri, sorted, a null value as empty', () => {
    const [c] = parseTestFile('testCases:\n  - request: { authority: [a], method: [GET], uri: [/q, "/r?x=1"], queryParams: { v: null, b: "2 3" } }\n', 't.yml');
    expect(c.request.uri).toEqual(['/q?b=2%203&v=', '/r?x=1&b=2%203&v=']);
  });

  it('reads every document of a multi-document file', () => {
    const text = 'testCases:\n  - { description: one, request: { authority: [a], method: [GET], uri: [/] } }\n---\ntestCases:\n  - { description: two, request: { authority: [a], method: [GET], uri: [/] } }\n';
    expect(parseTestFile(text, 't.yml').map((c) => [c.name, c.line])).toEqual([['one', 2], ['two', 5]]);
  });
});

describe('native format', () => {
  it('reads from, request lists and expectations; method defaults to GET', () => {
    const cases = readTestFiles([fixture('native', 'example.yaml')]);
    expect(cases[1].request).toEqual({ from: ['example/public'], authority: ['example.com', 'www.example.com'], method: ['GET'], uri: ['/', '/about'], headers: undefined, cookies: undefined, scheme: undefined, port: undefined });
    expect(cases[1].expect?.destinations).toEqual([
      { host: 'monolith.monolith.svc.cluster.local', subset: 'stable', weight: 90 },
      { host: 'monolith.monolith.svc.cluster.local', subset: 'canary', weight: 10 },
    ]);
    expect(cases[2].expect).toEqual({ outcome: 'redirect', status: 301, location: 'http://example.com/home', destinations: undefined });
  });

  it('takes the test\'s from, then the run\'s --from, then the default', () => {
    const model = exampleModel();
    const spec = { authority: ['example.com'], method: ['GET'], uri: ['/'] };
    expect(expandRequests(model, spec).map((r) => r.from)).toEqual([{ gateway: 'example/public' }]);
    expect(expandRequests(model, spec, ['shop:app=web']).map((r) => r.from)).toEqual([{ namespace: 'shop', labels: { app: 'web' } }]);
    expect(expandRequests(model, { ...spec, from: ['a/b'] }, ['shop:app=web']).map((r) => r.from)).toEqual([{ gateway: 'a/b' }]);
    expect(expandRequests(model, { ...spec, authority: ['nobody.example.com'] }).map((r) => r.from)).toEqual([{ namespace: 'default', labels: {} }]);
  });
});

describe('bad test files are CIT902 at file:line, naming the field', () => {
  const cases: Array<{ name: string; text: string; where: string; message: RegExp }> = [
    { name: 'malformed YAML', text: 'testCases:\n  - [\n', where: 't.yml:3', message: /malformed YAML/ },
    { name: 'neither format', text: 'cases: []\n', where: 't.yml:1', message: /neither testCases .* nor tests/ },
    { name: 'unknown request field (a typo)', text: 'testCases:\n  - request:\n      authority: [a]\n      methods: [GET]\n      uri: [/]\n', where: 't.yml:4', message: /testCases\[0\]\.request\.methods: unknown field "methods"/ },
    { name: 'empty method list (Unfold: "method list is empty")', text: 'testCases:\n  - request:\n      authority: [a]\n      method: []\n      uri: [/]\n', where: 't.yml:4', message: /request\.method: method is a non-empty list/ },
    { name: 'authority given as a string, not a list', text: 'testCases:\n  - request:\n      authority: a\n      method: [GET]\n      uri: [/]\n', where: 't.yml:3', message: /authority is a non-empty list/ },
    { name: 'uri without a leading slash', text: 'testCases:\n  - request: { authority: [a], method: [GET], uri: [users] }\n', where: 't.yml:2', message: /uri\[0\]: a uri is a path/ },
    { name: 'wantMatch not a boolean', text: 'testCases:\n  - wantMatch: "yes"\n    request: { authority: [a], method: [GET], uri: [/] }\n', where: 't.yml:2', message: /wantMatch is true or false/ },
    { name: 'route entry without destination', text: 'testCases:\n  - request: { authority: [a], method: [GET], uri: [/] }\n    route:\n      - weight: 100\n', where: 't.yml:4', message: /route\[0\]: a route entry needs a destination/ },
    { name: 'native: misspelt outcome', text: 'tests:\n  - name: n\n    request: { host: a, path: / }\n    expect:\n      outcome: routd\n', where: 't.yml:5', message: /tests\[0\]\.expect\.outcome: the outcome is one of routed/ },
    { name: 'native: weight over 100', text: 'tests:\n  - name: n\n    request: { host: a, path: / }\n    expect:\n      destinations:\n        - host: a\n          weight: 110\n', where: 't.yml:7', message: /destinations\[0\]\.weight: the weight is a percentage/ },
    { name: 'native: no name', text: 'tests:\n  - request: { host: a, path: / }\n    expect: { outcome: routed }\n', where: 't.yml:2', message: /a test needs a name/ },
    { name: 'native: unknown expect field', text: 'tests:\n  - name: n\n    request: { host: a, path: / }\n    expect: { outcome: routed, share: 1 }\n', where: 't.yml:4', message: /expect\.share: unknown field/ },
  ];
  it.each(cases)('$name', ({ text, where, message }) => {
    let error: unknown;
    try {
      parseTestFile(text, 't.yml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IstioTrafficError);
    expect((error as IstioTrafficError).code).toBe(TEST_FILE_ERROR);
    expect((error as IstioTrafficError).where).toBe(where);
    expect((error as IstioTrafficError).message).toMatch(message);
  });

  it('a valid file next to them parses (the near miss)', () => {
    expect(parseTestFile('testCases:\n  - request: { authority: [a], method: [GET], uri: [/] }\n', 't.yml')).toHaveLength(1);
  });
});
