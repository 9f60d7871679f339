/**
 * VirtualService `headers` in explain, as istiod translates them (route.go
 * TranslateHeadersOperations, processDestination, processWeightedDestination) and Envoy applies
 * them (HeaderParser::evaluateHeaders: every remove, then set, then add; a weighted cluster's
 * changes before the route's). Requests enter at Gateway shop/public with Host shop.example.com
 * unless a case says otherwise; each `want.received` is the header map the destination gets.
 */
import { MeshModel } from '../../src/model';
import { explain, explanationToJson, ExplainRequest, formatExplanation } from '../../src/simulate';
import { base, gateway, NS, vs, web } from './topology';

const GW = { gateway: 'shop/public' };
const site = (http: any[]) => vs('site', { hosts: ['shop.example.com'], gateways: ['public'], http });

interface Case {
  readonly name: string;
  readonly http: any[];
  readonly headers?: Record<string, string>;
  /** Headers each destination receives, in order; undefined: no route changed them. */
  readonly received: readonly (Record<string, string> | undefined)[];
  readonly authority?: string;
}

const cases: Case[] = [
  { name: 'request.set overwrites, request.add appends (the next proxy reads "a,b")',
    http: [{ headers: { request: { set: { 'X-Team': 'shop' }, add: { 'x-trace': 'gw' } } }, route: [web('v1')] }],
    headers: { 'x-team': 'old', 'x-trace': 'client' },
    received: [{ 'x-team': 'shop', 'x-trace': 'client,gw' }] },
  { name: 'remove runs before set/add: removing and setting one header keeps the new value',
    http: [{ headers: { request: { remove: ['x-a'], set: { 'x-a': 'new' } } }, route: [web('v1')] }],
    headers: { 'x-a': 'old', 'x-b': '1' }, received: [{ 'x-a': 'new', 'x-b': '1' }] },
  { name: 'one destination: its set comes after the rule\'s (one parser), so it wins',
    http: [{ headers: { request: { set: { 'x-v': 'rule' } } }, route: [{ ...web('v1'), headers: { request: { set: { 'x-v': 'dest' } } } }] }],
    received: [{ 'x-v': 'dest' }] },
  { name: 'several destinations: the weighted cluster\'s changes come first, so the rule\'s set wins',
    http: [{ headers: { request: { set: { 'x-v': 'rule' } } }, route: [{ ...web('v1', 50), headers: { request: { set: { 'x-v': 'dest', 'x-only': 'v1' } } } }, web('v2', 50)] }],
    received: [{ 'x-v': 'rule', 'x-only': 'v1' }, { 'x-v': 'rule' }] },
  { name: 'an empty value is not added (Envoy skips it)',
    http: [{ headers: { request: { set: { 'x-empty': '' } } }, route: [web('v1')] }], received: [undefined] },
  { name: 'response headers are reported but change nothing the destination receives',
    http: [{ headers: { response: { set: { 'cache-control': 'no-store' } } }, route: [web('v1')] }], received: [undefined] },
  { name: ':authority in set is the host rewrite, not a header',
    http: [{ headers: { request: { set: { ':authority': 'internal.shop' } } }, route: [web('v1')] }],
    received: [undefined], authority: 'internal.shop' },
  { name: 'rewrite.authority beats the :authority header',
    http: [{ rewrite: { authority: 'rewritten.shop' }, headers: { request: { set: { host: 'header.shop' } } }, route: [web('v1')] }],
    received: [undefined], authority: 'rewritten.shop' },
  { name: "a destination's :authority applies only without a rule-level one",
    http: [{ route: [{ ...web('v1'), headers: { request: { set: { ':authority': 'dest.shop' } } } }] }],
    received: [undefined], authority: 'dest.shop' },
  { name: "a destination's :authority loses to the rule's",
    http: [{ headers: { request: { add: { ':authority': 'rule.shop' } } }, route: [{ ...web('v1'), headers: { request: { set: { ':authority': 'dest.shop' } } } }] }],
    received: [undefined], authority: 'rule.shop' },
  { name: 'remove of a pseudo-header or host is dropped by istiod',
    http: [{ headers: { request: { remove: [':path', 'Host', 'x-gone'] } }, route: [web('v1')] }],
    headers: { 'x-gone': '1' }, received: [{}] },
];

