/**
 * Property, end to end: a random route (at a gateway, or a mesh route) written with the
 * constructs, synthesised once on Istio's APIs and once on the Gateway API, answers every request
 * of a small universe the same —
 * outcome, status, destinations (a per-version Service standing for its subset) with shares,
 * and the rewritten path — whenever the Gateway API side accepts the route (CIT020 otherwise).
 * Everything real on both sides: the constructs, cdk8s synth, istiod's translation of the
 * HTTPRoute (src/gateway-api) and the simulator. CI runs a bounded, seeded number of cases;
 * FUZZ_RUNS / FUZZ_SEED as in topology.property.test.ts.
 */
import { App } from 'cdk8s';
import * as fc from 'fast-check';
import {
  CanaryRoute, ErrorCodes, HeaderMatch, HttpAction, HttpMethod, HttpRouteMatch, HttpRuleOptions, IstioTrafficError, PathMatch, Team, TeamGateway,
  TrafficApi, VersionedService,
} from '../../src';
import { ExplainRequest } from '../../src/simulate/types';
import { answerOf, buildOn } from '../equivalence/support';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
const HOST = 'shop.example.com';
const VERSIONS = ['v1', 'v2', 'v3'];

/** What the arbitrary builds: plain data, so a failure prints it. */
interface RuleSpec {
  readonly matches?: readonly { path?: [kind: 'exact' | 'prefix' | 'regex', value: string]; header?: string; method?: 'GET' | 'POST' }[];
  readonly to: readonly [version: string, weight: number][];
  readonly rewrite?: string;
}

const path: fc.Arbitrary<[kind: 'exact' | 'prefix' | 'regex', value: string]> = fc.oneof(
  fc.constantFrom('/a', '/a/b', '/ab', '/').map((v) => ['exact', v] as ['exact', string]),
  fc.constantFrom('/a/', '/ab/', '/a/b/', '/', '/a').map((v) => ['prefix', v] as ['prefix', string]),
  fc.constantFrom('/a/.*', '/(a|ab)').map((v) => ['regex', v] as ['regex', string]),
);
const matchEntry = fc.record({
  path: fc.option(path, { nil: undefined }),
  header: fc.option(fc.constantFrom('1', '2'), { nil: undefined }),
  method: fc.option(fc.constantFrom<'GET' | 'POST'>('GET', 'POST'), { nil: undefined }),
}, { requiredKeys: [] });
/** The segment idiom the constructs map to one PathPrefix: `startsWith('/p/')` + `exactly('/p')`. */
const idiom = fc.constantFrom('/a', '/ab').map((p) => [{ path: ['prefix', `${p}/`] }, { path: ['exact', p] }] as RuleSpec['matches']);
const destinations = fc.oneof(
  fc.constantFrom(...VERSIONS).map((v) => [[v, 100]] as [string, number][]),
  fc.integer({ min: 1, max: 99 }).map((w) => [['v1', w], ['v2', 100 - w]] as [string, number][]),
);
const rule: fc.Arbitrary<RuleSpec> = fc.record({
  matches: fc.option(fc.oneof(fc.array(matchEntry, { minLength: 1, maxLength: 2 }), idiom), { nil: undefined }),
  to: destinations,
  rewrite: fc.option(fc.constantFrom('/', '/x/'), { nil: undefined }),
}, { requiredKeys: ['to'] });
const rules = fc.array(rule, { minLength: 1, maxLength: 3 });

function toMatch(entry: NonNullable<RuleSpec['matches']>[number]): HttpRouteMatch {
  const [kind, value] = entry.path ?? [];
  return {
    path: kind === 'exact' ? PathMatch.exactly(value!) : kind === 'prefix' ? PathMatch.startsWith(value!) : kind === 'regex' ? PathMatch.regex(value!) : undefined,
    headers: entry.header ? [HeaderMatch.valueIs('x-v', entry.header)] : undefined,
    method: entry.method === 'GET' ? HttpMethod.GET : entry.method === 'POST' ? HttpMethod.POST : undefined,
  };
}

