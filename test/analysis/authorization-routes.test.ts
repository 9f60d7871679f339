/**
 * CIT130 RouteRefusedByAuthorization: a declared route whose destination refuses every request
 * from the route's callers. Table in Istio's analyzer-test shape: `{ name, in, valid }`; each
 * rule has a positive case and a near miss. The judgement follows istiod's RBAC translation
 * (model.go New, builder.go build) on the caller's identity alone.
 *
 * Base: ledger and Gateway ledger/public of test/simulate/ledger-topology (the gateway's principal is
 * cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account).
 */
import { BATCH_JOB, egressGateway, LEDGER, LEDGER_GATEWAY } from '../simulate/ledger-topology';
import { findingsOf, withCode } from './helpers';

const INGRESS = 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';

const BASE = LEDGER + LEDGER_GATEWAY;

const policy = (name: string, namespace: string, spec: string) => `
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${spec}
`;
const ALLOW_NOTHING = policy('allow-nothing', 'ledger', '{}');
const allowLedgerFrom = (source: string, extra = '') => policy('ledger', 'ledger', `{ selector: { matchLabels: { app: ledger } }, rules: [ { from: [ { source: ${source} } ]${extra} } ] }`);

/** A second namespace `payments` whose `batch-job` workload calls ledger through a mesh VirtualService. */
const PAYMENTS = `${BATCH_JOB}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ledger, namespace: payments }
spec:
  hosts: [ ledger.ledger.svc.cluster.local ]
  http: [ { timeout: 5s, route: [ { destination: { host: ledger.ledger.svc.cluster.local } } ] } ]
`;

/** An egress gateway in `ledger` that payments' mesh route for httpbin.org sends to; its policy admits `ns`. */
const egressAdmitting = (ns: string) => `${BATCH_JOB}${egressGateway('ledger', ns)}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: httpbin, namespace: payments }
spec:
  hosts: [ httpbin.org ]
  http: [ { route: [ { destination: { host: egress.ledger.svc.cluster.local, port: { number: 80 } } } ] } ]
`;

interface Case {
  readonly name: string;
  readonly in: string;
  readonly valid: boolean;
}

/** ledger's workloads require mutual TLS. */
const STRICT_LEDGER = `
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default, namespace: ledger }
spec: { mtls: { mode: STRICT } }
`;

const CASES: Case[] = [
  { name: 'gateway route, destination admits the gateway principal', in: ALLOW_NOTHING + allowLedgerFrom(`{ principals: [ ${INGRESS} ] }`), valid: true },
  { name: 'gateway route, destination admits another principal only', in: ALLOW_NOTHING + allowLedgerFrom('{ principals: [ cluster.local/ns/ledger/sa/admin ] }'), valid: false },
  { name: 'gateway route, allow-nothing and no ALLOW for the workload', in: ALLOW_NOTHING, valid: false },
  { name: 'gateway route, no policy at all', in: policy('other', 'elsewhere', '{}'), valid: true },
  // An ALLOW rule that depends on the request (paths) may admit some requests: not "never".
  { name: 'gateway route, ALLOW limited to some paths', in: ALLOW_NOTHING + policy('ledger', 'ledger', '{ selector: { matchLabels: { app: ledger } }, rules: [ { to: [ { operation: { paths: [ "/api/*" ] } } ] } ] }'), valid: true },
  { name: 'gateway route, ALLOW by namespace of the gateway', in: ALLOW_NOTHING + allowLedgerFrom('{ namespaces: [ istio-system ] }'), valid: true },
  { name: 'gateway route, ALLOW by another namespace', in: ALLOW_NOTHING + allowLedgerFrom('{ namespaces: [ payments ] }'), valid: false },
  { name: 'gateway route, DENY for the gateway principal whatever the request', in: policy('deny-edge', 'ledger', `{ action: DENY, rules: [ { from: [ { source: { principals: [ ${INGRESS} ] } } ] } ] }`), valid: false },
  { name: 'gateway route, DENY for the gateway principal on some paths only', in: policy('deny-edge', 'ledger', `{ action: DENY, rules: [ { from: [ { source: { principals: [ ${INGRESS} ] } } ], to: [ { operation: { paths: [ "/admin*" ] } } ] } ] }`), valid: true },
  { name: 'gateway route, root-namespace DENY for every peer', in: policy('deny-all', 'istio-system', '{ action: DENY, rules: [ {} ] }'), valid: false },
  { name: 'gateway route, dry-run DENY is ignored', in: `${policy('deny-all', 'istio-system', '{ action: DENY, rules: [ {} ] }').replace('namespace: istio-system }', 'namespace: istio-system, annotations: { "istio.io/dry-run": "true" } }')}`, valid: true },
  { name: 'mesh route from its namespace, destination admits that namespace (and the gateway)', in: PAYMENTS + ALLOW_NOTHING + allowLedgerFrom('{ namespaces: [ payments, istio-system ] }'), valid: true },
  { name: 'mesh route from its namespace, destination admits only the gateway', in: PAYMENTS + ALLOW_NOTHING + allowLedgerFrom(`{ principals: [ ${INGRESS} ] }`), valid: false },
  { name: 'egress-gateway hop: the gateway admits the route namespace', in: egressAdmitting('payments'), valid: true },
  { name: 'egress-gateway hop: the gateway admits another namespace only', in: egressAdmitting('ledger'), valid: false },
  {
    name: 'mesh route, STRICT destination and the caller namespace sends plaintext (reset)',
    in: `${PAYMENTS}${STRICT_LEDGER}---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ledger, namespace: payments }
spec: { host: ledger.ledger.svc.cluster.local, trafficPolicy: { tls: { mode: DISABLE } } }
`,
    valid: false,
  },
  {
    name: 'mesh route, STRICT destination and auto mTLS',
    in: `${PAYMENTS}${STRICT_LEDGER}`,
    valid: true,
  },
];

describe('CIT130 RouteRefusedByAuthorization', () => {
  test.each(CASES)('$name → valid: $valid', (c) => {
    const found = withCode(findingsOf(BASE + c.in), 'CIT130');
    expect(found.length === 0).toBe(c.valid);
    for (const f of found) expect(f.severity).toBe('error');
  });

  test('the message names the route, the caller, the refusing workload and the policy; the fix names the principal', () => {
    const [f] = withCode(findingsOf(BASE + ALLOW_NOTHING + allowLedgerFrom('{ principals: [ cluster.local/ns/ledger/sa/admin ] }')), 'CIT130');
    expect(f).toMatchObject({ kind: 'VirtualService', namespace: 'ledger', name: 'public' });
    expect(f.message).toContain('http[0].route[0] can never succeed: Gateway ledger/public (pods Deployment istio-system/istio-ingressgateway');
    expect(f.message).toContain('refused by Deployment ledger/ledger (no ALLOW policy matched)');
    expect(f.message).toContain(`Fix: admit "${INGRESS}"`);
  });
});
