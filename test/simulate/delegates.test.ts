/**
 * Delegate VirtualServices, as istiod merges them before building routes
 * (pilot/pkg/model/virtualservice.go mergeVirtualServicesIfNeeded, mergeHTTPRoutes,
 * mergeHTTPRoute, mergeHTTPMatchRequests, mergeHTTPMatchRequest, hasConflict). Each case is a
 * positive or a near miss of one rule. Topology: test/simulate/topology.ts plus team `team-api`
 * owning `orders` (and a delegate VirtualService), a root VirtualService `shop/site` on the
 * Gateway `shop/public`.
 */
import { MeshModel } from '../../src/model';
import { explain, Explanation, explanationToJson, ExplainRequest, formatExplanation, Outcome } from '../../src/simulate';
import { expectWithTrace } from './with-trace';
import { base, deployment, NS, service, vs, web, WEB } from './topology';

const TEAM = 'team-api';
const ORDERS = `orders.${TEAM}.svc.cluster.local`;
const team = [deployment('orders', TEAM, { app: 'orders' }), service('orders', TEAM, { app: 'orders' }, [80])];
const toOrders = { route: [{ destination: { host: 'orders' } }] };

/** The root on the gateway: its first rule delegates `/api` to `ref`, its second sends the rest to web v1. */
const root = (rule: Record<string, unknown> = {}, ref: Record<string, unknown> = { name: 'api-routes', namespace: TEAM }, rest = true) => vs('site', {
  hosts: ['shop.example.com'], gateways: ['public'],
  http: [{ name: 'api', match: [{ uri: { prefix: '/api' } }], delegate: ref, ...rule }, ...(rest ? [{ route: [web('v1')] }] : [])],
});
const delegate = (http: any[], extra: Record<string, unknown> = {}, namespace = TEAM, name = 'api-routes') => vs(name, { http, ...extra }, namespace);

interface Want {
  readonly outcome: Outcome;
  readonly status?: number;
  /** Host or subset of each destination. */
  readonly to?: readonly string[];
  /** [root rule, root match, delegate, delegate rule, delegate match] of the first hop. */
  readonly via?: readonly [number | undefined, number | undefined, string | undefined, number | undefined, number | undefined];
  readonly note?: string;
  readonly timeout?: string;
  readonly retries?: Record<string, unknown>;
  readonly ruleName?: string;
  /** Path the first destination receives. */
  readonly path?: string;
}

interface Case {
  readonly name: string;
  readonly objects: readonly any[];
  readonly request: Partial<ExplainRequest>;
  readonly want: Want;
}

const v2Rule = { name: 'v2', match: [{ uri: { prefix: '/api/v2' } }], ...toOrders };