describe('header manipulation of the matched route', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const model = MeshModel.fromObjects([...base(), site(c.http)]);
    const result = explain(model, { from: GW, host: 'shop.example.com', path: '/', headers: c.headers });
    try {
      expect(result.outcome).toBe('routed');
      expect(result.destinations.map((d) => d.headers)).toEqual(c.received);
      if (c.authority) expect(result.destinations.map((d) => d.authority)).toEqual(result.destinations.map(() => c.authority));
    } catch (error) {
      (error as Error).message += `\n\ntrace:\n${formatExplanation(result)}`;
      throw error;
    }
  });

  test('the hop reports the rule\'s changes, the destination its entry\'s, in the JSON too', () => {
    const model = MeshModel.fromObjects([...base(), site([{
      headers: { request: { set: { 'x-b': '2', 'x-a': '1' }, remove: ['x-debug'] }, response: { add: { 'x-served-by': 'shop' } } },
      route: [{ ...web('v1'), headers: { response: { remove: ['server'] } } }],
    }])]);
    const json = explanationToJson(explain(model, { from: GW, host: 'shop.example.com', path: '/' })) as any;
    expect(json.hops[0].requestHeaders).toEqual({ set: { 'x-a': '1', 'x-b': '2' }, remove: ['x-debug'] });
    expect(Object.keys(json.hops[0].requestHeaders.set)).toEqual(['x-a', 'x-b']);
    expect(json.hops[0].responseHeaders).toEqual({ add: { 'x-served-by': 'shop' } });
    expect(json.destinations[0].responseHeaders).toEqual({ remove: ['server'] });
    expect(json.destinations[0].headers).toEqual({ 'x-a': '1', 'x-b': '2' });
    expect(json).toMatchObject({ outcome: 'routed', normalizedPath: '/' });
  });

  test('the text trace names the changes', () => {
    const model = MeshModel.fromObjects([...base(), site([{ headers: { request: { set: { 'x-team': 'shop' } } }, route: [web('v1')] }])]);
    const text = formatExplanation(explain(model, { from: GW, host: 'shop.example.com', path: '/' }));
    expect(text).toContain('request headers: set x-team=shop');
    expect(text).toContain('receives headers x-team: shop');
  });

  test('routes without headers keep the trace as it was (no headers fields)', () => {
    const model = MeshModel.fromObjects([...base(), site([{ route: [web('v1')] }])]);
    const result = explain(model, { from: GW, host: 'shop.example.com', path: '/' });
    expect(result.hops[0].requestHeaders).toBeUndefined();
    expect(result.destinations[0].headers).toBeUndefined();
  });
});

/**
 * Two hops: the sidecar sets a header on the way to the egress gateway, whose routes match on it
 * (the gateway's router sees the request as the sidecar's route left it).
 */
describe('a header set at hop 1 is matched at hop 2', () => {
  const egressObjects = (set: Record<string, string>): any[] => [
    ...base(),
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'egress', namespace: NS },
      spec: { selector: { matchLabels: { istio: 'egress' } }, template: { metadata: { labels: { istio: 'egress' } }, spec: { containers: [{ name: 'istio-proxy', image: 'proxyv2' }] } } } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'egress', namespace: NS }, spec: { selector: { istio: 'egress' }, ports: [{ name: 'http', port: 80 }] } },
    { ...gateway('egress', NS, ['httpbin.org']), spec: { selector: { istio: 'egress' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['httpbin.org'] }] } },
    { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'httpbin', namespace: NS },
      spec: { hosts: ['httpbin.org'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' } },
    vs('httpbin', { hosts: ['httpbin.org'], gateways: ['egress', 'mesh'], http: [
      { match: [{ gateways: ['mesh'], port: 80 }], headers: { request: { set } }, route: [{ destination: { host: 'egress.shop.svc.cluster.local', port: { number: 80 } } }] },
      { match: [{ gateways: ['egress'], headers: { 'x-egress-lane': { exact: 'fast' } } }], route: [{ destination: { host: 'httpbin.org', port: { number: 80 } } }] },
      { match: [{ gateways: ['egress'] }], directResponse: { status: 418 } },
    ] }),
  ];
  const request: ExplainRequest = { from: { namespace: NS, labels: { app: 'frontend' } }, host: 'httpbin.org', path: '/get' };

  test('with the header set by the sidecar route, the gateway takes its first rule', () => {
    const result = explain(MeshModel.fromObjects(egressObjects({ 'x-egress-lane': 'fast' })), request);
    expect(result.outcome).toBe('routed');
    expect(result.hops.map((h) => h.ruleIndex)).toEqual([0, 1]);
    expect(result.destinations[0]).toMatchObject({ host: 'httpbin.org', headers: { 'x-egress-lane': 'fast' } });
  });

  test('near miss: another value, and the gateway answers from its last rule', () => {
    const result = explain(MeshModel.fromObjects(egressObjects({ 'x-egress-lane': 'slow' })), request);
    expect(result).toMatchObject({ outcome: 'direct-response', status: 418 });
  });
});

test("the destination's AuthorizationPolicy reads the headers the route set", () => {
  const policy = (value: string) => ({
    apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'web', namespace: NS },
    spec: { selector: { matchLabels: { app: 'web' } }, rules: [{ when: [{ key: 'request.headers[x-via]', values: [value] }] }] },
  });
  const objects = (value: string) => [...base(), policy(value), site([{ headers: { request: { set: { 'x-via': 'public' } } }, route: [web('v1')] }])];
  expect(explain(MeshModel.fromObjects(objects('public')), { from: GW, host: 'shop.example.com', path: '/' }).outcome).toBe('routed');
  expect(explain(MeshModel.fromObjects(objects('other')), { from: GW, host: 'shop.example.com', path: '/' }).outcome).toBe('denied');
});
