/**
 * explain from Gateway API YAML (test/fixtures/explain-gateway-api/shop.yaml), through istiod's
 * translation (src/gateway-api) and the simulator: every request below is what a user of team
 * shop would ask, with the outcome Istio 1.30 gives it.
 */
import * as path from 'path';
import { parseFrom } from '../../src/cli/explain-command';
import { MeshModel } from '../../src/model';
import { Destination } from '../../src/routing/destination';
import { explain, ExplainRequest, formatExplanation } from '../../src/simulate';
import { sourceOf } from '../../src/testing/sources';

const SHOP = 'shop.example.com';
const WEB_V1 = 'web-v1.shop.svc.cluster.local';
const WEB_V2 = 'web-v2.shop.svc.cluster.local';
const GATEWAY = { gateway: 'shop/public' };
const FRONTEND = { namespace: 'shop', labels: { app: 'frontend' } };

function load(...extra: any[]): MeshModel {
  const file = path.join(__dirname, '../fixtures/explain-gateway-api/shop.yaml');
  if (extra.length === 0) return MeshModel.fromFiles([file]);
  const base = MeshModel.fromFiles([file]);
  return MeshModel.fromObjects([...base.resources.map((r) => r.object), ...extra]);
}

const model = load();
const ask = (request: Partial<ExplainRequest> & { path: string }) => explain(model, { from: GATEWAY, host: SHOP, ...request });

describe('Gateway shop/public (automated deployment public-istio)', () => {
  it.each([
    ['/', 'routed', [WEB_V1], 'HTTPRoute shop/site', 0],
    ['/products', 'routed', [WEB_V1], 'HTTPRoute shop/site', 0],
    // PathPrefix /api is path-separated: /apiary is not under it.
    ['/apiary', 'routed', [WEB_V1], 'HTTPRoute shop/site', 0],
    ['/api/orders', 'routed', [WEB_V1, WEB_V2], 'HTTPRoute shop/site', 1],
    ['/admin/users', 'routed', [WEB_V2], 'HTTPRoute shop/site', 5],
  ] as const)('%s → %s %j (%s rules[%d])', (p, outcome, hosts, route, ruleIndex) => {
    const result = ask({ path: p });
    expect(result.outcome).toBe(outcome);
    expect(result.destinations.map((d) => d.host)).toEqual(hosts);
    expect(result.hops[0]).toMatchObject({ at: 'Deployment shop/public-istio', gateway: 'shop/public', listener: 'http', route, ruleIndex });
  });

  it('ReplacePrefixMatch / strips /api; the weights are the backendRefs\' (90/10)', () => {
    const result = ask({ path: '/api/orders?page=2' });
    expect(result.destinations.map((d) => [d.host, d.share, d.path])).toEqual([[WEB_V1, 0.9, '/orders?page=2'], [WEB_V2, 0.1, '/orders?page=2']]);
    expect(ask({ path: '/api' }).destinations[0].path).toBe('/');
  });

  it('precedence across rules: the header match under the same prefix wins (sortHTTPRoutes: more headers first)', () => {
    const result = ask({ path: '/api/orders', headers: { 'x-beta': 'true' } });
    expect(result.destinations.map((d) => [d.host, d.share, d.path])).toEqual([[WEB_V2, 1, '/api/orders']]);
    expect(result.hops[0]).toMatchObject({ route: 'HTTPRoute shop/site', ruleIndex: 2 });
  });

  it('RequestRedirect ReplaceFullPath with the CRD\'s default statusCode 302', () => {
    expect(ask({ path: '/old' })).toMatchObject({ outcome: 'redirect', status: 302, location: `http://${SHOP}/new` });
  });

  it('RequestRedirect scheme https: no port (FROM_PROTOCOL_DEFAULT); the rule is named by its own name', () => {
    const result = ask({ path: '/login/form', host: `${SHOP}:80` });
    expect(result).toMatchObject({ outcome: 'redirect', status: 302, location: `https://${SHOP}/login/form` });
    expect(result.hops[0]).toMatchObject({ route: 'HTTPRoute shop/site', ruleIndex: 4, ruleName: 'secure' });
  });

  it('RequestHeaderModifier and timeouts.request', () => {
    const result = ask({ path: '/admin' });
    expect(result.hops[0]).toMatchObject({ timeout: '5s', requestHeaders: { set: { 'x-admin': 'yes' } } });
    expect(result.destinations[0].headers).toMatchObject({ 'x-admin': 'yes' });
  });

  it('a host no listener admits: 404 (no virtual host)', () => {
    expect(ask({ path: '/', host: 'other.example.com' })).toMatchObject({ outcome: 'no-virtual-host', status: 404 });
  });

  it('listener partners on 8080: a granted cross-namespace backend is routed', () => {
    const result = ask({ host: 'partners.example.com', port: 8080, path: '/ledger/entries' });
    expect(result.outcome).toBe('routed');
    expect(result.destinations.map((d) => [d.host, d.workloads])).toEqual([['ledger-v1.ledger.svc.cluster.local', ['ledger-v1']]]);
    expect(result.hops[0]).toMatchObject({ listener: 'partners', route: 'HTTPRoute shop/partners', ruleIndex: 0 });
  });

  it('a rule with two matches: the hop names the match that took the request (istiod splits the rule per match)', () => {
    const result = ask({ host: 'partners.example.com', port: 8080, path: '/balances' });
    expect(result.hops[0]).toMatchObject({ route: 'HTTPRoute shop/partners', ruleIndex: 2, matchIndex: 1 });
    expect(formatExplanation(result)).toContain('HTTPRoute shop/partners rules[2].matches[1]');
  });

  it('a cross-namespace backendRef no ReferenceGrant permits gets no traffic: 500', () => {
    const result = ask({ host: 'partners.example.com', port: 8080, path: '/audit' });
    expect(result).toMatchObject({ outcome: 'direct-response', status: 500, destinations: [] });
    expect(result.hops[0]).toMatchObject({ route: 'HTTPRoute shop/partners', ruleIndex: 1 });
  });

  it('the text trace names the Gateway API objects only', () => {
    const text = formatExplanation(ask({ path: '/api/x' }));
    expect(text).toContain('Gateway shop/public (gateway.networking.k8s.io) listener http HTTP:80 [shop.example.com]');
    expect(text).toContain('HTTPRoute shop/site rules[1]');
    expect(text).not.toMatch(/autogenerated/);
  });

  it('--from a Gateway API Gateway as text (gateway:ns/name)', () => {
    const result = explain(model, { from: parseFrom('gateway:shop/public'), host: SHOP, path: '/' });
    expect(result.hops[0].at).toBe('Deployment shop/public-istio');
  });
});

