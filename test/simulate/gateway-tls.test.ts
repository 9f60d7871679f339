/**
 * `scheme: 'https'` at a gateway: which filter chain takes the connection, as istiod builds them
 * (model/gateway.go mergeGateways, gateway.go createGatewayHTTPFilterChainOpts,
 * buildGatewayNetworkFiltersFromTLSRoutes) and Envoy picks them (exact server name, then the
 * longest wildcard, then a chain without names; none → connection closed). Requests enter at
 * the default ingress gateway pods through Gateway shop/<name>.
 */
import { Testing } from 'cdk8s';
import { MeshModel } from '../../src/model';
import { explain, Explanation, ExplainRequest, formatExplanation, Outcome } from '../../src/simulate';
import { buildEgressGateway } from '../../examples/egress-gateway/topology';
import { base, NS, vs, web } from './topology';

const server = (port: number, protocol: string, hosts: string[], tls?: Record<string, unknown>, name = `${protocol.toLowerCase()}-${port}`) =>
  ({ port: { number: port, name, protocol }, hosts, ...(tls ? { tls } : {}) });
const gatewayOf = (name: string, servers: any[]) => ({
  apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name, namespace: NS }, spec: { selector: { istio: 'ingressgateway' }, servers },
});
const routeTo = (gateway: string, hosts: string[], subset: 'v1' | 'v2' = 'v1') => vs(`${gateway}-routes`, { hosts, gateways: [gateway], http: [{ route: [web(subset)] }] });
const SIMPLE = { mode: 'SIMPLE', credentialName: 'cert' };

interface Want {
  readonly outcome: Outcome;
  readonly status?: number;
  readonly subset?: string;
  readonly host?: string;
  /** Text the trace's notes (or the denial) contain. */
  readonly says?: string;
  readonly tls?: Record<string, unknown>;
  readonly location?: string;
}

interface Case {
  readonly name: string;
  readonly objects: readonly any[];
  readonly request: Partial<ExplainRequest>;
  readonly want: Want;
}

const secure = gatewayOf('secure', [server(443, 'HTTPS', ['a.example.com'], SIMPLE)]);

