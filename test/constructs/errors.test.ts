/**
 * Every class of bad input gets one IstioTrafficError: a stable code, the construct path, the
 * value received and a fix — never a TypeError, never a stack trace from inside the library.
 */
import { Duration, Testing } from 'cdk8s';
import {
  CanaryRoute, Destination, ErrorCodes, HeaderMatch, HttpAction, IstioTrafficError, PathMatch, Team, TeamGateway, VersionedService,
} from '../../src';

function fixture() {
  const app = Testing.app();
  const team = new Team(app, 'shop', { namespace: 'shop' });
  const gateway = new TeamGateway(team, 'edge', { servers: [{ port: 80, hosts: ['shop.example.com'] }] });
  const cart = new VersionedService(team, 'cart', { versions: [{ name: 'v1', image: 'cart:1' }, { name: 'v2', image: 'cart:2' }] });
  return { app, team, gateway, cart };
}

/** Runs `act`, expecting one IstioTrafficError with `code`, naming `where` and quoting `received`. */
function expectError(act: () => unknown, code: string, where: string, received: string): IstioTrafficError {
  let caught: unknown;
  try {
    act();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(IstioTrafficError);
  const error = caught as IstioTrafficError;
  expect(error.code).toBe(code);
  expect(error.where).toContain(where);
  expect(error.received).toContain(received);
  expect(error.fix.length).toBeGreaterThan(10);
  expect(error.message.split('\n')).toHaveLength(1);
  return error;
}

/** A route on the fixture's gateway, in a fresh fixture each time (a failed construct stays in the tree). */
const route = (_f: ReturnType<typeof fixture>, http: any[]) => {
  const f = fixture();
  return new CanaryRoute(f.team, 'r', { hosts: ['shop.example.com'], gateways: [f.gateway], http });
};

test('weights that do not add up to 100', () => {
  const f = fixture();
  const e = expectError(() => route(f, [{ action: HttpAction.split([{ destination: f.cart.subset('v1'), weight: 90 }, { destination: f.cart.subset('v2'), weight: 20 }]) }]),
    ErrorCodes.WEIGHTS, 'shop/r.http[0].route', '[90,20]');
  expect(e.message).toContain('add up to 110');
});

test('a negative or fractional weight', () => {
  const f = fixture();
  expectError(() => route(f, [{ action: HttpAction.split([{ destination: f.cart.subset('v1'), weight: 110 }, { destination: f.cart.subset('v2'), weight: -10 }]) }]),
    ErrorCodes.WEIGHTS, 'shop/r.http[0].route[1]', '-10');
  expectError(() => route(f, [{ action: HttpAction.split([{ destination: f.cart.subset('v1'), weight: 50.5 }, { destination: f.cart.subset('v2'), weight: 49.5 }]) }]),
    ErrorCodes.WEIGHTS, 'shop/r.http[0].route[0]', '50.5');
});

test('a subset that the service does not have', () => {
  const f = fixture();
  const e = expectError(() => f.cart.subset('v3'), ErrorCodes.UNKNOWN_SUBSET, 'shop/cart.subset', '"v3"');
  expect(e.fix).toContain('v1, v2');
});

test('names that are not DNS-1123 labels', () => {
  const f = fixture();
  expectError(() => new VersionedService(f.team, 'Cart_Service'), ErrorCodes.NAME, 'shop/Cart_Service.name', '"Cart_Service"');
  expectError(() => f.cart.addVersion({ name: 'V3', image: 'cart:3' }), ErrorCodes.NAME, 'shop/cart.versions[2].name', '"V3"');
  expectError(() => new Team(Testing.app(), 't', { namespace: 'Team-A' }), ErrorCodes.NAME, 't.namespace', '"Team-A"');
});

test('malformed hosts', () => {
  const f = fixture();
  expectError(() => new TeamGateway(f.team, 'gw', { servers: [{ port: 8080, hosts: ['Shop.Example.com'] }] }), ErrorCodes.HOST, 'shop/gw.servers[0].hosts[0]', '"Shop.Example.com"');
  expectError(() => new TeamGateway(f.team, 'gw2', { servers: [{ port: 8080, hosts: ['shop'] }] }), ErrorCodes.HOST, 'shop/gw2.servers[0].hosts[0]', '"shop"');
});

test('over-wide hosts: "*" on a mesh route, "*" on a gateway without opting in, partial wildcards', () => {
  const f = fixture();
  expectError(() => new CanaryRoute(f.team, 'mesh-all', { hosts: ['*'], http: [{ action: HttpAction.to(f.cart.subset('v1')) }] }), ErrorCodes.HOST, 'shop/mesh-all.hosts[0]', '"*"');
  expectError(() => new TeamGateway(f.team, 'any', { servers: [{ port: 8080, hosts: ['*'] }] }), ErrorCodes.HOST, 'shop/any.servers[0].hosts[0]', '"*"');
  expectError(() => new TeamGateway(f.team, 'partial', { servers: [{ port: 8080, hosts: ['*shop.example.com'] }] }), ErrorCodes.HOST, 'shop/partial.servers[0].hosts[0]', '"*shop.example.com"');
  expect(() => new TeamGateway(f.team, 'opted-in', { servers: [{ port: 8080, hosts: ['*'], allowAnyHost: true }] })).not.toThrow();
});

test('regexes that RE2 rejects (look-ahead, back-references)', () => {
  const f = fixture();
  expectError(() => route(f, [{ matches: [{ path: PathMatch.regex('/api/(?!internal).*') }], action: HttpAction.to(f.cart.subset('v1')) }]),
    ErrorCodes.REGEX, 'shop/r.http[0].matches[0].path', '"/api/(?!internal).*"');
  expectError(() => route(f, [{ matches: [{ headers: [HeaderMatch.valueMatchesRegex('x-id', '(a)\\1')] }], action: HttpAction.to(f.cart.subset('v1')) }]),
    ErrorCodes.REGEX, 'shop/r.http[0].matches[0].headers[0]', '(a)');
});

test('paths that do not start with "/"', () => {
  const f = fixture();
  expectError(() => route(f, [{ matches: [{ path: PathMatch.startsWith('api') }], action: HttpAction.to(f.cart.subset('v1')) }]),
    ErrorCodes.PATH, 'shop/r.http[0].matches[0].path', '"api"');
  expectError(() => route(f, [{ action: HttpAction.to(f.cart.subset('v1')), rewrite: { path: 'v2/' } }]), ErrorCodes.PATH, 'shop/r.http[0].rewrite.path', '"v2/"');
});

test('duplicate hosts, versions and object names', () => {
  const f = fixture();
  expectError(() => new CanaryRoute(f.team, 'dup', { hosts: ['shop.example.com', 'shop.example.com'], gateways: [f.gateway], http: [] }),
    ErrorCodes.DUPLICATE, 'shop/dup.hosts', '"shop.example.com"');
  expectError(() => f.cart.addVersion({ name: 'v1', image: 'cart:1b' }), ErrorCodes.DUPLICATE, 'shop/cart.versions[2].name', '"v1"');
  const g = fixture();
  new VersionedService(g.team, 'cart-again', { name: 'cart', versions: [{ name: 'v9', image: 'cart:9' }] });
  expectError(() => Testing.synth(g.team), ErrorCodes.DUPLICATE, 'shop/cart-again', '"cart"');
});

test('ports outside 1-65535 and duplicate port names', () => {
  const f = fixture();
  expectError(() => new VersionedService(f.team, 'big', { ports: [{ port: 70000 }] }), ErrorCodes.PORT, 'shop/big.ports[0].port', '70000');
  expectError(() => new TeamGateway(f.team, 'zero', { servers: [{ port: 0, hosts: ['a.example.com'] }] }), ErrorCodes.PORT, 'shop/zero.servers[0].port', '0');
  expectError(() => new VersionedService(f.team, 'named', { ports: [{ port: 80, nameSuffix: 'web' }, { port: 8080, nameSuffix: 'web' }] }),
    ErrorCodes.DUPLICATE, 'shop/named.ports[1]', '"http-web"');
});

test('a route host its gateway does not serve', () => {
  const f = fixture();
  new CanaryRoute(f.team, 'elsewhere', { hosts: ['admin.example.com'], gateways: [f.gateway], http: [{ action: HttpAction.to(f.cart.subset('v1')) }] });
  const e = expectError(() => Testing.synth(f.team), ErrorCodes.HOST_NOT_SERVED, 'shop/elsewhere.hosts', '"admin.example.com"');
  expect(e.fix).toContain('shop.example.com');
});

test('a rule with no destination, and a route with no rule', () => {
  const f = fixture();
  expectError(() => route(f, [{ action: HttpAction.split([]) }]), ErrorCodes.RULE_ACTION, 'shop/r.http[0].route', '[]');
  expectError(() => new CanaryRoute(f.team, 'no-action', { hosts: ['shop.example.com'], gateways: [f.gateway], http: [{} as any] }),
    ErrorCodes.RULE_ACTION, 'shop/no-action.http[0]', 'nothing');
  const g = fixture();
  new CanaryRoute(g.team, 'empty', { hosts: ['shop.example.com'], gateways: [g.gateway] });
  expectError(() => Testing.synth(g.team), ErrorCodes.RULE_ACTION, 'shop/empty.http', '0');
});

test('non-positive or sub-millisecond durations', () => {
  const f = fixture();
  expectError(() => route(f, [{ action: HttpAction.to(f.cart.subset('v1')), timeout: Duration.millis(0) }]), ErrorCodes.DURATION, 'shop/r.http[0].timeout', '0ms');
  expectError(() => route(f, [{ action: HttpAction.to(f.cart.subset('v1')), retries: { attempts: 2, perTryTimeout: Duration.seconds(0.0005) } }]),
    ErrorCodes.DURATION, 'shop/r.http[0].retries.perTryTimeout', '0.5ms');
});

test('options that cannot be combined', () => {
  const f = fixture();
  expectError(() => route(f, [{ action: HttpAction.redirect({ path: '/new' }), rewrite: { path: '/' } }]), ErrorCodes.CONFLICT, 'shop/r.http[0]', '"redirect"');
  expectError(() => route(f, [{ action: HttpAction.to(f.cart.subset('v1')), retries: { attempts: 0, perTryTimeout: Duration.seconds(1) } }]),
    ErrorCodes.CONFLICT, 'shop/r.http[0].retries', '0');
  expectError(() => new CanaryRoute(f.team, 'nowhere', { hosts: ['cart'], mesh: false, http: [] }), ErrorCodes.CONFLICT, 'shop/nowhere.mesh', 'false');
});

test('values out of range', () => {
  const f = fixture();
  expectError(() => route(f, [{ action: HttpAction.redirect({ path: '/x', statusCode: 200 }) }]), ErrorCodes.RANGE, 'shop/r.http[0].redirect.statusCode', '200');
  expectError(() => route(f, [{ action: HttpAction.respond(700) }]), ErrorCodes.RANGE, 'shop/r.http[0].directResponse.status', '700');
});

test('constructs outside a Team', () => {
  expectError(() => new VersionedService(Testing.chart(), 'orphan'), ErrorCodes.CONFLICT, 'orphan', '"orphan"');
});

test('a destination host that is malformed', () => {
  const f = fixture();
  expectError(() => route(f, [{ action: HttpAction.to(Destination.host('Bad Host')) }]), ErrorCodes.HOST, 'shop/r.http[0].route[0].destination.host', '"Bad Host"');
});