describe('mesh route (GAMMA): HTTPRoute shop/web with parentRef Service web', () => {
  it.each([
    [{}, [[WEB_V1, 0.75], [WEB_V2, 0.25]], 1],
    [{ 'x-version': 'v2' }, [[WEB_V2, 1]], 0],
  ] as const)('headers %j → %j', (headers, shares, ruleIndex) => {
    const result = explain(model, { from: FRONTEND, host: 'web', path: '/', headers });
    expect(result.outcome).toBe('routed');
    expect(result.destinations.map((d) => [d.host, d.share])).toEqual(shares);
    expect(result.hops[0]).toMatchObject({ proxy: 'sidecar', route: 'HTTPRoute shop/web', ruleIndex });
  });

  it('a consumer route in the caller\'s namespace overrides the producer\'s (MeshConsumerRoute; push_context.go consumer override)', () => {
    const result = explain(model, { from: { namespace: 'storefront', labels: { app: 'checkout' } }, host: 'web.shop.svc.cluster.local', path: '/' });
    expect(result.destinations.map((d) => [d.host, d.share])).toEqual([[WEB_V2, 1]]);
    expect(result.hops[0]).toMatchObject({ route: 'HTTPRoute storefront/web-for-storefront', ruleIndex: 0 });
  });

  it('the consumer route applies to its own namespace only (exportTo .)', () => {
    const result = explain(model, { from: FRONTEND, host: 'web', path: '/' });
    expect(result.hops[0]).toMatchObject({ route: 'HTTPRoute shop/web' });
  });

  it('the per-version Services are called directly without a route', () => {
    const result = explain(model, { from: FRONTEND, host: 'web-v2', path: '/' });
    expect(result.destinations.map((d) => [d.host, d.workloads])).toEqual([[WEB_V2, ['web-v2']]]);
  });
});

