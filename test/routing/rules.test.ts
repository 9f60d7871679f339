/**
 * The routing value types render Istio's fragments exactly, in the aws-appmesh factory style.
 */
import { Duration, Testing } from 'cdk8s';
import { RE2JS } from 're2js';
import {
  CanaryRoute, Destination, HeaderMatch, HttpAction, HttpFault, HttpMethod, LoadBalancer, PathMatch, QueryParameterMatch, RetryOn,
  Rollout, StringMatch, Team, TeamGateway, VersionedService,
} from '../../src';
import { renderHttpRule } from '../../src/routing/http-rule';

const fullMatch = (pattern: string, value: string) => RE2JS.compile(pattern).matches(value);

describe('cookie idiom', () => {
  const regex = HeaderMatch.cookieIs('user', 'jason').bind('t').match.regex!;

  test.each([
    ['user=jason', true],
    ['foo=1; user=jason', true],
    ['foo=1;user=jason;bar=2', true],
    ['user=jason; theme=dark', true],
    ['user=jasonx', false],
    ['xuser=jason', false],
    ['theme=dark', false],
  ])('cookie header %p matches: %p', (cookie, expected) => {
    expect(fullMatch(regex, cookie)).toBe(expected);
  });

  test('quotes regex metacharacters in names and values', () => {
    const quoted = HeaderMatch.cookieIs('plan', 'a.b+').bind('t').match.regex!;
    expect(fullMatch(quoted, 'plan=a.b+')).toBe(true);
    expect(fullMatch(quoted, 'plan=axbb')).toBe(false);
  });
});

test('a rule renders every match kind and policy', () => {
  const dest = Destination.host('cart.shop.svc.cluster.local', { subset: 'v2', port: 8080 });
  const rule = renderHttpRule({
    name: 'beta',
    matches: [{
      path: PathMatch.startsWith('/api/'),
      ignorePathCase: true,
      headers: [HeaderMatch.valueIs('X-Env', 'beta'), HeaderMatch.isPresent('x-debug')],
      withoutHeaders: [HeaderMatch.valueStartsWith('user-agent', 'bot')],
      queryParameters: [QueryParameterMatch.valueMatchesRegex('v', '[0-9]+')],
      method: HttpMethod.GET,
      authority: StringMatch.exactly('shop.example.com'),
      port: 8080,
      sourceLabels: { version: 'v1', app: 'web' },
      sourceNamespace: 'web',
    }],
    action: HttpAction.to(dest),
    rewrite: { path: '/', authority: 'cart.internal' },
    timeout: Duration.millis(1500),
    retries: { attempts: 2, perTryTimeout: Duration.millis(500), retryOn: [RetryOn.FIVE_XX, RetryOn.RESET] },
    fault: HttpFault.delay(Duration.seconds(2), 5),
    mirror: Destination.host('cart-shadow.shop.svc.cluster.local'),
    mirrorPercentage: 10,
    requestHeaders: { set: { 'x-b': '2', 'x-a': '1' }, remove: ['x-internal'] },
    cors: { allowOrigins: ['https://shop.example.com'], allowMethods: ['GET'], maxAge: Duration.hours(1) },
  }, 'route.http[0]');

  expect(rule).toEqual({
    name: 'beta',
    match: [{
      uri: { prefix: '/api/' },
      ignoreUriCase: true,
      headers: { 'x-env': { exact: 'beta' }, 'x-debug': {} },
      withoutHeaders: { 'user-agent': { prefix: 'bot' } },
      queryParams: { v: { regex: '[0-9]+' } },
      method: { exact: 'GET' },
      authority: { exact: 'shop.example.com' },
      port: 8080,
      sourceLabels: { app: 'web', version: 'v1' },
      sourceNamespace: 'web',
    }],
    route: [{ destination: { host: 'cart.shop.svc.cluster.local', subset: 'v2', port: { number: 8080 } } }],
    rewrite: { uri: '/', authority: 'cart.internal' },
    timeout: '1500ms',
    retries: { attempts: 2, perTryTimeout: '500ms', retryOn: '5xx,reset' },
    fault: { delay: { fixedDelay: '2s', percentage: { value: 5 } } },
    mirror: { host: 'cart-shadow.shop.svc.cluster.local' },
    mirrorPercentage: { value: 10 },
    headers: { request: { set: { 'x-a': '1', 'x-b': '2' }, remove: ['x-internal'] } },
    corsPolicy: { allowOrigins: [{ exact: 'https://shop.example.com' }], allowMethods: ['GET'], maxAge: '3600s' },
  });
});