const cases: Case[] = [
  { name: 'SIMPLE termination: HTTP routing on the server\'s own virtual hosts',
    objects: [secure, routeTo('secure', ['a.example.com'])],
    request: { host: 'a.example.com', scheme: 'https' },
    want: { outcome: 'routed', subset: 'v1', tls: { action: 'terminated', mode: 'SIMPLE', sni: 'a.example.com' } } },
  { name: 'plain HTTP to an HTTPS-only port: no filter chain matches, the connection is closed',
    objects: [secure, routeTo('secure', ['a.example.com'])],
    request: { host: 'a.example.com', port: 443, scheme: 'http' },
    want: { outcome: 'reset', says: 'no filter chain matches a plaintext connection' } },
  { name: 'plain HTTP to a server for "*": the chain without names takes it and its handshake fails',
    objects: [gatewayOf('secure', [server(443, 'HTTPS', ['*'], SIMPLE)]), routeTo('secure', ['a.example.com'])],
    request: { host: 'a.example.com', port: 443 }, want: { outcome: 'reset', says: 'whose TLS handshake fails' } },
  { name: 'MUTUAL without a client certificate: the handshake fails',
    objects: [gatewayOf('secure', [server(443, 'HTTPS', ['a.example.com'], { mode: 'MUTUAL', credentialName: 'cert' })]), routeTo('secure', ['a.example.com'])],
    request: { host: 'a.example.com', scheme: 'https' }, want: { outcome: 'reset', says: 'tls MUTUAL and the client presents no certificate' } },
  { name: 'MUTUAL with a client certificate is routed',
    objects: [gatewayOf('secure', [server(443, 'HTTPS', ['a.example.com'], { mode: 'MUTUAL', credentialName: 'cert' })]), routeTo('secure', ['a.example.com'])],
    request: { host: 'a.example.com', scheme: 'https', clientCertificate: true }, want: { outcome: 'routed', subset: 'v1', tls: { mode: 'MUTUAL' } } },
  { name: 'exact server name beats a wildcard one on the same port',
    objects: [gatewayOf('secure', [server(443, 'HTTPS', ['*.example.com'], SIMPLE, 'https-wild')]), gatewayOf('secure-b', [server(443, 'HTTPS', ['b.example.com'], SIMPLE, 'https-b')]),
      vs('wild', { hosts: ['*.example.com'], gateways: ['secure'], http: [{ route: [web('v1')] }] }),
      vs('b', { hosts: ['b.example.com'], gateways: ['secure-b'], http: [{ route: [web('v2')] }] })],
    request: { host: 'b.example.com', scheme: 'https' }, want: { outcome: 'routed', subset: 'v2' } },
  { name: 'near miss: another name under the wildcard takes the wildcard server',
    objects: [gatewayOf('secure', [server(443, 'HTTPS', ['*.example.com'], SIMPLE, 'https-wild')]), gatewayOf('secure-b', [server(443, 'HTTPS', ['b.example.com'], SIMPLE, 'https-b')]),
      vs('wild', { hosts: ['*.example.com'], gateways: ['secure'], http: [{ route: [web('v1')] }] }),
      vs('b', { hosts: ['b.example.com'], gateways: ['secure-b'], http: [{ route: [web('v2')] }] })],
    request: { host: 'c.example.com', scheme: 'https' }, want: { outcome: 'routed', subset: 'v1' } },
  { name: 'no server name matches and no chain without names: reset',
    objects: [secure, routeTo('secure', ['a.example.com'])],
    request: { host: 'other.org', scheme: 'https' }, want: { outcome: 'reset', says: 'no filter chain on port 443 matches SNI other.org' } },
  { name: 'no server name matches: the server for "*" (no names) takes it',
    objects: [gatewayOf('secure', [server(443, 'HTTPS', ['a.example.com'], SIMPLE, 'https-a'), server(443, 'HTTPS', ['*'], SIMPLE, 'https-any')]),
      vs('any', { hosts: ['*'], gateways: ['secure'], http: [{ route: [web('v2')] }] })],
    request: { host: 'other.org', scheme: 'https' }, want: { outcome: 'routed', subset: 'v2' } },
  { name: 'PASSTHROUGH: the tls route matching the SNI decides, no HTTP matching',
    objects: [gatewayOf('secure', [server(443, 'TLS', ['a.example.com'], { mode: 'PASSTHROUGH' })]),
      vs('pass', { hosts: ['a.example.com'], gateways: ['secure'], http: [{ route: [web('v2')] }],
        tls: [{ match: [{ sniHosts: ['a.example.com'] }], route: [{ destination: { host: 'web', subset: 'v1', port: { number: 443 } } }] }] })],
    request: { host: 'a.example.com', scheme: 'https', path: '/anything' },
    want: { outcome: 'routed', subset: 'v1', tls: { action: 'passthrough', sni: 'a.example.com' }, says: 'TLS passthrough' } },
  { name: 'PASSTHROUGH: an SNI no tls match names is closed',
    objects: [gatewayOf('secure', [server(443, 'TLS', ['*.example.com'], { mode: 'PASSTHROUGH' })]),
      vs('pass', { hosts: ['*.example.com'], gateways: ['secure'], tls: [{ match: [{ sniHosts: ['a.example.com'] }], route: [{ destination: { host: 'web', subset: 'v1' } }] }] })],
    request: { host: 'b.example.com', scheme: 'https' }, want: { outcome: 'reset', says: 'matches SNI b.example.com' } },
  { name: 'a server with no tls.mode is PASSTHROUGH (Istio\'s default)',
    objects: [gatewayOf('secure', [server(443, 'HTTPS', ['a.example.com'], { credentialName: 'cert' })]), routeTo('secure', ['a.example.com'])],
    request: { host: 'a.example.com', scheme: 'https' }, want: { outcome: 'reset', says: 'no filter chain on port 443 matches SNI a.example.com' } },
  { name: 'httpsRedirect: 301 to https, the :80 dropped',
    objects: [gatewayOf('secure', [server(80, 'HTTP', ['a.example.com'], { httpsRedirect: true })]), routeTo('secure', ['a.example.com'])],
    request: { host: 'a.example.com:80', path: '/x?y=1' }, want: { outcome: 'redirect', status: 301, location: 'https://a.example.com/x?y=1' } },
  { name: 'httpsRedirect keeps another port',
    objects: [gatewayOf('secure', [server(8080, 'HTTP', ['a.example.com'], { httpsRedirect: true })])],
    request: { host: 'a.example.com:8080', port: 8080 }, want: { outcome: 'redirect', status: 301, location: 'https://a.example.com:8080/' } },
  { name: 'httpsRedirect on a terminating server does not redirect what arrived over TLS',
    objects: [gatewayOf('secure', [server(443, 'HTTPS', ['a.example.com'], { ...SIMPLE, httpsRedirect: true })]), routeTo('secure', ['a.example.com'])],
    request: { host: 'a.example.com', scheme: 'https' }, want: { outcome: 'routed', subset: 'v1' } },
  { name: 'TLS to a plaintext HTTP port: the handshake fails',
    objects: [gatewayOf('secure', [server(80, 'HTTP', ['a.example.com'])]), routeTo('secure', ['a.example.com'])],
    request: { host: 'a.example.com', port: 80, scheme: 'https' }, want: { outcome: 'reset', says: 'serves plaintext HTTP' } },
  { name: 'the first server decides the port: an HTTPS server after an HTTP one is skipped',
    objects: [gatewayOf('secure', [server(8443, 'HTTP', ['a.example.com']), server(8443, 'HTTPS', ['b.example.com'], SIMPLE)]), routeTo('secure', ['a.example.com', 'b.example.com'])],
    request: { host: 'b.example.com', port: 8443, scheme: 'https' }, want: { outcome: 'reset', says: 'skipped by istiod: the port is plaintext' } },
];

