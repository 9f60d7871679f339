/**
 * Rule order: istiod's sort of HTTPRoute matches (conversion.go sortHTTPRoutes, its own cases in
 * conversion_test.go TestSortHTTPRoutes), and the check that a converted route gives every
 * request the rule the VirtualService's first match would.
 */
import { IstioTrafficError } from '../../src';
import { toHttpRouteRules } from '../../src/constructs/gateway-api/http-route-rules';
import { istiodOrder, rankedMatches } from '../../src/constructs/gateway-api/rule-precedence';
import { Destination, HeaderMatch, HttpAction, HttpMethod, HttpRuleOptions, PathMatch } from '../../src/routing';
import { FAKE_BACKENDS, WHERE, istioRules } from './gateway-api-rules-support';

const exact = (value: string) => ({ path: { type: 'Exact', value } });
const prefix = (value: string) => ({ path: { type: 'PathPrefix', value } });
const regex = (value: string) => ({ path: { type: 'RegularExpression', value } });
const header = (name: string, value: string) => ({ name, type: 'Exact', value });

describe('istiodOrder follows sortHTTPRoutes (TestSortHTTPRoutes, with the CRD defaults applied)', () => {
  test.each<[string, Record<string, unknown>[], number[]]>([
    ['a match is preferred over the defaulted catch-all only by its rank: Exact beats PathPrefix "/"', [{}, { matches: [exact('/foo')] }], [1, 0]],
    ['path matching exact > prefix > regex', [{ matches: [prefix('/')] }, { matches: [regex('.*foo')] }, { matches: [exact('/foo')] }], [2, 0, 1]],
    ['path prefix matching with largest characters', [{ matches: [prefix('/foo')] }, { matches: [prefix('/')] }, { matches: [prefix('/foobar')] }], [2, 0, 1]],
    ['a trailing "/" does not count (createURIMatch trims it)', [{ matches: [prefix('/foo/')] }, { matches: [prefix('/foo')] }], [0, 1]],
    ['path match is preferred over method match', [{ matches: [{ ...prefix('/'), method: 'GET' }] }, { matches: [prefix('/foobar')] }], [1, 0]],
    ['largest number of header matches is preferred',
      [{ matches: [{ ...prefix('/'), headers: [header('h1', 'v1')] }] }, { matches: [{ ...prefix('/'), headers: [header('h1', 'v1'), header('h2', 'v2')] }] }], [1, 0]],
    ['largest number of query params is preferred',
      [{ matches: [{ ...prefix('/'), queryParams: [header('p1', 'v1')] }] }, { matches: [{ ...prefix('/'), queryParams: [header('p1', 'v1'), header('p2', 'v2')] }] }], [1, 0]],
    ['method > header > query (a path-less match is PathPrefix "/": the plain catch-all goes last, unlike the Istio-form test)',
      [{}, { matches: [{ queryParams: [header('p1', 'v1')] }] }, { matches: [{ method: 'GET' }] }, { matches: [{ headers: [header('p1', 'v1')] }] }], [2, 3, 1, 0]],
    ['a regex ranks below every prefix, the catch-all included', [{ matches: [regex('/api/.*')] }, {}], [1, 0]],
    ['ties keep the rule order', [{ matches: [exact('/b')] }, { matches: [exact('/a')] }], [0, 1]],
  ])('%s', (_name, rules, order) => {
    expect(istiodOrder(rankedMatches(rules)).map((m) => m.rule)).toEqual(order);
  });
});

const svc = (n: number) => HttpAction.to(Destination.host(`svc-${n}.shop.svc.cluster.local`));

function accepted(...rules: HttpRuleOptions[]): void {
  expect(() => toHttpRouteRules(istioRules(...rules), FAKE_BACKENDS, WHERE)).not.toThrow();
}

function rejected(rules: HttpRuleOptions[]): IstioTrafficError {
  try {
    toHttpRouteRules(istioRules(...rules), FAKE_BACKENDS, WHERE);
  } catch (e) {
    expect((e as IstioTrafficError).code).toBe('CIT020');
    return e as IstioTrafficError;
  }
  throw new Error('expected CIT020');
}

