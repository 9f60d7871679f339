/**
 * SEMANTICS §4 edge cases, each with the answer worked out by hand from the rule it tests.
 * Unless a case says otherwise the request enters at Gateway shop/public (the default
 * istio-ingressgateway pods, namespace istio-system) with Host shop.example.com on port 80.
 */
import { MeshEnvironment, MeshModel } from '../../src/model';
import { explain, Explanation, ExplainRequest, formatExplanation, Outcome } from '../../src/simulate';
import { API, base, gateway, NS, vs, web, WEB } from './topology';

interface Want {
  readonly outcome: Outcome;
  readonly status?: number;
  /** [subset or host, share] in order. */
  readonly split?: readonly (readonly [string, number])[];
  readonly path?: string;
  readonly authority?: string;
  readonly location?: string;
  readonly body?: string;
  /** [VirtualService ns/name, rule index] of the first hop. */
  readonly rule?: readonly [string, number];
  readonly port?: number;
  readonly workloads?: readonly string[];
}

interface Case {
  readonly name: string;
  readonly objects: readonly any[];
  readonly request?: Partial<ExplainRequest>;
  readonly env?: MeshEnvironment;
  /** Objects that replace the base topology instead of extending it. */
  readonly replaceBase?: boolean;
  readonly want: Want;
}

const GW = { gateway: 'shop/public' };
const MESH_WEB = { from: { namespace: NS, labels: { app: 'frontend' } }, host: 'web' };
const gw = (http: any[], extra: Record<string, unknown> = {}) => vs('site', { hosts: ['shop.example.com'], gateways: ['public'], http, ...extra });
const mesh = (http: any[], name = 'web-routes') => vs(name, { hosts: ['web'], http });
const prefix = (p: string) => ({ uri: { prefix: p } });
const httpsGateway = (name: string, host: string) => ({
  apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name, namespace: NS },
  spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 443, name: `https-${name}`, protocol: 'HTTPS' }, hosts: [host], tls: { mode: 'SIMPLE', credentialName: `${name}-cert` } }] },
});