function check(result: Explanation, want: Want): void {
  expect(result.outcome).toBe(want.outcome);
  if (want.status !== undefined) expect(result.status).toBe(want.status);
  if (want.outcome === 'reset') {
    // A client outside the mesh sees the connection closed: no HTTP status.
    expect(result.status).toBeUndefined();
    expect(result.denial?.at).toBe('Deployment istio-system/istio-ingressgateway');
  }
  if (want.subset) expect(result.destinations.map((d) => d.subset)).toEqual([want.subset]);
  if (want.says) expect([...result.hops.flatMap((h) => h.notes), result.denial?.reason ?? ''].join('\n')).toContain(want.says);
  if (want.tls) expect(result.hops[0].tls).toMatchObject(want.tls);
  if (want.location) expect(result.location).toBe(want.location);
}

describe('gateway TLS: filter chain by SNI', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const model = MeshModel.fromObjects([...base(), ...c.objects]);
    const result = explain(model, { from: { gateway: 'shop/secure' }, host: 'a.example.com', path: '/', ...c.request } as ExplainRequest);
    try {
      check(result, c.want);
    } catch (error) {
      (error as Error).message += `\n\ntrace:\n${formatExplanation(result)}`;
      throw error;
    }
  });
});

describe('sidecar → egress gateway over ISTIO_MUTUAL (examples/egress-gateway)', () => {
  const from = { namespace: 'echo', labels: { app: 'echo', version: 'v1' } };

  test('the DestinationRule subset sends SNI httpbin.org: the gateway terminates Istio mTLS on its https-443 server', () => {
    const app = Testing.app();
    buildEgressGateway(app);
    const result = explain(MeshModel.fromApp(app), { from, host: 'httpbin.org', path: '/headers' });
    expect(result.outcome).toBe('routed');
    expect(result.hops[1].tls).toEqual({
      action: 'terminated', mode: 'ISTIO_MUTUAL', sni: 'httpbin.org', source: 'Gateway echo/egress https-443 HTTPS:443 [./httpbin.org]',
      client: 'DestinationRule echo/egress-mtls subset httpbin-org port 443 ISTIO_MUTUAL (SNI httpbin.org)',
    });
  });

  test('near miss: without the sni the cluster SNI matches no server name, and the sidecar answers 503', () => {
    const app = Testing.app();
    buildEgressGateway(app);
    const objects = MeshModel.fromApp(app).resources.map((r) => r.object);
    const withoutSni = objects.map((o: any) => (o.kind === 'DestinationRule' && o.metadata.name === 'egress-mtls'
      ? { ...o, spec: { ...o.spec, subsets: o.spec.subsets.map((s: any) => ({ ...s, trafficPolicy: { portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'ISTIO_MUTUAL' } }] } })) } }
      : o));
    const result = explain(MeshModel.fromObjects(withoutSni), { from, host: 'httpbin.org', path: '/headers' });
    expect(result).toMatchObject({ outcome: 'reset', status: 503 });
    expect(result.denial?.reason).toContain('no filter chain on port 443 matches SNI outbound_.443_.httpbin-org_.egress.echo.svc.cluster.local');
  });
});

test("the egress gateway's connection.sni condition sees the DestinationRule's sni (httpbin.org), not the cluster SNI", () => {
  const app = Testing.app();
  buildEgressGateway(app);
  const objects = MeshModel.fromApp(app).resources.map((r) => r.object).map((o: any) => (o.kind === 'AuthorizationPolicy' && o.metadata.name === 'egress'
    ? { ...o, spec: { ...o.spec, rules: [{ when: [{ key: 'connection.sni', values: ['httpbin.org'] }] }] } } : o));
  const from = { namespace: 'echo', labels: { app: 'echo', version: 'v1' } };
  expect(explain(MeshModel.fromObjects(objects), { from, host: 'httpbin.org', path: '/' }).outcome).toBe('routed');
  const other = objects.map((o: any) => (o.kind === 'AuthorizationPolicy' && o.metadata.name === 'egress'
    ? { ...o, spec: { ...o.spec, rules: [{ when: [{ key: 'connection.sni', values: ['outbound_.443_.httpbin-org_.egress.echo.svc.cluster.local'] }] }] } } : o));
  expect(explain(MeshModel.fromObjects(other), { from, host: 'httpbin.org', path: '/' }).outcome).toBe('denied');
});