describe('the precedence check accepts reorders no request can notice', () => {
  test.each<[string, HttpRuleOptions[]]>([
    ['three-teams: two segment idioms with rewrite "/"', [
      { matches: [{ path: PathMatch.startsWith('/svc1/') }, { path: PathMatch.exactly('/svc1') }], action: svc(1), rewrite: { path: '/' } },
      { matches: [{ path: PathMatch.startsWith('/svc2/') }, { path: PathMatch.exactly('/svc2') }], action: svc(2), rewrite: { path: '/' } }]],
    ['cookie-routing: a cookie rule before the catch-all (more headers ranks first anyway)', [
      { matches: [{ headers: [HeaderMatch.cookieIs('user', 'jason')] }], action: svc(1) }, { action: svc(2) }]],
    ['different exact paths, the longer one moved first', [
      { matches: [{ path: PathMatch.exactly('/a') }], action: svc(1) }, { matches: [{ path: PathMatch.exactly('/abc') }], action: svc(2) }]],
    ['an exact path moved before a segment that does not contain it', [
      { matches: [{ path: PathMatch.startsWith('/a/') }, { path: PathMatch.exactly('/a') }], action: svc(1) }, { matches: [{ path: PathMatch.exactly('/ab') }], action: svc(2) }]],
    ['nested segments, the more specific written first', [
      { matches: [{ path: PathMatch.startsWith('/api/v1/') }, { path: PathMatch.exactly('/api/v1') }], action: svc(1) },
      { matches: [{ path: PathMatch.startsWith('/api/') }, { path: PathMatch.exactly('/api') }], action: svc(2) }]],
    ['sibling segments that share a string prefix (/api and /apix are separate segments)', [
      { matches: [{ path: PathMatch.startsWith('/api/') }, { path: PathMatch.exactly('/api') }], action: svc(1) },
      { matches: [{ path: PathMatch.startsWith('/apix/') }, { path: PathMatch.exactly('/apix') }], action: svc(2) }]],
    ['different methods', [
      { matches: [{ method: HttpMethod.GET }], action: svc(1) }, { matches: [{ path: PathMatch.exactly('/a'), method: HttpMethod.POST }], action: svc(2) }]],
    ['different exact values of one header', [
      { matches: [{ headers: [HeaderMatch.valueIs('x-v', '1')] }], action: svc(1) },
      { matches: [{ headers: [HeaderMatch.valueIs('x-v', '2'), HeaderMatch.valueIs('x-w', '1')] }], action: svc(2) }]],
    ['an exact header value the other rule\'s regex cannot match', [
      { matches: [{ headers: [HeaderMatch.valueMatchesRegex('x-v', '[0-9]+')] }], action: svc(1) },
      { matches: [{ headers: [HeaderMatch.valueIs('x-v', 'beta'), HeaderMatch.valueIs('x-w', '1')] }], action: svc(2) }]],
    ['an exact path written as its quoted regex (the CRD refuses "//" in Exact) stays an exact path for the check', [
      { matches: [{ path: PathMatch.exactly('/b//c') }], action: svc(1) },
      { matches: [{ path: PathMatch.startsWith('/a/') }, { path: PathMatch.exactly('/a') }], action: svc(2) }]],
    ['a string prefix (now a regex) after an exact path it cannot match', [
      { matches: [{ path: PathMatch.exactly('/b') }], action: svc(1) }, { matches: [{ path: PathMatch.startsWith('/a') }], action: svc(2) }]],
  ])('%s', (_name, rules) => accepted(...rules));
});

describe('the precedence check rejects reorders that change an answer (CIT020 naming both rules)', () => {
  test.each<[string, HttpRuleOptions[], RegExp]>([
    ['a segment before a nested one: istiod tries the longer /api/v1 first', [
      { matches: [{ path: PathMatch.startsWith('/api/') }, { path: PathMatch.exactly('/api') }], action: svc(1) },
      { matches: [{ path: PathMatch.startsWith('/api/v1/') }, { path: PathMatch.exactly('/api/v1') }], action: svc(2) }],
    /^CIT020 app\/team\/route\.http\[1\]\.matches\[0\]: on the Gateway API istiod tries app\/team\/route\.http\[1\]\.matches\[0\] \+ app\/team\/route\.http\[1\]\.matches\[1\] before app\/team\/route\.http\[0\]\.matches\[0\] \+ app\/team\/route\.http\[0\]\.matches\[1\]/],
    ['a regex before the catch-all: the defaulted PathPrefix "/" outranks every regex', [
      { matches: [{ path: PathMatch.regex('/api/.*') }], action: svc(1) }, { action: svc(2) }], /^CIT020 app\/team\/route\.http\[1\]: on the Gateway API istiod tries app\/team\/route\.http\[1\] before .*http\[0\]\.matches\[0\]/],
    ['a string prefix (a regex) before an exact path it contains', [
      { matches: [{ path: PathMatch.startsWith('/v1') }], action: svc(1) }, { matches: [{ path: PathMatch.exactly('/v1x') }], action: svc(2) }], /http\[1\]\.matches\[0\]/],
    ['the catch-all before a header rule', [{ action: svc(1) }, { matches: [{ headers: [HeaderMatch.valueIs('x-v', '1')] }], action: svc(2) }], /Fix: put the more specific rule first/],
    ['a method-less rule before an overlapping method rule', [
      { matches: [{ path: PathMatch.startsWith('/') }], action: svc(1) }, { matches: [{ method: HttpMethod.GET }], action: svc(2) }], /TrafficApi.ISTIO/],
    ['a prefix rewrite split whose exact part istiod would move before the earlier "/" match of the same rule', [
      { matches: [{ path: PathMatch.startsWith('/') }, { path: PathMatch.exactly('/a') }], action: svc(1), rewrite: { path: '/b' } }], /http\[0\]\.matches\[1\]/],
  ])('%s', (_name, rules, message) => {
    expect(rejected(rules).message).toMatch(message);
  });
});