const cases: Case[] = [
  // ---- mergeHTTPRoutes: the delegate's rules replace the delegating rule, in order
  { name: 'a request under the root match and the delegate match takes the delegate rule',
    objects: [root(), delegate([v2Rule])], request: { path: '/api/v2/items' },
    want: { outcome: 'routed', to: [ORDERS], via: [0, 0, `${TEAM}/api-routes`, 0, 0], note: 'merged match: uri prefix "/api/v2"' } },
  { name: 'near miss: outside the root match, the root\'s next rule answers',
    objects: [root(), delegate([v2Rule])], request: { path: '/web' },
    want: { outcome: 'routed', to: ['v1'], via: [1, undefined, undefined, undefined, undefined] } },
  { name: 'a delegate rule without match takes the root\'s match (/api), so it catches /api/other',
    objects: [root(), delegate([v2Rule, toOrders])], request: { path: '/api/other' },
    want: { outcome: 'routed', to: [ORDERS], via: [0, 0, `${TEAM}/api-routes`, 1, undefined], note: 'merged match: uri prefix "/api"' } },
  { name: 'near miss: the same match-less delegate rule does not catch /other',
    objects: [root({}, undefined, false), delegate([toOrders])], request: { path: '/other' },
    want: { outcome: 'no-route', status: 404 } },
  { name: 'delegate destinations resolve in the delegate\'s namespace (orders → orders.team-api)',
    objects: [root(), delegate([toOrders])], request: { path: '/api' },
    want: { outcome: 'routed', to: [ORDERS] } },
  { name: 'a delegate without namespace is looked up in the root\'s namespace',
    objects: [root({}, { name: 'api-routes' }), delegate([{ route: [web('v2')] }], {}, NS)], request: { path: '/api' },
    want: { outcome: 'routed', to: ['v2'], via: [0, 0, `${NS}/api-routes`, 0, undefined] } },

  // ---- hasConflict: a delegate match must narrow a root match, else istiod drops the rule
  { name: 'a delegate prefix outside the root prefix is dropped: /admin is not routed by it',
    objects: [root({}, undefined, false), delegate([{ match: [{ uri: { prefix: '/admin' } }], ...toOrders }])], request: { path: '/admin' },
    want: { outcome: 'no-route', status: 404, note: `http[0] of delegate ${TEAM}/api-routes has a match that narrows no match of root http[0]: istiod drops it` } },
  { name: 'near miss: a delegate prefix under the root prefix is kept',
    objects: [root({}, undefined, false), delegate([{ match: [{ uri: { prefix: '/api/admin' } }], ...toOrders }])], request: { path: '/api/admin' },
    want: { outcome: 'routed', to: [ORDERS] } },
  { name: 'a dropped delegate rule does not take /api even though the root matches it',
    objects: [root({}, undefined, false), delegate([{ match: [{ uri: { prefix: '/admin' } }], ...toOrders }])], request: { path: '/api/x' },
    want: { outcome: 'no-route', status: 404 } },
  { name: 'a delegate prefix against a root regex conflicts (regex never narrows): dropped',
    objects: [root({ match: [{ uri: { regex: '/api/.*' } }] }, undefined, false), delegate([{ match: [{ uri: { prefix: '/api/v2' } }], ...toOrders }])],
    request: { path: '/api/v2' }, want: { outcome: 'no-route', status: 404, note: 'narrows no match' } },
  { name: 'near miss: a delegate match that sets no uri keeps the root regex',
    objects: [root({ match: [{ uri: { regex: '/api/.*' } }] }, undefined, false), delegate([{ match: [{ method: { exact: 'POST' } }], ...toOrders }])],
    request: { path: '/api/v2', method: 'POST' }, want: { outcome: 'routed', to: [ORDERS], note: 'merged match: uri regex "/api/.*", method exact "POST"' } },
  { name: 'a delegate match merges only with the root matches it narrows (/a/x with /a, not /b)',
    objects: [root({ match: [{ uri: { prefix: '/a' } }, { uri: { prefix: '/b' } }] }, undefined, false), delegate([{ match: [{ uri: { prefix: '/a/x' } }], ...toOrders }])],
    request: { path: '/a/x' }, want: { outcome: 'routed', to: [ORDERS], via: [0, 0, `${TEAM}/api-routes`, 0, 0] } },
  { name: 'near miss: /b/x is under the second root match but the delegate narrowed only the first',
    objects: [root({ match: [{ uri: { prefix: '/a' } }, { uri: { prefix: '/b' } }] }, undefined, false), delegate([{ match: [{ uri: { prefix: '/a/x' } }], ...toOrders }])],
    request: { path: '/b/x' }, want: { outcome: 'no-route', status: 404 } },

  // ---- mergeHTTPMatchRequest: the root's conditions AND the delegate's
  { name: 'a root header condition holds on the merged match: with the header, routed',
    objects: [root({ match: [{ uri: { prefix: '/api' }, headers: { 'x-team': { exact: 'a' } } }] }, undefined, false), delegate([v2Rule])],
    request: { path: '/api/v2', headers: { 'x-team': 'a' } },
    want: { outcome: 'routed', to: [ORDERS], note: 'merged match: uri prefix "/api/v2", header x-team exact "a"' } },
  { name: 'near miss: without the root\'s header the delegated route does not match',
    objects: [root({ match: [{ uri: { prefix: '/api' }, headers: { 'x-team': { exact: 'a' } } }] }, undefined, false), delegate([v2Rule])],
    request: { path: '/api/v2' }, want: { outcome: 'no-route', status: 404 } },

  // ---- mergeHTTPRoute: the root's rule fields fill what the delegate leaves unset
  { name: 'the root\'s timeout and retries are inherited; names join root-delegate',
    objects: [root({ timeout: '5s', retries: { attempts: 2 } }), delegate([v2Rule])], request: { path: '/api/v2' },
    want: { outcome: 'routed', to: [ORDERS], timeout: '5s', retries: { attempts: 2 }, ruleName: 'api-v2' } },
  { name: 'the root\'s rewrite is inherited and replaces the MERGED match\'s prefix (/api/v2/items → //items)',
    objects: [root({ rewrite: { uri: '/' } }), delegate([v2Rule])], request: { path: '/api/v2/items' },
    want: { outcome: 'routed', to: [ORDERS], path: '//items' } },
  { name: 'near miss: the delegate\'s own rewrite wins over the root\'s',
    objects: [root({ rewrite: { uri: '/' } }), delegate([{ ...v2Rule, rewrite: { uri: '/v2' } }])], request: { path: '/api/v2/items' },
    want: { outcome: 'routed', to: [ORDERS], path: '/v2/items' } },
  { name: 'near miss: the delegate\'s own timeout wins over the root\'s',
    objects: [root({ timeout: '5s' }), delegate([{ ...v2Rule, timeout: '1s' }])], request: { path: '/api/v2' },
    want: { outcome: 'routed', to: [ORDERS], timeout: '1s' } },

  // ---- mergeVirtualServicesIfNeeded: which delegate is merged at all
  { name: 'a delegate that does not exist leaves its root rule with no routes: /api falls to the next rule',
    objects: [root({}, { name: 'nope', namespace: TEAM })], request: { path: '/api/v2' },
    want: { outcome: 'routed', to: ['v1'], via: [1, undefined, undefined, undefined, undefined], note: `http[0] delegates to VirtualService ${TEAM}/nope, which does not exist` } },
  { name: 'a missing delegate and no other rule: 404, and the trace says why',
    objects: [root({}, { name: 'nope', namespace: TEAM }, false)], request: { path: '/api/v2' },
    want: { outcome: 'no-route', status: 404, note: `http[0] delegates to VirtualService ${TEAM}/nope, which does not exist` } },
  { name: 'a delegate not exported to the root\'s namespace is skipped',
    objects: [root({}, undefined, false), delegate([v2Rule], { exportTo: ['.'] })], request: { path: '/api/v2' },
    want: { outcome: 'no-route', status: 404, note: 'which is not exported to namespace shop' } },
  { name: 'near miss: a delegate exported to the root\'s namespace is merged',
    objects: [root({}, undefined, false), delegate([v2Rule], { exportTo: [NS] })], request: { path: '/api/v2' },
    want: { outcome: 'routed', to: [ORDERS] } },
  { name: 'a VirtualService with hosts is not a delegate',
    objects: [root({}, undefined, false), delegate([v2Rule], { hosts: ['orders'] })], request: { path: '/api/v2' },
    want: { outcome: 'no-route', status: 404, note: 'which has hosts, so it is not a delegate' } },
  { name: 'delegation is one level deep: a delegate inside the delegate is not followed',
    objects: [root({}, undefined, false), delegate([{ delegate: { name: 'deeper', namespace: TEAM } }]), delegate([toOrders], {}, TEAM, 'deeper')],
    request: { path: '/api/v2' }, want: { outcome: 'no-route', status: 404, note: 'a delegate inside a delegate VirtualService is not followed' } },
];