test('redirects and direct responses are actions of their own', () => {
  expect(renderHttpRule({ action: HttpAction.redirect({ path: '/v2', scheme: 'https', statusCode: 308 }) }, 'r'))
    .toEqual({ redirect: { uri: '/v2', scheme: 'https', redirectCode: 308 } });
  expect(renderHttpRule({ action: HttpAction.respond(503, 'down for maintenance') }, 'r'))
    .toEqual({ directResponse: { status: 503, body: { string: 'down for maintenance' } } });
  expect(renderHttpRule({ action: HttpAction.to(Destination.host('a.example.com')), fault: HttpFault.abort(503, 100) }, 'r').fault)
    .toEqual({ abort: { httpStatus: 503, percentage: { value: 100 } } });
  // istiod rejects a fault on a rule that ends at the proxy: found by the property tests.
  expect(() => renderHttpRule({ action: HttpAction.respond(503), fault: HttpFault.abort(503, 100) }, 'r')).toThrow(/CIT014.*fault only applies/);
});

test.each([300, 304, 305, 306, 399])('a redirect with code %i is refused: istiod drops the redirect of codes Envoy cannot send', (statusCode) => {
  expect(() => renderHttpRule({ action: HttpAction.redirect({ path: '/v2', statusCode }) }, 'r')).toThrow(/CIT012.*301, 302, 303, 307 or 308/);
});

test.each([301, 302, 303, 307, 308])('a redirect with code %i is kept', (statusCode) => {
  expect(renderHttpRule({ action: HttpAction.redirect({ path: '/v2', statusCode }) }, 'r')).toEqual({ redirect: { uri: '/v2', redirectCode: statusCode } });
});

describe('rollout (seed 001)', () => {
  const from = Destination.host('website.web.svc.cluster.local', { subset: 'version-1' });
  const to = Destination.host('website.web.svc.cluster.local', { subset: 'version-2' });
  const rollout = new Rollout({ from, to });

  test.each([[0, 90, 10], [1, 75, 25], [2, 50, 50]])('step %i sends %i/%i', (step, old, next) => {
    expect(rollout.splitAt(step).map((w) => [w.destination.subset, w.weight])).toEqual([['version-1', old], ['version-2', next]]);
  });

  test('the last step sends everything to the new version, with no weight written', () => {
    expect(renderHttpRule({ action: rollout.actionAt(3) }, 'r')).toEqual({ route: [{ destination: { host: 'website.web.svc.cluster.local', subset: 'version-2' } }] });
  });

  test('steps must increase within 1..100, and the step must exist', () => {
    expect(() => new Rollout({ from, to, steps: [50, 25] })).toThrow(/CIT001.*strictly increasing/);
    expect(() => rollout.splitAt(4)).toThrow(/CIT012.*step must be 0 to 3/);
  });
});

test('versions added after construction land in the DestinationRule, with the traffic policy', () => {
  const app = Testing.app();
  const team = new Team(app, 'shop', { namespace: 'shop' });
  const cart = new VersionedService(team, 'cart', {
    versions: [{ name: 'v1', image: 'cart:1' }],
    trafficPolicy: { loadBalancer: LoadBalancer.stickyCookie('session', Duration.hours(1)), outlierDetection: { consecutive5xxErrors: 3 } },
  });
  const gateway = new TeamGateway(team, 'edge');
  gateway.addServer({ port: 80, hosts: ['shop.example.com'] });
  cart.addVersion({ name: 'v2', image: 'cart:2' });
  new CanaryRoute(team, 'cart-route', { hosts: ['shop.example.com'], gateways: [gateway], http: [{ action: HttpAction.to(cart.subset('v2')) }] });
  const objects = Testing.synth(team);
  const dr = objects.find((o) => o.kind === 'DestinationRule');
  expect(dr.spec.subsets.map((s: any) => s.name)).toEqual(['v1', 'v2']);
  expect(dr.spec.trafficPolicy).toEqual({
    loadBalancer: { consistentHash: { httpCookie: { name: 'session', ttl: '3600s' } } },
    outlierDetection: { consecutive5xxErrors: 3, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 10 },
  });
  expect(objects.filter((o) => o.kind === 'Deployment').map((d) => d.metadata.name)).toEqual(['cart-v1', 'cart-v2', 'edge']);
  const gw = objects.find((o) => o.kind === 'Gateway');
  expect(gw.spec.servers[0].hosts).toEqual(['./shop.example.com']);
});

test('a mesh route to another namespace opens exactly that host in the team Sidecar', () => {
  const app = Testing.app();
  const shop = new Team(app, 'shop', { namespace: 'shop' });
  const pay = new Team(app, 'pay', { namespace: 'pay' });
  const payments = new VersionedService(pay, 'payments', { versions: [{ name: 'v1', image: 'pay:1' }] });
  payments.allowFrom(shop);
  new CanaryRoute(shop, 'to-payments', { hosts: [payments.host], http: [{ action: HttpAction.to(payments.subset('v1')) }] });
  const sidecar = Testing.synth(shop).find((o) => o.kind === 'Sidecar');
  expect(sidecar.spec).toEqual({
    egress: [{ hosts: ['./*', 'istio-system/*', 'pay/payments.pay.svc.cluster.local'] }],
    outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
  });
});
