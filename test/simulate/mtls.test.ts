/**
 * A peer identity exists only over Istio mutual TLS. Whether a hop is mTLS follows the caller's
 * DestinationRule (or auto mTLS) and the destination's PeerAuthentication; a plaintext caller to
 * a STRICT workload is reset, and principal or namespace rules never match a plaintext hop.
 * Base: ledger and the batch-job caller of ./ledger-topology.
 */
import { MeshModel, parseManifests } from '../../src/model';
import { explain, Explanation, ExplainRequest } from '../../src/simulate';
import { BATCH_JOB, LEDGER } from './ledger-topology';

const BASE = LEDGER + BATCH_JOB;

const BATCH: ExplainRequest = { from: { namespace: 'payments', labels: { app: 'batch-job' } }, host: 'ledger.ledger', path: '/' };

const peerAuth = (name: string, namespace: string, spec: string) => `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${spec}
`;
const STRICT_LEDGER = peerAuth('default', 'ledger', '{ mtls: { mode: STRICT } }');
const destinationRule = (namespace: string, trafficPolicy: string) => `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ledger, namespace: ${namespace} }
spec: { host: ledger.ledger.svc.cluster.local, trafficPolicy: ${trafficPolicy} }
`;
const ALLOW_PAYMENTS = `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: from-payments, namespace: ledger }
spec: { rules: [ { from: [ { source: { namespaces: [ payments ] } } ] } ] }
`;

function run(extra: string, request: ExplainRequest = BATCH): Explanation {
  return explain(MeshModel.fromLoaded(parseManifests(BASE + extra, 'inline.yaml')), request);
}

describe('server side: PeerAuthentication (authn/policy_applier.go ComposePeerAuthentication)', () => {
  const plaintextCaller = destinationRule('payments', '{ tls: { mode: DISABLE } }');

  test('a plaintext caller to a STRICT workload is reset; the calling proxy answers 503', () => {
    const result = run(STRICT_LEDGER + plaintextCaller);
    expect(result.outcome).toBe('reset');
    expect(result.status).toBe(503);
    expect(result.denial).toMatchObject({ policy: 'PeerAuthentication ledger/default', at: 'Deployment ledger/ledger' });
    expect(result.denial!.reason).toContain('DestinationRule payments/ledger sets tls DISABLE');
  });

  test('without any PeerAuthentication the workload is PERMISSIVE: plaintext passes', () => {
    expect(run(plaintextCaller).outcome).toBe('routed');
  });

  test('a root-namespace PeerAuthentication applies mesh-wide', () => {
    expect(run(peerAuth('default', 'istio-system', '{ mtls: { mode: STRICT } }') + plaintextCaller).outcome).toBe('reset');
  });

  test("the namespace's policy overrides the mesh's", () => {
    const mesh = peerAuth('default', 'istio-system', '{ mtls: { mode: STRICT } }');
    expect(run(mesh + peerAuth('default', 'ledger', '{ mtls: { mode: PERMISSIVE } }') + plaintextCaller).outcome).toBe('routed');
  });

  test('a workload-selector policy overrides the namespace, and UNSET inherits from it', () => {
    const workload = (mode: string) => peerAuth('ledger', 'ledger', `{ selector: { matchLabels: { app: ledger } }, mtls: { mode: ${mode} } }`);
    expect(run(STRICT_LEDGER + workload('PERMISSIVE') + plaintextCaller).outcome).toBe('routed');
    expect(run(STRICT_LEDGER + workload('UNSET') + plaintextCaller).outcome).toBe('reset');
  });

  test('portLevelMtls applies to the target port of the workload', () => {
    const portLevel = (port: number) => peerAuth('ledger', 'ledger', `{ selector: { matchLabels: { app: ledger } }, portLevelMtls: { "${port}": { mode: PERMISSIVE } } }`);
    expect(run(STRICT_LEDGER + portLevel(8080) + plaintextCaller).outcome).toBe('routed');
    expect(run(STRICT_LEDGER + portLevel(80) + plaintextCaller).outcome).toBe('reset');
  });
});

describe('client side: DestinationRule tls and auto mTLS (cluster_builder buildAutoMtlsSettings)', () => {
  test('auto mTLS: without a DestinationRule the sidecar sends Istio mTLS, so namespace rules match', () => {
    expect(run(STRICT_LEDGER + ALLOW_PAYMENTS).outcome).toBe('routed');
  });

  test('a plaintext hop carries no identity: namespace rules cannot match (PERMISSIVE server)', () => {
    const result = run(ALLOW_PAYMENTS + destinationRule('payments', '{ tls: { mode: DISABLE } }'));
    expect(result.outcome).toBe('denied');
    expect(result.destinations[0].notes.join('\n')).toContain('no peer identity');
  });

  test('SIMPLE TLS is not the mesh identity: reset by a STRICT workload', () => {
    expect(run(STRICT_LEDGER + destinationRule('payments', '{ tls: { mode: SIMPLE } }')).outcome).toBe('reset');
  });

  test('portLevelSettings choose the tls mode for their Service port', () => {
    const perPort = (port: number) => destinationRule('payments', `{ tls: { mode: ISTIO_MUTUAL }, portLevelSettings: [ { port: { number: ${port} }, tls: { mode: DISABLE } } ] }`);
    expect(run(STRICT_LEDGER + perPort(80)).outcome).toBe('reset');
    expect(run(STRICT_LEDGER + perPort(9090)).outcome).toBe('routed');
  });

  test("auto mTLS sends plaintext to a workload whose PeerAuthentication is DISABLE", () => {
    const result = run(peerAuth('default', 'ledger', '{ mtls: { mode: DISABLE } }') + ALLOW_PAYMENTS);
    expect(result.outcome).toBe('denied');
  });

  test('pods without a proxy enforce nothing', () => {
    const noProxy = BASE.replace('metadata: { labels: { app: ledger } }', "metadata: { labels: { app: ledger, sidecar.istio.io/inject: 'false' } }");
    const model = MeshModel.fromLoaded(parseManifests(noProxy + STRICT_LEDGER + ALLOW_PAYMENTS + destinationRule('payments', '{ tls: { mode: DISABLE } }'), 'inline.yaml'));
    expect(explain(model, BATCH).outcome).toBe('routed');
  });
});