function check(result: Explanation, want: Want): void {
  const hop = result.hops[0];
  expect(result.outcome).toBe(want.outcome);
  expect(result.status).toBe(want.status);
  if (want.to) expect(result.destinations.map((d) => d.subset ?? d.host)).toEqual(want.to);
  if (want.via) expect([hop.ruleIndex, hop.matchIndex, hop.delegate, hop.delegateRuleIndex, hop.delegateMatchIndex]).toEqual(want.via);
  if (want.note) expect(hop.notes.join('\n')).toContain(want.note);
  if (want.timeout) expect(hop.timeout).toBe(want.timeout);
  if (want.retries) expect(hop.retries).toEqual(want.retries);
  if (want.ruleName) expect(hop.ruleName).toBe(want.ruleName);
  if (want.path) expect(result.destinations[0].path).toBe(want.path);
}

function run(objects: readonly any[], request: Partial<ExplainRequest>): Explanation {
  const model = MeshModel.fromObjects([...base(), ...team, ...objects]);
  return explain(model, { from: { gateway: 'shop/public' }, host: 'shop.example.com', path: '/', ...request } as ExplainRequest);
}

describe('delegate VirtualServices at a gateway', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = run(c.objects, c.request);
    expectWithTrace(result, () => check(result, c.want));
  });
});

describe('delegate VirtualServices in the mesh and in the trace', () => {
  // The merge happens on the VirtualService (push_context.go initVirtualServices), so a mesh root delegates too.
  const meshRoot = vs('web-routes', { hosts: ['web'], http: [{ match: [{ uri: { prefix: '/v2' } }], delegate: { name: 'web-v2', namespace: TEAM } }, { route: [web('v1')] }] });
  const webDelegate = delegate([{ route: [{ destination: { host: WEB, subset: 'v2' } }] }], {}, TEAM, 'web-v2');
  const fromFrontend = { from: { namespace: NS, labels: { app: 'frontend' } }, host: 'web' };

  it('a mesh root delegates: /v2 from a sidecar takes the delegate rule', () => {
    const result = explain(MeshModel.fromObjects([...base(), ...team, meshRoot, webDelegate]), { ...fromFrontend, path: '/v2/page' });
    expect(result.destinations.map((d) => d.subset)).toEqual(['v2']);
    expect([result.hops[0].virtualService, result.hops[0].delegate]).toEqual(['shop/web-routes', `${TEAM}/web-v2`]);
  });

  it('near miss: /v1 from the same sidecar stays on the root\'s own rule', () => {
    const result = explain(MeshModel.fromObjects([...base(), ...team, meshRoot, webDelegate]), { ...fromFrontend, path: '/v1/page' });
    expect([result.destinations.map((d) => d.subset), result.hops[0].delegate]).toEqual([['v1'], undefined]);
  });

  it('the text trace names the delegate rule and the JSON hop names the delegate', () => {
    const result = run([root(), delegate([v2Rule])], { path: '/api/v2' });
    expect(formatExplanation(result)).toContain(`VirtualService shop/site http[0] "api-v2" match[0] · delegate ${TEAM}/api-routes http[0] match[0]`);
    const json = JSON.parse(JSON.stringify(explanationToJson(result)));
    expect(json.hops[0]).toMatchObject({ virtualService: 'shop/site', delegate: `${TEAM}/api-routes`, delegateRuleIndex: 0, delegateMatchIndex: 0 });
  });
});