describe('authorization at the automated deployment and at the backends', () => {
  it('an AuthorizationPolicy with targetRefs to the Gateway applies at its pods (policyattachment.go ShouldAttachPolicy)', () => {
    const result = ask({ path: '/internal/metrics' });
    expect(result).toMatchObject({ outcome: 'denied', status: 403 });
    expect(result.denial).toMatchObject({ policy: 'AuthorizationPolicy shop/public-deny-internal', at: 'Deployment shop/public-istio' });
  });

  it('the same policy does not apply to the mesh workloads', () => {
    expect(explain(model, { from: FRONTEND, host: 'web', path: '/internal/metrics' }).outcome).toBe('routed');
  });

  it('the backend sees the gateway\'s identity cluster.local/ns/shop/sa/public-istio', () => {
    const allowGatewayOnly = {
      apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'web-from-gateway', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'web' } }, action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/public-istio'] } }] }] },
    };
    const strict = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'shop' }, spec: { mtls: { mode: 'STRICT' } } };
    const secured = load(allowGatewayOnly, strict);
    expect(explain(secured, { from: GATEWAY, host: SHOP, path: '/' }).outcome).toBe('routed');
    const fromFrontend = explain(secured, { from: FRONTEND, host: 'web', path: '/' });
    expect(fromFrontend.outcome).toBe('denied');
    expect(fromFrontend.denial?.at).toMatch(/^Deployment shop\/web-v/);
  });
});

describe('TLS listeners: HTTPS Terminate and TLS Passthrough (TLSRoute)', () => {
  const tls = MeshModel.fromFiles([path.join(__dirname, '../fixtures/explain-gateway-api/tls.yaml')]);

  it('HTTPS listener: TLS terminated with the certificateRefs, then the HTTPRoute', () => {
    const result = explain(tls, { from: { gateway: 'shop/edge' }, host: SHOP, scheme: 'https', path: '/' });
    expect(result.outcome).toBe('routed');
    expect(result.destinations.map((d) => d.host)).toEqual([WEB_V1]);
    expect(result.hops[0]).toMatchObject({ listener: 'https', route: 'HTTPRoute shop/site', ruleIndex: 0, tls: { action: 'terminated', mode: 'SIMPLE' } });
  });

  it('plaintext to the HTTPS listener fails the handshake', () => {
    const result = explain(tls, { from: { gateway: 'shop/edge' }, host: SHOP, port: 443, path: '/' });
    expect(result.outcome).toBe('reset');
  });

  it('TLS Passthrough: the TLSRoute routes the encrypted stream by SNI', () => {
    const result = explain(tls, { from: { gateway: 'shop/edge' }, host: 'db.example.com', port: 8443, scheme: 'https', path: '/' });
    expect(result.outcome).toBe('routed');
    expect(result.destinations.map((d) => [d.host, d.port, d.workloads])).toEqual([['db.shop.svc.cluster.local', 5432, ['db']]]);
    expect(result.hops[0]).toMatchObject({ listener: 'db', route: 'TLSRoute shop/db', tls: { action: 'passthrough' } });
    expect(result.hops[0].notes.join('\n')).toContain('TLS passthrough: TLSRoute shop/db matches SNI db.example.com');
  });

  it('an SNI no TLSRoute claims gets no filter chain: reset', () => {
    const result = explain(tls, { from: { gateway: 'shop/edge' }, host: 'other.example.com', port: 8443, scheme: 'https', path: '/' });
    expect(result.outcome).toBe('reset');
  });
});

describe('test sources on the Gateway API mapping', () => {
  it('svc.subset(v1) without DestinationRule subsets is the per-version Service web-v1\'s pods', () => {
    const source = sourceOf(model, Destination.host('web.shop.svc.cluster.local', { subset: 'v1' }));
    expect(source).toEqual({ namespace: 'shop', labels: { app: 'web', version: 'v1' } });
  });

  it('a version with neither a subset nor a Service is an error', () => {
    expect(() => sourceOf(model, Destination.host('web.shop.svc.cluster.local', { subset: 'v9' }))).toThrow(/nor a Service web-v9/);
  });
});
