/**
 * fast-check arbitraries for whole team topologies, as plain data, and the one function that
 * builds such data through the library's public API. Keeping the data plain lets a failing case
 * print as JSON and be replayed from its seed.
 */
import { App, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import {
  CanaryRoute, Destination, ExternalEgress, ExternalProtocol, GatewayProtocol, GatewayTls, GatewayType, HeaderMatch, HttpAction, HttpFault,
  HttpMethod, HttpRouteMatch, HttpRuleOptions, PathMatch, QueryParameterMatch, RetryOn, ServiceProtocol, StringMatch, Team, TeamGateway, VersionedService,
} from '../../src';

export interface MatchSpec {
  readonly kind: 'exact' | 'prefix' | 'regex' | 'header' | 'headerPrefix' | 'headerRegex' | 'present' | 'cookie' | 'query' | 'method' | 'authority' | 'port' | 'sourceLabels';
  readonly value: string;
}

export interface RuleSpec {
  readonly matches: MatchSpec[][];
  readonly action: 'to' | 'split' | 'redirect' | 'respond';
  readonly weights: number[];
  readonly rewrite: boolean;
  readonly retries: number;
  readonly timeoutMs: number;
  readonly fault: boolean;
}

export interface RouteSpec {
  readonly onGateway: boolean;
  readonly service: number;
  readonly rules: RuleSpec[];
}

export interface TeamSpec {
  readonly services: { versions: number; grpcPort: boolean }[];
  readonly gateway: { https: boolean; passthrough: boolean } | null;
  readonly routes: RouteSpec[];
  readonly egress: { https: boolean; viaGateway: boolean; originateTls: boolean; retries: boolean } | null;
}

export interface TopologySpec {
  readonly teams: TeamSpec[];
}

const token = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const pathSegment = fc.stringMatching(/^[a-z0-9]{1,8}$/);

const matchSpec: fc.Arbitrary<MatchSpec> = fc.oneof(
  fc.record({ kind: fc.constantFrom('exact', 'prefix') as fc.Arbitrary<'exact' | 'prefix'>, value: pathSegment.map((s) => `/${s}`) }),
  fc.record({ kind: fc.constant('regex' as const), value: pathSegment.map((s) => `/${s}/[0-9]+`) }),
  fc.record({ kind: fc.constantFrom('header', 'headerPrefix', 'headerRegex', 'present', 'cookie', 'query') as fc.Arbitrary<MatchSpec['kind']>, value: token }),
  fc.record({ kind: fc.constantFrom('method', 'authority', 'port', 'sourceLabels') as fc.Arbitrary<MatchSpec['kind']>, value: token }),
);

/** Integer percentages adding up to exactly 100 (the API's rule). */
const weights = fc.integer({ min: 2, max: 3 }).chain((n) =>
  fc.array(fc.integer({ min: 1, max: 100 }), { minLength: n - 1, maxLength: n - 1 }).map((cuts) => {
    const points = [0, ...cuts.map((c) => c % 100).sort((a, b) => a - b), 100];
    return points.slice(1).map((p, i) => p - points[i]);
  }));

const ruleSpec: fc.Arbitrary<RuleSpec> = fc.record({
  matches: fc.array(fc.array(matchSpec, { minLength: 1, maxLength: 3 }), { maxLength: 2 }),
  action: fc.constantFrom('to', 'to', 'split', 'redirect', 'respond') as fc.Arbitrary<RuleSpec['action']>,
  weights,
  rewrite: fc.boolean(),
  retries: fc.integer({ min: 0, max: 4 }),
  timeoutMs: fc.constantFrom(0, 250, 1500, 10000),
  fault: fc.boolean(),
});

const teamSpec: fc.Arbitrary<TeamSpec> = fc.record({
  services: fc.array(fc.record({ versions: fc.integer({ min: 1, max: 3 }), grpcPort: fc.boolean() }), { minLength: 1, maxLength: 2 }),
  gateway: fc.option(fc.record({ https: fc.boolean(), passthrough: fc.boolean() }), { nil: null }),
  routes: fc.array(fc.record({ onGateway: fc.boolean(), service: fc.nat(), rules: fc.array(ruleSpec, { minLength: 1, maxLength: 3 }) }), { maxLength: 2 }),
  egress: fc.option(fc.record({ https: fc.boolean(), viaGateway: fc.boolean(), originateTls: fc.boolean(), retries: fc.boolean() }), { nil: null }),
});

export const topologySpec: fc.Arbitrary<TopologySpec> = fc.record({ teams: fc.array(teamSpec, { minLength: 1, maxLength: 3 }) });

function renderMatch(entry: MatchSpec[], gatewayRoute: boolean): HttpRouteMatch {
  const match: { -readonly [K in keyof HttpRouteMatch]: HttpRouteMatch[K] } = {};
  const headers: HeaderMatch[] = [];
  for (const m of entry) {
    switch (m.kind) {
      case 'exact': match.path = PathMatch.exactly(m.value); break;
      case 'prefix': match.path = PathMatch.startsWith(m.value); break;
      case 'regex': match.path = PathMatch.regex(m.value); break;
      case 'header': headers.push(HeaderMatch.valueIs(`x-${m.value}`, m.value)); break;
      case 'headerPrefix': headers.push(HeaderMatch.valueStartsWith(`x-p-${m.value}`, m.value)); break;
      case 'headerRegex': headers.push(HeaderMatch.valueMatchesRegex(`x-r-${m.value}`, `${m.value}-[a-z]+`)); break;
      case 'present': headers.push(HeaderMatch.isPresent(`x-has-${m.value}`)); break;
      case 'cookie': headers.push(HeaderMatch.cookieIs('user', m.value)); break;
      case 'query': match.queryParameters = [QueryParameterMatch.valueIs(m.value, 'on')]; break;
      case 'method': match.method = HttpMethod.POST; break;
      case 'authority': match.authority = StringMatch.startsWith(`${m.value}.`); break;
      case 'port': match.port = gatewayRoute ? 80 : 80; break;
      case 'sourceLabels': if (!gatewayRoute) match.sourceLabels = { app: m.value }; break;
    }
  }
  // One condition per header name per entry: later duplicates replace earlier ones.
  const byName = new Map(headers.map((h) => [h.bind('dedupe').name, h]));
  if (byName.size > 0) match.headers = [...byName.values()];
  return match;
}

function renderRule(rule: RuleSpec, service: VersionedService, gatewayRoute: boolean): HttpRuleOptions {
  const versions = service.versionNames;
  const subset = (i: number) => service.subset(versions[i % versions.length]);
  let action: HttpAction;
  if (rule.action === 'split' && versions.length >= rule.weights.length) {
    action = HttpAction.split(rule.weights.map((weight, i) => ({ destination: subset(i), weight })));
  } else if (rule.action === 'redirect') {
    action = HttpAction.redirect({ path: '/moved', statusCode: 302 });
  } else if (rule.action === 'respond') {
    action = HttpAction.respond(503, 'maintenance');
  } else {
    action = HttpAction.to(subset(0));
  }
  const routes = action.kind === 'route';
  return {
    matches: rule.matches.map((entry) => renderMatch(entry, gatewayRoute)),
    action,
    rewrite: routes && rule.rewrite ? { path: '/' } : undefined,
    retries: rule.retries > 0 ? { attempts: rule.retries, perTryTimeout: Duration.millis(500), retryOn: [RetryOn.FIVE_XX, RetryOn.CONNECT_FAILURE] } : undefined,
    timeout: rule.timeoutMs > 0 ? Duration.millis(rule.timeoutMs) : undefined,
    fault: routes && rule.fault ? HttpFault.abort(503, 1) : undefined,
  };
}

/** Builds `spec` into `app` through the public API only. */
export function buildTopology(app: App, spec: TopologySpec): void {
  spec.teams.forEach((teamSpec, t) => {
    const ns = `team-${t}`;
    const team = new Team(app, ns, { namespace: ns });
    const services = teamSpec.services.map((s, i) => new VersionedService(team, `svc-${i}`, {
      ports: s.grpcPort ? [{ port: 80 }, { port: 9090, protocol: ServiceProtocol.GRPC }] : [{ port: 80 }],
      versions: Array.from({ length: s.versions }, (_, v) => ({ name: `v${v + 1}`, image: `registry.example.com/${ns}/svc-${i}:${v + 1}` })),
    }));
    const host = `${ns}.example.com`;
    let gateway: TeamGateway | undefined;
    if (teamSpec.gateway) {
      gateway = new TeamGateway(team, 'ingress', { servers: [{ port: 80, hosts: [host], httpsRedirect: teamSpec.gateway.https }] });
      if (teamSpec.gateway.https) {
        gateway.addServer({ port: 443, protocol: GatewayProtocol.HTTPS, hosts: [host], tls: GatewayTls.simple(`${ns}-cert`) });
        // The certificate is the team's to provide (cert-manager, sealed secrets…); `check`
        // reports IST0101 when it is missing, as istioctl analyze does.
        new k8s.KubeSecret(team, 'cert', { metadata: { name: `${ns}-cert` }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'placeholder', 'tls.key': 'placeholder' } });
      }
      if (teamSpec.gateway.passthrough) {
        gateway.addServer({ port: 8443, protocol: GatewayProtocol.TLS, hosts: [`tls.${host}`], tls: GatewayTls.passthrough() });
        new CanaryRoute(team, 'passthrough', {
          hosts: [`tls.${host}`], gateways: [gateway],
          tls: [{ sniHosts: [`tls.${host}`], port: 8443, destination: services[0].destination(80) }],
        });
      }
    }
    const meshHosts = new Set<string>();
    teamSpec.routes.forEach((routeSpec, r) => {
      const service = services[routeSpec.service % services.length];
      const onGateway = routeSpec.onGateway && gateway !== undefined;
      if (!onGateway && meshHosts.has(service.host)) return; // one mesh route per host, as Istio wants
      if (onGateway && r > 0 && teamSpec.routes.slice(0, r).some((p) => p.onGateway)) return; // one gateway route per host
      if (!onGateway) {
        meshHosts.add(service.host);
        // A mesh route needs a caller its destination admits: the team's first service calls it.
        service.allowFrom(services[0]);
      }
      new CanaryRoute(team, `route-${r}`, {
        hosts: [onGateway ? host : service.host],
        gateways: onGateway ? [gateway!] : undefined,
        http: routeSpec.rules.map((rule) => renderRule(rule, service, onGateway)),
      });
    });
    if (teamSpec.egress) {
      const e = teamSpec.egress;
      const egressGateway = e.viaGateway ? new TeamGateway(team, 'egress', { type: GatewayType.EGRESS }) : undefined;
      new ExternalEgress(team, 'external', {
        host: `api.partner-${t}.com`,
        protocol: e.https ? ExternalProtocol.HTTPS : ExternalProtocol.HTTP,
        egressGateway,
        originateTls: !e.https && e.originateTls,
        retries: !e.https && e.retries ? { attempts: 2 } : undefined,
      });
    }
  });
}

