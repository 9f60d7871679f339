/**
 * TLS originated towards an external host (ServiceEntry) by the DestinationRule the calling
 * proxy sees, as istiod builds the cluster's TLS (cluster_tls.go buildUpstreamClusterTLSContext,
 * constructUpstreamTLS; cluster_traffic_policy.go MergeSubsetTrafficPolicy for precedence).
 * The caller is `frontend` in namespace shop; api.example.com is declared on port 80 with
 * targetPort 443, the usual "HTTP to the sidecar, TLS to the world" set-up.
 */
import { Testing } from 'cdk8s';
import { MeshModel } from '../../src/model';
import { explain, formatExplanation } from '../../src/simulate';
import { buildEgressGateway } from '../../examples/egress-gateway/topology';
import { base, NS } from './topology';

const entry = {
  apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'api', namespace: NS },
  spec: { hosts: ['api.example.com'], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: 80, name: 'http', protocol: 'HTTP', targetPort: 443 }] },
};
const rule = (trafficPolicy: any, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'api', namespace: NS }, spec: { host: 'api.example.com', trafficPolicy, ...extra },
});
const atPort80 = (tls: any) => ({ portLevelSettings: [{ port: { number: 80 }, tls }] });

interface Case {
  readonly name: string;
  readonly rule?: any;
  /** The destination's `tls`, or undefined for none. */
  readonly tls?: Record<string, unknown>;
  readonly note?: string;
}

const cases: Case[] = [
  { name: 'port-level SIMPLE: TLS to the targetPort, SNI from the Host, system CA',
    rule: rule(atPort80({ mode: 'SIMPLE' })),
    tls: { action: 'originated', mode: 'SIMPLE', to: 'api.example.com:443', sni: 'api.example.com', caCertificates: 'system', source: 'DestinationRule shop/api port 80' },
    note: 'names no caCertificates: the proxy verifies api.example.com against the system CA bundle' },
  { name: 'sni and caCertificates as written',
    rule: rule({ tls: { mode: 'SIMPLE', sni: 'edge.example.com', caCertificates: '/etc/certs/ca.pem' } }),
    tls: { sni: 'edge.example.com', caCertificates: '/etc/certs/ca.pem', source: 'DestinationRule shop/api' } },
  { name: 'insecureSkipVerify is said',
    rule: rule(atPort80({ mode: 'SIMPLE', insecureSkipVerify: true })),
    tls: { caCertificates: 'none (insecureSkipVerify)' }, note: 'the server certificate of api.example.com is not verified' },
  { name: 'a port-level entry replaces the policy: without tls there, no TLS on port 80',
    rule: rule({ tls: { mode: 'SIMPLE' }, portLevelSettings: [{ port: { number: 80 }, connectionPool: { tcp: { maxConnections: 10 } } }] }) },
  { name: 'near miss: port-level TLS for another port',
    rule: rule({ portLevelSettings: [{ port: { number: 8443 }, tls: { mode: 'SIMPLE' } }] }) },
  { name: 'credentialName on a sidecar without workloadSelector: istiod sends no TLS, plaintext',
    rule: rule(atPort80({ mode: 'SIMPLE', credentialName: 'api-ca' })), note: 'this sidecar gets no TLS settings and sends plaintext to api.example.com:443' },
  { name: 'credentialName with a workloadSelector is honoured',
    rule: rule(atPort80({ mode: 'SIMPLE', credentialName: 'api-ca' }), { workloadSelector: { matchLabels: { app: 'frontend' } } }),
    tls: { mode: 'SIMPLE', caCertificates: 'from api-ca' } },
  { name: 'MUTUAL without certificate or credentialName: istiod drops the TLS settings',
    rule: rule(atPort80({ mode: 'MUTUAL' })), note: 'istiod rejects the TLS settings' },
  { name: 'MUTUAL with a client certificate',
    rule: rule(atPort80({ mode: 'MUTUAL', clientCertificate: '/etc/c.pem', privateKey: '/etc/k.pem', caCertificates: '/etc/ca.pem' })), tls: { mode: 'MUTUAL', to: 'api.example.com:443' } },
  { name: 'no DestinationRule: no TLS origination' },
];

describe('TLS origination towards a ServiceEntry host', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const model = MeshModel.fromObjects([...base(), entry, ...(c.rule ? [c.rule] : [])]);
    const result = explain(model, { from: { namespace: NS, labels: { app: 'frontend' } }, host: 'api.example.com', path: '/v1' });
    try {
      expect(result.outcome).toBe('routed');
      const d = result.destinations[0];
      if (c.tls) expect(d.tls).toMatchObject(c.tls);
      else expect(d.tls).toBeUndefined();
      if (c.note) expect(d.notes.join('\n')).toContain(c.note);
    } catch (error) {
      (error as Error).message += `\n\ntrace:\n${formatExplanation(result)}`;
      throw error;
    }
  });

  test('the text trace says where TLS goes', () => {
    const model = MeshModel.fromObjects([...base(), entry, rule(atPort80({ mode: 'SIMPLE' }))]);
    const text = formatExplanation(explain(model, { from: { namespace: NS, labels: { app: 'frontend' } }, host: 'api.example.com', path: '/' }));
    expect(text).toContain('TLS originated to api.example.com:443 (SNI api.example.com, CA system) by DestinationRule shop/api port 80');
  });
});

test('examples/egress-gateway: the egress gateway originates TLS to httpbin.org (credentialName works at gateways)', () => {
  const app = Testing.app();
  buildEgressGateway(app);
  const objects = [...MeshModel.fromApp(app).resources.map((r) => r.object), {
    apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'httpbin-tls', namespace: 'echo' },
    spec: { host: 'httpbin.org', trafficPolicy: { portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'SIMPLE', credentialName: 'httpbin-ca', sni: 'httpbin.org' } }] } },
  }];
  const result = explain(MeshModel.fromObjects(objects), { from: { namespace: 'echo', labels: { app: 'echo', version: 'v1' } }, host: 'httpbin.org', path: '/headers' });
  expect(result.outcome).toBe('routed');
  expect(result.hops[1].tls).toMatchObject({ action: 'terminated', mode: 'ISTIO_MUTUAL', sni: 'httpbin.org' });
  expect(result.destinations[0].tls).toEqual({
    action: 'originated', mode: 'SIMPLE', sni: 'httpbin.org', to: 'httpbin.org:80', caCertificates: 'from httpbin-ca', source: 'DestinationRule echo/httpbin-tls port 80',
  });
});

test('mTLS reads the same precedence: a port-level entry without tls drops the policy-wide DISABLE (auto mTLS again, STRICT admits it)', () => {
  const strict = { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: NS }, spec: { mtls: { mode: 'STRICT' } } };
  const webRule = (portLevel: boolean) => ({
    apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'web', namespace: NS },
    spec: {
      host: 'web', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
      trafficPolicy: { tls: { mode: 'DISABLE' }, ...(portLevel ? { portLevelSettings: [{ port: { number: 80 }, connectionPool: { tcp: { maxConnections: 5 } } }] } : {}) },
    },
  });
  const run = (portLevel: boolean) => explain(MeshModel.fromObjects([...base().filter((o) => o.kind !== 'DestinationRule'), strict, webRule(portLevel)]),
    { from: { namespace: NS, labels: { app: 'frontend' } }, host: 'web', path: '/' }).outcome;
  // DISABLE for the whole host: plaintext to a STRICT workload is reset.
  expect(run(false)).toBe('reset');
  // The port-80 entry replaces the policy without tls: auto mTLS again.
  expect(run(true)).toBe('routed');
});