const cases: Case[] = [
  // ---- URI matching
  { name: 'prefix /v1 also matches /v1x (plain string prefix)',
    objects: [gw([{ match: [prefix('/v1')], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { path: '/v1x' }, want: { outcome: 'routed', split: [['v1', 1]], rule: ['shop/site', 0] } },
  { name: 'prefix /v1/ does not match /v1',
    objects: [gw([{ match: [prefix('/v1/')], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { path: '/v1' }, want: { outcome: 'routed', split: [['v2', 1]], rule: ['shop/site', 1] } },
  { name: 'regex must match the whole path: /v1/[a-z]+ misses /v1/abc/def',
    objects: [gw([{ match: [{ uri: { regex: '/v1/[a-z]+' } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { path: '/v1/abc/def' }, want: { outcome: 'routed', split: [['v2', 1]] } },
  { name: 'regex matching the whole path matches',
    objects: [gw([{ match: [{ uri: { regex: '/v1/[a-z]+' } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { path: '/v1/abc' }, want: { outcome: 'routed', split: [['v1', 1]] } },
  { name: 'query string is excluded from uri exact',
    objects: [gw([{ match: [{ uri: { exact: '/search' } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { path: '/search?q=shoes' }, want: { outcome: 'routed', split: [['v1', 1]], path: '/search?q=shoes' } },
  { name: 'query string is excluded from uri regex',
    objects: [gw([{ match: [{ uri: { regex: '/search' } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { path: '/search?q=x' }, want: { outcome: 'routed', split: [['v1', 1]] } },
  { name: 'uri exact is case-sensitive without ignoreUriCase',
    objects: [gw([{ match: [{ uri: { exact: '/API' } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { path: '/api' }, want: { outcome: 'routed', split: [['v2', 1]] } },
  { name: 'ignoreUriCase makes prefix case-insensitive',
    objects: [gw([{ match: [{ uri: { prefix: '/API' }, ignoreUriCase: true }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { path: '/api/items' }, want: { outcome: 'routed', split: [['v1', 1]] } },

  // ---- match entries: OR across, AND within
  { name: 'OR across match entries: the second entry matches',
    objects: [gw([{ match: [prefix('/a'), prefix('/b')], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { path: '/b/1' }, want: { outcome: 'routed', split: [['v1', 1]] } },
  { name: 'AND within an entry: prefix holds, header missing → next rule',
    objects: [gw([{ match: [{ ...prefix('/a'), headers: { 'x-beta': { exact: '1' } } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { path: '/a' }, want: { outcome: 'routed', split: [['v2', 1]] } },
  { name: 'AND within an entry: prefix and header both hold',
    objects: [gw([{ match: [{ ...prefix('/a'), headers: { 'x-beta': { exact: '1' } } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { path: '/a', headers: { 'X-Beta': '1' } }, want: { outcome: 'routed', split: [['v1', 1]] } },
  { name: 'no rule matches: 404 no route',
    objects: [gw([{ match: [prefix('/a')], route: [web('v1')] }])],
    request: { path: '/b' }, want: { outcome: 'no-route', status: 404 } },

  // ---- headers, query, method, authority, scheme
  { name: 'header prefix', objects: [gw([{ match: [{ headers: { 'user-agent': { prefix: 'Mozilla' } } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { headers: { 'User-Agent': 'Mozilla/5.0' } }, want: { outcome: 'routed', split: [['v1', 1]] } },
  { name: 'header regex must match the whole value', objects: [gw([{ match: [{ headers: { 'x-v': { regex: 'v[0-9]' } } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { headers: { 'x-v': 'v10' } }, want: { outcome: 'routed', split: [['v2', 1]] } },
  { name: 'header {} means present (any value, even empty)', objects: [gw([{ match: [{ headers: { 'x-debug': {} } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { headers: { 'x-debug': '' } }, want: { outcome: 'routed', split: [['v1', 1]] } },
  { name: 'withoutHeaders: an absent header counts as empty, so exact "true" does not hold → match',
    objects: [gw([{ match: [{ withoutHeaders: { 'x-canary': { exact: 'true' } } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: {}, want: { outcome: 'routed', split: [['v1', 1]] } },
  { name: 'withoutHeaders: the header is present with the value → no match',
    objects: [gw([{ match: [{ withoutHeaders: { 'x-canary': { exact: 'true' } } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { headers: { 'x-canary': 'true' } }, want: { outcome: 'routed', split: [['v2', 1]] } },
  { name: 'withoutHeaders regex ".*" on an absent header: empty matches, inverted → no match',
    objects: [gw([{ match: [{ withoutHeaders: { 'x-a': { regex: '.*' } } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: {}, want: { outcome: 'routed', split: [['v2', 1]] } },
  { name: 'queryParams exact and {} present', objects: [gw([{ match: [{ queryParams: { mode: { exact: 'beta' }, debug: {} } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { path: '/x?debug&mode=beta' }, want: { outcome: 'routed', split: [['v1', 1]] } },
  { name: 'queryParams regex whole value', objects: [gw([{ match: [{ queryParams: { id: { regex: '[0-9]+' } } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { path: '/x?id=12a' }, want: { outcome: 'routed', split: [['v2', 1]] } },
  { name: 'method', objects: [gw([{ match: [{ method: { exact: 'POST' } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { method: 'post' }, want: { outcome: 'routed', split: [['v1', 1]] } },
  { name: 'authority', objects: [gw([{ match: [{ authority: { prefix: 'shop.' } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { host: 'shop.example.com' }, want: { outcome: 'routed', split: [['v1', 1]] } },
  { name: 'scheme', objects: [gw([{ match: [{ scheme: { exact: 'https' } }], route: [web('v1')] }, { route: [web('v2')] }])],
    request: { scheme: 'http' }, want: { outcome: 'routed', split: [['v2', 1]] } },

  // ---- port and gateways filters
  { name: 'match.port differs from the request port: the entry is dropped',
    objects: [gw([{ match: [{ port: 8080 }], route: [web('v2')] }, { route: [web('v1')] }])],
    request: {}, want: { outcome: 'routed', split: [['v1', 1]], rule: ['shop/site', 1] } },
  { name: 'match.port equal to the request port: the entry applies',
    objects: [gw([{ match: [{ port: 80 }], route: [web('v2')] }, { route: [web('v1')] }])],
    request: {}, want: { outcome: 'routed', split: [['v2', 1]], rule: ['shop/site', 0] } },
  { name: 'match.gateways [mesh] is dropped at the gateway',
    objects: [vs('both', { hosts: ['shop.example.com', 'web'], gateways: ['public', 'mesh'], http: [{ match: [{ gateways: ['mesh'] }], route: [web('v2')] }, { route: [web('v1')] }] })],
    request: {}, want: { outcome: 'routed', split: [['v1', 1]], rule: ['shop/both', 1] } },
  { name: 'match.gateways [mesh] applies to sidecars',
    objects: [vs('both', { hosts: ['shop.example.com', 'web'], gateways: ['public', 'mesh'], http: [{ match: [{ gateways: ['mesh'] }], route: [web('v2')] }, { route: [web('v1')] }] })],
    request: MESH_WEB, want: { outcome: 'routed', split: [['v2', 1]], rule: ['shop/both', 0] } },
  { name: 'match.gateways overrides the VirtualService gateways (shop/public named explicitly)',
    objects: [vs('both', { hosts: ['shop.example.com', 'web'], gateways: ['public', 'mesh'], http: [{ match: [{ gateways: ['shop/public'] }], route: [web('v2')] }, { route: [web('v1')] }] })],
    request: MESH_WEB, want: { outcome: 'routed', split: [['v1', 1]], rule: ['shop/both', 1] } },

  // ---- source
  { name: 'sourceLabels hold for the calling workload',
    objects: [mesh([{ match: [{ sourceLabels: { app: 'frontend' } }], route: [web('v2')] }, { route: [web('v1')] }])],
    request: MESH_WEB, want: { outcome: 'routed', split: [['v2', 1]] } },
  { name: 'sourceLabels do not hold for another workload',
    objects: [mesh([{ match: [{ sourceLabels: { app: 'frontend' } }], route: [web('v2')] }, { route: [web('v1')] }])],
    request: { ...MESH_WEB, from: { namespace: NS, labels: { app: 'api' } } }, want: { outcome: 'routed', split: [['v1', 1]] } },
  { name: 'sourceNamespace',
    objects: [vs('web-routes', { hosts: [WEB], http: [{ match: [{ sourceNamespace: 'ops' }], route: [web('v2')] }, { route: [web('v1')] }] })],
    request: { from: { namespace: 'ops' }, host: WEB }, want: { outcome: 'routed', split: [['v2', 1]] } },

  // ---- weights and ports
  { name: 'weights 1:3 give 0.25 / 0.75', objects: [gw([{ route: [web('v1', 1), web('v2', 3)] }])],
    want: { outcome: 'routed', split: [['v1', 0.25], ['v2', 0.75]] } },
  { name: 'weight 0 is dropped', objects: [gw([{ route: [web('v1', 100), web('v2', 0)] }])],
    want: { outcome: 'routed', split: [['v1', 1]] } },
  { name: 'a single destination takes 100% whatever its weight', objects: [gw([{ route: [web('v2', 30)] }])],
    want: { outcome: 'routed', split: [['v2', 1]], workloads: ['web-v2'] } },
  { name: "no destination port: the service's only port", objects: [gateway('alt', NS, ['alt.example.com'], {}, 8000), vs('alt', { hosts: ['alt.example.com'], gateways: ['alt'], http: [{ route: [web('v1')] }] })],
    request: { host: 'alt.example.com', port: 8000, from: { gateway: 'shop/alt' } }, want: { outcome: 'routed', split: [['v1', 1]], port: 80 } },
  { name: 'no destination port and several service ports: the request port', objects: [gateway('alt', NS, ['alt.example.com'], {}, 8080), vs('alt', { hosts: ['alt.example.com'], gateways: ['alt'], http: [{ route: [{ destination: { host: 'api' } }] }] })],
    request: { host: 'alt.example.com', port: 8080, from: { gateway: 'shop/alt' } }, want: { outcome: 'routed', split: [[API, 1]], port: 8080 } },
  { name: 'explicit destination port wins', objects: [gw([{ route: [{ destination: { host: 'api', port: { number: 8080 } } }] }])],
    want: { outcome: 'routed', split: [[API, 1]], port: 8080, workloads: ['api'] } },

  // ---- rewrite
  { name: 'rewrite prefix /svc1/ + "/" gives /orders', objects: [gw([{ match: [prefix('/svc1/')], rewrite: { uri: '/' }, route: [web('v1')] }])],
    request: { path: '/svc1/orders' }, want: { outcome: 'routed', split: [['v1', 1]], path: '/orders' } },
  { name: 'rewrite prefix /svc1 + "/" gives //orders (only the matched prefix is replaced)', objects: [gw([{ match: [prefix('/svc1')], rewrite: { uri: '/' }, route: [web('v1')] }])],
    request: { path: '/svc1/orders?id=1' }, want: { outcome: 'routed', split: [['v1', 1]], path: '//orders?id=1' } },
  { name: 'rewrite after exact match replaces the whole path, keeps the query', objects: [gw([{ match: [{ uri: { exact: '/old' } }], rewrite: { uri: '/new/place' }, route: [web('v1')] }])],
    request: { path: '/old?q=1' }, want: { outcome: 'routed', split: [['v1', 1]], path: '/new/place?q=1' } },
  { name: 'rewrite after regex match replaces the whole path', objects: [gw([{ match: [{ uri: { regex: '/items/[0-9]+' } }], rewrite: { uri: '/item' }, route: [web('v1')] }])],
    request: { path: '/items/42' }, want: { outcome: 'routed', split: [['v1', 1]], path: '/item' } },
  { name: 'rewrite with no uri match replaces the leading "/"', objects: [gw([{ rewrite: { uri: '/app/' }, route: [web('v1')] }])],
    request: { path: '/x/y' }, want: { outcome: 'routed', split: [['v1', 1]], path: '/app/x/y' } },
  { name: 'uriRegexRewrite with RE2 groups', objects: [gw([{ match: [prefix('/service')], rewrite: { uriRegexRewrite: { match: '^/service/([^/]+)(/.*)$', rewrite: '\\2/instance/\\1' } }, route: [web('v1')] }])],
    request: { path: '/service/foo/bar?z=1' }, want: { outcome: 'routed', split: [['v1', 1]], path: '/bar/instance/foo?z=1' } },
  { name: 'rewrite.authority', objects: [gw([{ rewrite: { authority: 'internal.shop' }, route: [web('v1')] }])],
    want: { outcome: 'routed', split: [['v1', 1]], authority: 'internal.shop', path: '/' } },

  // ---- actions
  { name: 'redirect: default 301, uri and authority replaced, query kept', objects: [gw([{ match: [prefix('/old')], redirect: { uri: '/new', authority: 'www.example.com' } }])],
    request: { path: '/old/page?x=1' }, want: { outcome: 'redirect', status: 301, location: 'http://www.example.com/new?x=1' } },
  { name: 'redirect with redirectCode, scheme and port', objects: [gw([{ redirect: { scheme: 'https', port: 8443, redirectCode: 308 } }])],
    request: { path: '/a' }, want: { outcome: 'redirect', status: 308, location: 'https://shop.example.com:8443/a' } },
  { name: 'directResponse', objects: [gw([{ match: [prefix('/health')], directResponse: { status: 503, body: { string: 'maintenance' } } }])],
    request: { path: '/healthz' }, want: { outcome: 'direct-response', status: 503, body: 'maintenance' } },
  { name: 'fault abort (100%) ends with its status', objects: [gw([{ fault: { abort: { httpStatus: 418, percentage: { value: 100 } } }, route: [web('v1')] }])],
    want: { outcome: 'fault', status: 418 } },
  { name: 'fault abort without percentage aborts everything', objects: [gw([{ fault: { abort: { httpStatus: 500 } }, route: [web('v1')] }])],
    want: { outcome: 'fault', status: 500 } },
  { name: 'fault abort for 10% still routes (noted on the hop)', objects: [gw([{ fault: { abort: { httpStatus: 500, percentage: { value: 10 } } }, route: [web('v1')] }])],
    want: { outcome: 'routed', split: [['v1', 1]] } },

  // ---- gateway virtual hosts
  { name: 'exact virtual host beats a wildcard one',
    objects: [
      vs('wild', { hosts: ['*.shop.example.com'], gateways: ['public'], http: [{ route: [web('v1')] }] }),
      vs('exact', { hosts: ['api.shop.example.com'], gateways: ['public'], http: [{ route: [web('v2')] }] }),
    ],
    request: { host: 'api.shop.example.com' }, want: { outcome: 'routed', split: [['v2', 1]], rule: ['shop/exact', 0] } },
  { name: 'the wildcard virtual host takes the other names',
    objects: [
      vs('wild', { hosts: ['*.shop.example.com'], gateways: ['public'], http: [{ route: [web('v1')] }] }),
      vs('exact', { hosts: ['api.shop.example.com'], gateways: ['public'], http: [{ route: [web('v2')] }] }),
    ],
    request: { host: 'cart.shop.example.com' }, want: { outcome: 'routed', split: [['v1', 1]], rule: ['shop/wild', 0] } },
  { name: 'longer wildcard beats shorter',
    objects: [
      gateway('eu', NS, ['*.example.com']),
      vs('short', { hosts: ['*.example.com'], gateways: ['eu'], http: [{ route: [web('v1')] }] }),
      vs('long', { hosts: ['*.eu.example.com'], gateways: ['eu'], http: [{ route: [web('v2')] }] }),
    ],
    request: { from: { gateway: 'shop/eu' }, host: 'a.eu.example.com' }, want: { outcome: 'routed', split: [['v2', 1]] } },
  { name: 'no virtual host for the Host: 404',
    objects: [gw([{ route: [web('v1')] }])],
    request: { host: 'unknown.example.org' }, want: { outcome: 'no-virtual-host', status: 404 } },
  // istiod: gateway.go buildGatewayHTTPRouteConfig — no virtual host at all → catch-all blackhole, 404 NR
  { name: 'a server without any bound VirtualService gets the blackhole virtual host: 404 no route',
    objects: [], request: { host: 'shop.example.com' }, want: { outcome: 'no-route', status: 404 } },
  { name: 'merged VirtualServices: the older catch-all is moved after the newer prefix route',
    objects: [
      vs('a-catch-all', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ route: [web('v1')] }] }),
      vs('b-orders', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ match: [prefix('/orders')], route: [web('v2')] }] }),
    ],
    request: { path: '/orders/7' }, want: { outcome: 'routed', split: [['v2', 1]], rule: ['shop/b-orders', 0] } },
  { name: 'merged VirtualServices: other paths still reach the catch-all',
    objects: [
      vs('a-catch-all', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ match: [prefix('/')], route: [web('v1')] }] }),
      vs('b-orders', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ match: [prefix('/orders')], route: [web('v2')] }] }),
    ],
    request: { path: '/cart' }, want: { outcome: 'routed', split: [['v1', 1]], rule: ['shop/a-catch-all', 0] } },
  { name: 'merged VirtualServices: regex ".*" is a catch-all too',
    objects: [
      vs('a', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ match: [{ uri: { regex: '.*' } }], route: [web('v1')] }] }),
      vs('b', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ match: [prefix('/x')], route: [web('v2')] }] }),
    ],
    request: { path: '/x' }, want: { outcome: 'routed', split: [['v2', 1]] } },
  { name: 'merged VirtualServices: same prefix in both, the older (input order) wins, not the name',
    objects: [
      vs('zz-first', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ match: [prefix('/x')], route: [web('v1')] }] }),
      vs('aa-second', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ match: [prefix('/x')], route: [web('v2')] }] }),
    ],
    request: { path: '/x' }, want: { outcome: 'routed', split: [['v1', 1]], rule: ['shop/zz-first', 0] } },
  { name: 'a header-conditioned prefix "/" is not a catch-all and keeps its place',
    objects: [
      vs('a', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ match: [{ ...prefix('/'), headers: { 'x-a': {} } }], route: [web('v1')] }] }),
      vs('b', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ match: [prefix('/x')], route: [web('v2')] }] }),
    ],
    request: { path: '/x', headers: { 'x-a': '1' } }, want: { outcome: 'routed', split: [['v1', 1]] } },
  { name: 'exportTo ["."] hides a VirtualService from the gateway pods in istio-system (then no virtual host is left: blackhole 404)',
    objects: [gw([{ route: [web('v1')] }], { exportTo: ['.'] })],
    request: {}, want: { outcome: 'no-route', status: 404 } },
  { name: 'exportTo [istio-system] lets the gateway pods see it',
    objects: [gw([{ route: [web('v1')] }], { exportTo: ['istio-system'] })],
    request: {}, want: { outcome: 'routed', split: [['v1', 1]] } },
  { name: 'server host ns/dnsName admits only VirtualServices of that namespace',
    objects: [gateway('strict', NS, ['payments/pay.example.com']), vs('pay', { hosts: ['pay.example.com'], gateways: ['strict'], http: [{ route: [web('v1')] }] })],
    request: { from: { gateway: 'shop/strict' }, host: 'pay.example.com' }, want: { outcome: 'no-route', status: 404 } },
  { name: 'server host ./dnsName admits the Gateway namespace',
    objects: [gateway('own', NS, ['./own.example.com']), vs('own', { hosts: ['own.example.com'], gateways: ['own'], http: [{ route: [web('v1')] }] })],
    request: { from: { gateway: 'shop/own' }, host: 'own.example.com' }, want: { outcome: 'routed', split: [['v1', 1]] } },
  { name: "another team's Gateway on the same pods serves its hosts on the shared listener",
    objects: [gateway('other', 'team-b', ['b.example.com']), vs('b', { hosts: ['b.example.com'], gateways: ['other'], http: [{ route: [web('v2')] }] }, 'team-b')],
    request: { host: 'b.example.com' }, want: { outcome: 'routed', split: [['v2', 1]], rule: ['team-b/b', 0] } },
  { name: 'tls.httpsRedirect answers plain HTTP with 301 to https',
    objects: [gateway('secure', NS, ['secure.example.com'], { tls: { httpsRedirect: true } }), vs('secure', { hosts: ['secure.example.com'], gateways: ['secure'], http: [{ route: [web('v1')] }] })],
    request: { from: { gateway: 'shop/secure' }, host: 'secure.example.com', path: '/a?b=1' }, want: { outcome: 'redirect', status: 301, location: 'https://secure.example.com/a?b=1' } },
  { name: 'no Gateway server on the request port',
    objects: [gw([{ route: [web('v1')] }])], request: { port: 8081 }, want: { outcome: 'no-virtual-host' } },
  { name: 'at a gateway the single VirtualService is sorted too: a rule after a match-less rule is reachable',
    objects: [gw([{ route: [web('v1')] }, { match: [prefix('/b')], route: [web('v2')] }])],
    request: { path: '/b' }, want: { outcome: 'routed', split: [['v2', 1]], rule: ['shop/site', 1] } },

  // team B's server has its own route configuration, without virtual hosts: blackhole 404
  { name: 'HTTPS: SNI picks the server first; team A\'s wildcard on another server does not catch team B\'s host',
    objects: [
      httpsGateway('team-a', '*.example.com'), httpsGateway('team-b', 'b.example.com'),
      vs('a', { hosts: ['*.example.com'], gateways: ['team-a'], http: [{ route: [web('v1')] }] }),
    ],
    request: { from: { gateway: 'shop/team-a' }, host: 'b.example.com', port: 443, scheme: 'https' }, want: { outcome: 'no-route', status: 404 } },
  { name: 'HTTPS: the wildcard server takes the names no other server claims',
    objects: [
      httpsGateway('team-a', '*.example.com'), httpsGateway('team-b', 'b.example.com'),
      vs('a', { hosts: ['*.example.com'], gateways: ['team-a'], http: [{ route: [web('v1')] }] }),
    ],
    request: { from: { gateway: 'shop/team-a' }, host: 'c.example.com', port: 443, scheme: 'https' }, want: { outcome: 'routed', split: [['v1', 1]] } },

  // ---- mesh
  { name: 'in the mesh a rule after a match-less rule is unreachable (no sorting)',
    objects: [mesh([{ route: [web('v1')] }, { match: [prefix('/b')], route: [web('v2')] }])],
    request: { ...MESH_WEB, path: '/b' }, want: { outcome: 'routed', split: [['v1', 1]], rule: ['shop/web-routes', 0] } },
  { name: 'mesh: one VirtualService per host, the oldest wins (no merging)',
    objects: [mesh([{ match: [prefix('/a')], route: [web('v1')] }], 'zz-old'), mesh([{ match: [prefix('/b')], route: [web('v2')] }], 'aa-new')],
    request: { ...MESH_WEB, path: '/b' }, want: { outcome: 'no-route', status: 404 } },
  { name: 'mesh: an exact host beats a wildcard VirtualService even when younger',
    objects: [
      vs('wild', { hosts: ['*.shop.svc.cluster.local'], http: [{ route: [web('v1')] }] }),
      vs('exact', { hosts: [WEB], http: [{ route: [web('v2')] }] }),
    ],
    request: MESH_WEB, want: { outcome: 'routed', split: [['v2', 1]], rule: ['shop/exact', 0] } },
  { name: 'mesh: no VirtualService → default route to the host on the request port, all pods',
    objects: [], request: MESH_WEB, want: { outcome: 'routed', split: [[WEB, 1]], port: 80, workloads: ['web-v1', 'web-v2'] } },
  { name: 'mesh: a VirtualService exported elsewhere is invisible',
    objects: [vs('web-routes', { hosts: [WEB], exportTo: ['ops'], http: [{ route: [web('v2')] }] })],
    request: MESH_WEB, want: { outcome: 'routed', split: [[WEB, 1]], workloads: ['web-v1', 'web-v2'] } },
  { name: 'mesh: Sidecar egress hosts hide a VirtualService of another namespace',
    objects: [
      vs('ops-web', { hosts: [WEB], http: [{ route: [{ destination: { host: WEB, subset: 'v2' } }] }] }, 'ops'),
      { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace: NS }, spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }] } },
    ],
    request: MESH_WEB, want: { outcome: 'routed', split: [[WEB, 1]], workloads: ['web-v1', 'web-v2'] } },
  { name: 'mesh: without the Sidecar the VirtualService of another namespace applies',
    objects: [vs('ops-web', { hosts: [WEB], http: [{ route: [{ destination: { host: WEB, subset: 'v2' } }] }] }, 'ops')],
    request: MESH_WEB, want: { outcome: 'routed', split: [['v2', 1]], rule: ['ops/ops-web', 0] } },
  { name: 'mesh: Sidecar egress hiding the Service makes it unknown → blocked under REGISTRY_ONLY',
    objects: [{ apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace: 'ops' }, spec: { egress: [{ hosts: ['./*'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } }],
    request: { from: { namespace: 'ops' }, host: WEB }, want: { outcome: 'blocked', status: 502 } },
  { name: 'mesh: a ServiceEntry exported elsewhere does not count → blocked under REGISTRY_ONLY',
    env: { outboundTrafficPolicy: 'REGISTRY_ONLY' },
    objects: [{ apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'ext', namespace: 'ops' }, spec: { hosts: ['api.partner.com'], exportTo: ['.'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' } }],
    request: { from: { namespace: NS }, host: 'api.partner.com' }, want: { outcome: 'blocked', status: 502 } },
  { name: 'mesh: ServiceEntry traffic re-routed to an internal service (seed 003 gotcha)',
    objects: [
      { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'ext', namespace: NS }, spec: { hosts: ['api.partner.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS', location: 'MESH_EXTERNAL' } },
      vs('partner', { hosts: ['api.partner.com'], http: [{ route: [web('v2')] }] }),
    ],
    request: { from: { namespace: NS }, host: 'api.partner.com' }, want: { outcome: 'routed', split: [['v2', 1]], workloads: ['web-v2'], authority: 'api.partner.com' } },

  // ---- subsets
  { name: 'a subset no DestinationRule defines selects no pods',
    objects: [gw([{ route: [{ destination: { host: 'web', subset: 'v3' } }] }])],
    want: { outcome: 'routed', split: [['v3', 1]], workloads: [] } },
];

function check(result: Explanation, want: Want): void {
  expect(result.outcome).toBe(want.outcome);
  if (want.status !== undefined || want.outcome !== 'routed') expect(result.status).toBe(want.status);
  if (want.location !== undefined) expect(result.location).toBe(want.location);
  if (want.body !== undefined) expect(result.body).toBe(want.body);
  if (want.split) {
    expect(result.destinations.map((d) => d.subset ?? d.host)).toEqual(want.split.map(([name]) => name));
    result.destinations.forEach((d, i) => expect(d.share).toBeCloseTo(want.split![i][1], 12));
  } else {
    expect(result.destinations).toEqual([]);
  }
  if (want.path !== undefined) expect(result.destinations[0].path).toBe(want.path);
  if (want.authority !== undefined) expect(result.destinations[0].authority).toBe(want.authority);
  if (want.port !== undefined) expect(result.destinations[0].port).toBe(want.port);
  if (want.workloads !== undefined) expect(result.destinations[0].workloads).toEqual(want.workloads);
  if (want.rule) expect([result.hops[0].virtualService, result.hops[0].ruleIndex]).toEqual(want.rule);
}

describe('SEMANTICS §4 edge cases', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const model = MeshModel.fromObjects(c.replaceBase ? c.objects : [...base(), ...c.objects], c.env);
    const request = { from: GW, host: 'shop.example.com', path: '/', ...c.request } as ExplainRequest;
    const result = explain(model, request);
    try {
      check(result, c.want);
    } catch (error) {
      (error as Error).message += `\n\ntrace:\n${formatExplanation(result)}`;
      throw error;
    }
  });
});