/** Ways to break a valid topology, each with the error code the library must answer with. */
export const MUTATIONS: { name: string; code: string; apply: (app: App) => void }[] = [
  { name: 'weights not adding to 100', code: 'CIT001', apply: (app) => routeTo(app, (s) => HttpAction.split([{ destination: s.subset('v1'), weight: 60 }, { destination: s.subset('v1').onPort(80), weight: 30 }])) },
  { name: 'unknown subset', code: 'CIT002', apply: (app) => routeTo(app, (s) => HttpAction.to(s.subset('v9'))) },
  { name: 'uppercase service name', code: 'CIT003', apply: (app) => new VersionedService(firstTeam(app), 'Bad', { versions: [{ name: 'v1', image: 'x:1' }] }) },
  { name: 'partial wildcard host', code: 'CIT004', apply: (app) => new TeamGateway(firstTeam(app), 'wild', { servers: [{ port: 80, hosts: ['a*.example.com'] }] }) },
  { name: 'look-ahead regex', code: 'CIT005', apply: (app) => routeTo(app, (s) => HttpAction.to(s.subset('v1')), [{ path: PathMatch.regex('/(?=a)') }]) },
  { name: 'path without slash', code: 'CIT006', apply: (app) => routeTo(app, (s) => HttpAction.to(s.subset('v1')), [{ path: PathMatch.startsWith('api') }]) },
  { name: 'duplicate hosts', code: 'CIT007', apply: (app) => new CanaryRoute(firstTeam(app), 'dup', { hosts: ['a.b.example.com', 'a.b.example.com'], http: [] }) },
  { name: 'port out of range', code: 'CIT008', apply: (app) => new VersionedService(firstTeam(app), 'ports', { ports: [{ port: 65536 }] }) },
  { name: 'host not served by the gateway', code: 'CIT009', apply: (app) => {
    const team = firstTeam(app);
    const gw = new TeamGateway(team, 'other-gw', { servers: [{ port: 80, hosts: ['served.example.com'] }] });
    const svc = new VersionedService(team, 'other-svc', { versions: [{ name: 'v1', image: 'x:1' }] });
    new CanaryRoute(team, 'unserved', { hosts: ['unserved.example.com'], gateways: [gw], http: [{ action: HttpAction.to(svc.subset('v1')) }] });
  } },
  { name: 'empty split', code: 'CIT010', apply: (app) => routeTo(app, () => HttpAction.split([])) },
  { name: 'zero timeout', code: 'CIT011', apply: (app) => routeTo(app, (s) => HttpAction.to(s.subset('v1')), undefined, Duration.millis(0)) },
];

function firstTeam(app: App): Team {
  return app.charts[0] as Team;
}

function routeTo(app: App, action: (s: VersionedService) => HttpAction, matches?: HttpRouteMatch[], timeout?: Duration): void {
  const team = firstTeam(app);
  const service = new VersionedService(team, 'mutant', { versions: [{ name: 'v1', image: 'x:1' }] });
  new CanaryRoute(team, 'mutant-route', { hosts: [service.host], http: [{ matches, action: action(service), timeout }] });
}

export { Destination };