/** The route at team `shop`'s gateway for HOST, or (`mesh`) a mesh route for Service web, called by Service client. */
function build(specs: readonly RuleSpec[], mesh = false) {
  return (app: App, api: TrafficApi): void => {
    const team = new Team(app, 'shop', { namespace: 'shop', api });
    const web = new VersionedService(team, 'web', { versions: VERSIONS.map((name) => ({ name, image: `web:${name}` })) });
    const http: HttpRuleOptions[] = specs.map((spec) => ({
      matches: spec.matches?.map(toMatch),
      action: spec.to.length === 1 ? HttpAction.to(web.subset(spec.to[0][0])) : HttpAction.split(spec.to.map(([v, weight]) => ({ destination: web.subset(v), weight }))),
      ...(spec.rewrite && spec.matches?.some((m) => m.path && m.path[0] !== 'regex') ? { rewrite: { path: spec.rewrite } } : {}),
    }));
    if (mesh) {
      web.allowFrom(new VersionedService(team, 'client', { versions: [{ name: 'v1', image: 'client:1' }] }));
      new CanaryRoute(team, 'site', { hosts: [web.host], http });
    } else {
      const gateway = new TeamGateway(team, 'public', { servers: [{ port: 80, hosts: [HOST] }] });
      new CanaryRoute(team, 'site', { hosts: [HOST], gateways: [gateway], http });
    }
  };
}

const requests = (from: ExplainRequest['from'], host: string): ExplainRequest[] => ['/', '/a', '/a/', '/a/b', '/a/b/c', '/ab', '/ab/x', '/abc', '/b?q=1'].flatMap((p) =>
  ([{}, { 'x-v': '1' }, { 'x-v': '2' }] as Record<string, string>[]).flatMap((headers) => ['GET', 'POST'].map((method) =>
    ({ from, host, path: p, method, headers }))));
const AT_GATEWAY = requests({ gateway: 'shop/public' }, HOST);
const IN_MESH = requests({ namespace: 'shop', labels: { app: 'client', version: 'v1' } }, 'web');

/** Builds on one API; undefined when the constructs refuse the route there (the case is skipped). */
function tryBuild(specs: readonly RuleSpec[], api: TrafficApi, mesh = false) {
  try {
    return buildOn(api, build(specs, mesh));
  } catch (e) {
    if (e instanceof IstioTrafficError) return undefined;
    throw e;
  }
}

describe.each([['at the gateway', false, AT_GATEWAY], ['in the mesh (GAMMA)', true, IN_MESH]] as const)('%s', (_where, mesh, REQUESTS) => {
  test(`a route the Gateway API accepts answers every request as on Istio's APIs (${RUNS} cases, seed ${SEED})`, () => {
    let compared = 0;
    let refused = 0;
    try {
      fc.assert(fc.property(rules, (specs) => {
        const istio = tryBuild(specs, TrafficApi.ISTIO, mesh);
        if (!istio) return;
        const gatewayApi = tryBuild(specs, TrafficApi.GATEWAY_API, mesh);
        if (!gatewayApi) { refused++; return; }
        compared++;
        for (const request of REQUESTS) {
          const want = answerOf(istio, request);
          const got = answerOf(gatewayApi, request);
          if (JSON.stringify(got) !== JSON.stringify(want)) {
            throw new Error(`${request.method} ${request.path} ${JSON.stringify(request.headers)}: Istio ${JSON.stringify(want)}, Gateway API ${JSON.stringify(got)}`);
          }
        }
      }), { numRuns: RUNS, seed: SEED });
    } catch (e) {
      const cause = e instanceof Error && e.cause instanceof Error ? `\ncaused by: ${e.cause.message}` : '';
      throw new Error(`property failed with FUZZ_SEED=${SEED} (${RUNS} runs): ${e instanceof Error ? e.message : String(e)}${cause}`);
    }
    if (process.env.FUZZ_REPORT) process.stdout.write(`${_where}: compared ${compared}, refused on the Gateway API ${refused}\n`);
    // The property must compare something: most random routes have a Gateway API form.
    expect(compared).toBeGreaterThan(RUNS / 4);
    expect(refused + compared).toBeLessThanOrEqual(RUNS);
  });
});

test('a refusal on the Gateway API side is CIT020, never another error', () => {
  // The classic reorder: a string prefix before a more specific exact path.
  const specs: RuleSpec[] = [{ matches: [{ path: ['prefix', '/a'] }], to: [['v1', 100]] }, { matches: [{ path: ['exact', '/a/b'] }], to: [['v2', 100]] }];
  expect(tryBuild(specs, TrafficApi.ISTIO)).toBeDefined();
  expect(() => buildOn(TrafficApi.GATEWAY_API, build(specs))).toThrow(expect.objectContaining({ code: ErrorCodes.NO_GATEWAY_API_FORM }));
});
