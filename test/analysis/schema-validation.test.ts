/**
 * IST0106: every webhook rule of SEMANTICS §2 that a manifest can break, each with a near miss
 * that istiod accepts. ServiceEntry and Sidecar rules live in test/analysis/validation/ (istiod's tables).
 */
import { stringify } from 'yaml';
import { findingsOf, withCode } from './helpers';

function resource(kind: string, spec: object, namespace = 'bookinfo', name = 'x'): string {
  return stringify({ apiVersion: 'networking.istio.io/v1', kind, metadata: { name, namespace }, spec });
}

const route = (host = 'reviews') => [{ destination: { host } }];
const vs = (http: object[], extra: object = {}) => resource('VirtualService', { hosts: ['reviews'], http, ...extra });
const gwVs = (spec: object) => resource('VirtualService', { gateways: ['gw'], ...spec });
const dr = (spec: object) => resource('DestinationRule', { host: 'reviews', ...spec });
const gw = (servers: object[]) => resource('Gateway', { selector: { istio: 'ingressgateway' }, servers });
const http80 = { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['a.example.com'] };
const https443 = (tls: object | undefined) => ({ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['a.example.com'], ...(tls ? { tls } : {}) });
const se = (spec: object) => resource('ServiceEntry', { hosts: ['api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS', ...spec });

interface Case { readonly name: string; readonly bad: string; readonly good: string; readonly reason: string }

const CASES: Case[] = [
  // VirtualService
  { name: 'VS without http/tcp/tls', bad: resource('VirtualService', { hosts: ['reviews'] }), good: vs([{ route: route() }]), reason: 'http, tcp or tls must be provided' },
  { name: 'VS host * bound to mesh', bad: resource('VirtualService', { hosts: ['*'], http: [{ route: route() }] }), good: gwVs({ hosts: ['*'], http: [{ route: route('reviews.bookinfo.svc.cluster.local') }] }), reason: 'wildcard host * is not allowed for virtual services bound to the mesh gateway' },
  { name: 'VS overlapping hosts', bad: gwVs({ hosts: ['*.example.com', 'a.example.com'], http: [{ route: route() }] }), good: gwVs({ hosts: ['a.example.com', 'b.example.com'], http: [{ route: route() }] }), reason: 'duplicate hosts in virtual service: *.example.com & a.example.com' },
  { name: 'VS wildcard inside a label', bad: gwVs({ hosts: ['a.*.example.com'], http: [{ route: route() }] }), good: gwVs({ hosts: ['*.example.com'], http: [{ route: route() }] }), reason: 'label "*" invalid' },
  { name: 'route and redirect', bad: vs([{ route: route(), redirect: { uri: '/x' } }]), good: vs([{ redirect: { uri: '/x' } }]), reason: 'HTTP route cannot contain both route and redirect' },
  { name: 'route and directResponse', bad: vs([{ route: route(), directResponse: { status: 503 } }]), good: vs([{ directResponse: { status: 503 } }]), reason: 'HTTP route cannot contain both route and directResponse' },
  { name: 'no action', bad: vs([{ match: [{ uri: { prefix: '/' } }] }]), good: vs([{ match: [{ uri: { prefix: '/' } }], route: route() }]), reason: 'HTTP route, redirect or directResponse is required' },
  { name: 'rewrite and redirect', bad: vs([{ redirect: { uri: '/x' }, rewrite: { uri: '/y' } }]), good: vs([{ route: route(), rewrite: { uri: '/y' } }]), reason: 'cannot contain both rewrite and redirect' },
  { name: 'mirror and mirrors', bad: vs([{ route: route(), mirror: { host: 'reviews' }, mirrors: [{ destination: { host: 'reviews' } }] }]), good: vs([{ route: route(), mirrors: [{ destination: { host: 'reviews' } }] }]), reason: 'cannot contain both mirror and mirrors' },
  { name: 'destination host *', bad: vs([{ route: route('*') }]), good: vs([{ route: route() }]), reason: 'invalid destination host *' },
  { name: 'destination host missing', bad: vs([{ route: [{ destination: { subset: 'v1' } }] }]), good: vs([{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }]), reason: 'destination host is required' },
  { name: 'subset not a DNS label', bad: vs([{ route: [{ destination: { host: 'reviews', subset: 'V1_x' } }] }]), good: vs([{ route: [{ destination: { host: 'reviews', subset: 'v1-x' } }] }]), reason: 'subset name is invalid: V1_x' },
  { name: 'negative weight', bad: vs([{ route: [{ destination: { host: 'reviews' }, weight: -1 }, { destination: { host: 'ratings' }, weight: 5 }] }]), good: vs([{ route: [{ destination: { host: 'reviews' }, weight: 3 }, { destination: { host: 'ratings' }, weight: 1 }] }]), reason: 'weight -1 < 0' },
  { name: 'total weight 0', bad: vs([{ route: [{ destination: { host: 'reviews' }, weight: 0 }, { destination: { host: 'ratings' }, weight: 0 }] }]), good: vs([{ route: [{ destination: { host: 'reviews' }, weight: 0 }, { destination: { host: 'ratings' }, weight: 7 }] }]), reason: 'total destination weight = 0' },
  { name: 'header name not a token', bad: vs([{ match: [{ headers: { 'x user': { exact: 'a' } } }], route: route() }]), good: vs([{ match: [{ headers: { 'x-user': { exact: 'a' } } }], route: route() }]), reason: 'header name "x user" is not a valid header name' },
  { name: 'empty header prefix', bad: vs([{ match: [{ headers: { 'x-user': { prefix: '' } } }], route: route() }]), good: vs([{ match: [{ headers: { 'x-user': {} } }], route: route() }]), reason: 'prefix string match should not be empty' },
  { name: 'uri regex look-ahead', bad: vs([{ match: [{ uri: { regex: '/api(?!/internal).*' } }], route: route() }]), good: vs([{ match: [{ uri: { regex: '/api/[^/]+' } }], route: route() }]), reason: 'invalid RE2 regex' },
  { name: 'cookie regex back-reference', bad: vs([{ match: [{ headers: { cookie: { regex: '^(a)\\1$' } } }], route: route() }]), good: vs([{ match: [{ headers: { cookie: { regex: '^(.*?;)?(user=jason)(;.*)?$' } } }], route: route() }]), reason: 'invalid RE2 regex' },
  { name: 'regex too long', bad: vs([{ match: [{ uri: { regex: 'a'.repeat(1025) } }], route: route() }]), good: vs([{ match: [{ uri: { regex: 'a'.repeat(1024) } }], route: route() }]), reason: 'regex is too large, max length allowed is 1024' },
  { name: 'empty regex', bad: vs([{ match: [{ queryParams: { q: { regex: '' } } }], route: route() }]), good: vs([{ match: [{ queryParams: { q: { regex: '.+' } } }], route: route() }]), reason: 'regex string match should not be empty' },
  { name: 'match port out of range', bad: vs([{ match: [{ port: 70000 }], route: route() }]), good: vs([{ match: [{ port: 8080 }], route: route() }]), reason: 'port number 70000 must be in the range 1..65535' },
  { name: 'rewrite uri and uriRegexRewrite', bad: vs([{ route: route(), rewrite: { uri: '/', uriRegexRewrite: { match: '^/a', rewrite: '/b' } } }]), good: vs([{ route: route(), rewrite: { uriRegexRewrite: { match: '^/a', rewrite: '/b' } } }]), reason: 'rewrite may only contain one of URI or UriRegexRewrite' },
  { name: 'uriRegexRewrite without rewrite', bad: vs([{ route: route(), rewrite: { uriRegexRewrite: { match: '^/a' } } }]), good: vs([{ route: route(), rewrite: { uriRegexRewrite: { match: '^/a', rewrite: '/' } } }]), reason: 'UriRegexRewrite requires both Rewrite and Match' },
  { name: 'redirect code not 3xx', bad: vs([{ redirect: { uri: '/x', redirectCode: 200 } }]), good: vs([{ redirect: { uri: '/x', redirectCode: 308 } }]), reason: '200 is not a valid redirect code, must be 3xx' },
  { name: 'retries disabled but configured', bad: vs([{ route: route(), retries: { attempts: 0, perTryTimeout: '2s' } }]), good: vs([{ route: route(), retries: { attempts: 0 } }]), reason: 'http retry policy configured when attempts are set to 0' },
  { name: 'retryOn unknown token', bad: vs([{ route: route(), retries: { attempts: 3, retryOn: '5xx,sometimes' } }]), good: vs([{ route: route(), retries: { attempts: 3, retryOn: '5xx,connect-failure,503' } }]), reason: '"sometimes" is not a valid retryOn policy' },
  { name: 'timeout below 1ms', bad: vs([{ route: route(), timeout: '500us' }]), good: vs([{ route: route(), timeout: '1ms' }]), reason: 'must be greater than 1ms' },
  { name: 'timeout not whole ms', bad: vs([{ route: route(), timeout: '1.0005s' }]), good: vs([{ route: route(), timeout: '1.5s' }]), reason: 'integral number of milliseconds' },
  { name: 'fault without abort or delay', bad: vs([{ route: route(), fault: {} }]), good: vs([{ route: route(), fault: { delay: { fixedDelay: '5s', percentage: { value: 10 } } } }]), reason: 'must have an abort and/or a delay' },
  { name: 'fault abort status', bad: vs([{ route: route(), fault: { abort: { httpStatus: 700, percentage: { value: 10 } } } }]), good: vs([{ route: route(), fault: { abort: { httpStatus: 503, percentage: { value: 10 } } } }]), reason: 'HTTP status 700 is not in range 200-599' },
  { name: 'fault percentage over 100', bad: vs([{ route: route(), fault: { delay: { fixedDelay: '1s', percentage: { value: 150 } } } }]), good: vs([{ route: route(), fault: { delay: { fixedDelay: '1s', percentage: { value: 100 } } } }]), reason: 'percentage 150 must be in range [0..100]' },
  { name: 'TLS route without sniHosts', bad: gwVs({ hosts: ['a.example.com'], tls: [{ match: [{ port: 443 }], route: route() }] }), good: gwVs({ hosts: ['a.example.com'], tls: [{ match: [{ port: 443, sniHosts: ['a.example.com'] }], route: route() }] }), reason: 'TLS match must have at least one SNI host' },
  { name: 'TLS sniHost not covered', bad: gwVs({ hosts: ['a.example.com'], tls: [{ match: [{ sniHosts: ['b.example.com'] }], route: route() }] }), good: gwVs({ hosts: ['*.example.com'], tls: [{ match: [{ sniHosts: ['b.example.com'] }], route: route() }] }), reason: 'SNI host "b.example.com" is not a compatible subset' },
  // DestinationRule
  { name: 'empty trafficPolicy', bad: dr({ trafficPolicy: {} }), good: dr({ trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }), reason: 'traffic policy must have at least one field' },
  { name: 'MUTUAL without client certificate', bad: dr({ trafficPolicy: { tls: { mode: 'MUTUAL', caCertificates: '/ca.pem' } } }), good: dr({ trafficPolicy: { tls: { mode: 'MUTUAL', credentialName: 'client-cert' } } }), reason: 'client certificate required for mutual tls' },
  { name: 'ISTIO_MUTUAL with certificates', bad: dr({ trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL', caCertificates: '/ca.pem' } } }), good: dr({ trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }), reason: 'ISTIO_MUTUAL' },
  { name: 'duplicate subsets', bad: dr({ subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v1', labels: { version: 'v2' } }] }), good: dr({ subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] }), reason: 'duplicate subset names: v1' },
  { name: 'subset name invalid', bad: dr({ subsets: [{ name: 'Version_1', labels: { version: 'v1' } }] }), good: dr({ subsets: [{ name: 'version-1', labels: { version: 'v1' } }] }), reason: 'subset name is invalid: Version_1' },
  { name: 'subset label value invalid', bad: dr({ subsets: [{ name: 'v1', labels: { version: 'v 1' } }] }), good: dr({ subsets: [{ name: 'v1', labels: { version: 'v-1' } }] }), reason: 'invalid label value "v 1"' },
  { name: 'httpCookie without name', bad: dr({ trafficPolicy: { loadBalancer: { consistentHash: { httpCookie: { ttl: '10s' } } } } }), good: dr({ trafficPolicy: { loadBalancer: { consistentHash: { httpCookie: { name: 'user', ttl: '10s' } } } } }), reason: 'name required for HttpCookie' },
  { name: 'outlier percent over 100', bad: dr({ trafficPolicy: { outlierDetection: { maxEjectionPercent: 150 } } }), good: dr({ trafficPolicy: { outlierDetection: { maxEjectionPercent: 100 } } }), reason: 'maxEjectionPercent 150 must be in range [0, 100]' },
  { name: 'connection pool timeout below 1ms', bad: dr({ trafficPolicy: { connectionPool: { tcp: { connectTimeout: '0.5ms' } } } }), good: dr({ trafficPolicy: { connectionPool: { tcp: { connectTimeout: '30ms' }, http: { idleTimeout: '1h' } } } }), reason: 'connectionPool.tcp.connectTimeout: duration "0.5ms" must be greater than 1ms' },
  // Gateway
  { name: 'two credential sources', bad: gw([https443({ mode: 'SIMPLE', credentialName: 'a', credentialNames: ['a', 'b'] })]), good: gw([https443({ mode: 'SIMPLE', credentialNames: ['a', 'b'] })]), reason: 'only one of credentialName, credentialNames or tlsCertificates can be set' },
  { name: 'gateway without servers', bad: resource('Gateway', { selector: { istio: 'ingressgateway' } }), good: gw([http80]), reason: 'gateway must have at least one server' },
  { name: 'server without hosts', bad: gw([{ port: http80.port }]), good: gw([http80]), reason: 'server config must contain at least one host' },
  { name: 'server port without name', bad: gw([{ ...http80, port: { number: 80, protocol: 'HTTP' } }]), good: gw([http80]), reason: 'port name must be set' },
  { name: 'duplicate port names', bad: gw([http80, { ...http80, port: { number: 8080, name: 'http', protocol: 'HTTP' } }]), good: gw([http80, { ...http80, port: { number: 8080, name: 'http-alt', protocol: 'HTTP' } }]), reason: 'duplicate name http' },
  { name: 'unknown protocol', bad: gw([{ ...http80, port: { number: 80, name: 'http', protocol: 'HTTP3' } }]), good: gw([http80]), reason: 'invalid protocol "HTTP3"' },
  { name: 'HTTPS without tls', bad: gw([https443(undefined)]), good: gw([https443({ mode: 'SIMPLE', credentialName: 'a-cert' })]), reason: 'server must have TLS settings for HTTPS/TLS protocols' },
  { name: 'HTTP with tls settings', bad: gw([{ ...http80, tls: { mode: 'SIMPLE', credentialName: 'x' } }]), good: gw([{ ...http80, tls: { httpsRedirect: true } }]), reason: 'server cannot have TLS settings for plain text HTTP ports' },
  { name: 'SIMPLE without credential', bad: gw([https443({ mode: 'SIMPLE' })]), good: gw([https443({ mode: 'SIMPLE', serverCertificate: '/c.pem', privateKey: '/k.pem' })]), reason: 'SIMPLE TLS requires a server certificate' },
  { name: 'MUTUAL without CA', bad: gw([https443({ mode: 'MUTUAL', serverCertificate: '/c.pem', privateKey: '/k.pem' })]), good: gw([https443({ mode: 'MUTUAL', serverCertificate: '/c.pem', privateKey: '/k.pem', caCertificates: '/ca.pem' })]), reason: 'MUTUAL TLS requires a client CA bundle' },
  { name: 'ISTIO_MUTUAL with credential', bad: gw([https443({ mode: 'ISTIO_MUTUAL', credentialName: 'x' })]), good: gw([https443({ mode: 'ISTIO_MUTUAL' })]), reason: 'ISTIO_MUTUAL TLS cannot have' },
  { name: 'server host without dot', bad: gw([{ ...http80, hosts: ['frontend'] }]), good: gw([{ ...http80, hosts: ['frontend.example.com'] }]), reason: 'must be a fully qualified domain name or "*"' },
  { name: 'server host partial wildcard', bad: gw([{ ...http80, hosts: ['*foo.example.com'] }]), good: gw([{ ...http80, hosts: ['team-a/*.example.com'] }]), reason: 'a wildcard must be the whole first label' },
  { name: 'server host namespace invalid', bad: gw([{ ...http80, hosts: ['Team_A/a.example.com'] }]), good: gw([{ ...http80, hosts: ['./a.example.com'] }]), reason: 'invalid namespace value "Team_A"' },
  // exportTo
  { name: 'exportTo * with others', bad: vs([{ route: route() }], { exportTo: ['*', '.'] }), good: vs([{ route: route() }], { exportTo: ['*'] }), reason: 'cannot have both public (*) and non-public exportTo values' },
  { name: 'exportTo invalid namespace', bad: dr({ exportTo: ['Team_A'] }), good: dr({ exportTo: ['team-a', '.'] }), reason: 'only .,*, or a valid DNS 1123 label is allowed as exportTo entry' },
  { name: 'exportTo ~ on a VirtualService', bad: vs([{ route: route() }], { exportTo: ['~'] }), good: se({ exportTo: ['~'] }), reason: 'exportTo ~ (none) is not allowed for Istio configuration objects' },
  { name: 'exportTo . and own namespace', bad: dr({ exportTo: ['bookinfo', '.'] }), good: dr({ exportTo: ['.', 'other'] }), reason: 'duplicate entries in exportTo: . and current namespace bookinfo' },
];

describe('IST0106 schema validation', () => {
  it.each(CASES)('$name: reported', ({ bad, reason }) => {
    const found = withCode(findingsOf(bad), 'IST0106');
    expect(found.map((f) => f.message).join('\n')).toContain(reason);
    for (const f of found) {
      expect(f.severity).toBe('error');
      expect(f.message).toMatch(/^Schema validation error: .+ Fix: .+/);
    }
  });

  it.each(CASES)('$name: near miss accepted', ({ good }) => {
    expect(withCode(findingsOf(good), 'IST0106').map((f) => f.message)).toEqual([]);
  });

  it('names the resource as kind, namespace and name, with the source line', () => {
    const [f] = withCode(findingsOf(`${resource('Gateway', { selector: { istio: 'ingressgateway' } }, 'team-a', 'gw-a')}`), 'IST0106');
    expect(f).toMatchObject({ kind: 'Gateway', namespace: 'team-a', name: 'gw-a', source: { file: 'inline.yaml', line: 1 } });
  });
});
