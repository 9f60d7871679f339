/**
 * explain evaluates AuthorizationPolicy at the proxy that receives each hop, the way istiod
 * builds Envoy's RBAC filters (pilot/pkg/security/authz/builder + model). Every case states one
 * behaviour and names the istiod function it follows.
 *
 * Base topology: ./ledger-topology (ledger, callers batch-job and api in payments, Gateway
 * ledger/public on the default ingress gateway, ServiceAccount
 * istio-ingressgateway-service-account). No PeerAuthentication: PERMISSIVE, and auto mTLS gives
 * every sidecar-to-sidecar hop its identity.
 */
import { MeshEnvironment, MeshModel, parseManifests } from '../../src/model';
import { explain, Explanation, ExplainRequest, formatExplanation } from '../../src/simulate';
import { API, BATCH_JOB, LEDGER, LEDGER_GATEWAY } from './ledger-topology';

const BASE = LEDGER + BATCH_JOB + API + LEDGER_GATEWAY;

const BATCH: ExplainRequest = { from: { namespace: 'payments', labels: { app: 'batch-job' } }, host: 'ledger.ledger', path: '/' };
const API_CALLER: ExplainRequest = { ...BATCH, from: { namespace: 'payments', labels: { app: 'api' } } };
const FROM_GATEWAY: ExplainRequest = { from: { gateway: 'ledger/public' }, host: 'ledger.example.com', path: '/' };

function policy(name: string, spec: string, namespace = 'ledger', annotations = ''): string {
  return `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: ${namespace}${annotations ? `, annotations: { ${annotations} }` : ''} }
spec: ${spec}
`;
}

const LEDGER_ONLY = 'selector: { matchLabels: { app: ledger } }';
const allowFrom = (source: string, extra = '') => `{ ${LEDGER_ONLY}, action: ALLOW, rules: [ { from: [ { source: ${source} } ]${extra} } ] }`;

function run(extra: string, request: ExplainRequest = BATCH, environment: MeshEnvironment = {}): Explanation {
  return explain(MeshModel.fromLoaded(parseManifests(BASE + extra, 'inline.yaml'), environment), request);
}

/** The outcome, with the trace in the failure message. */
function outcome(extra: string, request: ExplainRequest = BATCH, environment: MeshEnvironment = {}): string {
  const result = run(extra, request, environment);
  return `${result.outcome}${result.status !== undefined ? ` ${result.status}` : ''}${result.outcome === 'routed' ? '' : `\n${formatExplanation(result)}`}`.split('\n')[0];
}

describe('which policies apply (model/authorization.go ListAuthorizationPolicies, policyattachment.go ShouldAttachPolicy)', () => {
  test('without any policy the request is allowed', () => {
    expect(outcome('')).toBe('routed');
  });

  test('an ALLOW policy without rules (allow-nothing) denies everything: builder.go build adds a never-matching policy', () => {
    const result = run(policy('allow-nothing', '{}'));
    expect(result.outcome).toBe('denied');
    expect(result.status).toBe(403);
    expect(result.denial).toMatchObject({ policy: 'no ALLOW policy matched', at: 'Deployment ledger/ledger' });
    expect(result.denial!.reason).toContain('AuthorizationPolicy ledger/allow-nothing (no rules: allows nothing)');
  });

  test('the text trace names the refusal and marks the refused destination', () => {
    const text = formatExplanation(run(policy('allow-nothing', '{}')));
    expect(text).toContain('outcome: denied 403');
    expect(text).toContain('refused by no ALLOW policy matched at Deployment ledger/ledger');
    expect(text).toMatch(/100\.0% → ledger\.ledger\.svc\.cluster\.local:80 .* REFUSED \(no ALLOW policy matched\)/);
  });

  test("a policy in the root namespace applies to every namespace's workloads", () => {
    expect(outcome(policy('deny-all', '{ action: DENY, rules: [ {} ] }', 'istio-system'))).toBe('denied 403');
  });

  test("a namespace policy without selector applies to the namespace's workloads only", () => {
    expect(outcome(policy('allow-nothing', '{}', 'payments'))).toBe('routed');
  });

  test('a selector that does not match the pods leaves them alone', () => {
    expect(outcome(policy('other', '{ selector: { matchLabels: { app: other } } }'))).toBe('routed');
  });

  test('a policy with targetRefs never applies to a sidecar workload (ShouldAttachPolicy: non-gateway with targetRefs)', () => {
    expect(outcome(policy('by-ref', '{ targetRefs: [ { kind: Service, group: "", name: ledger } ] }'))).toBe('routed');
  });

  test('a policy of another namespace does not apply', () => {
    expect(outcome(policy('allow-nothing', '{}', 'elsewhere'))).toBe('routed');
  });
});

describe('how actions combine (builder.go build: CUSTOM, then DENY, then ALLOW)', () => {
  const allowBatch = policy('allow-batch', allowFrom('{ principals: [ cluster.local/ns/payments/sa/batch-job ] }'));

  test('an ALLOW rule naming the caller principal admits it', () => {
    expect(outcome(allowBatch)).toBe('routed');
  });

  test('some ALLOW policies but none matching denies, naming each one', () => {
    const result = run(allowBatch, API_CALLER);
    expect(result.outcome).toBe('denied');
    expect(result.denial).toMatchObject({ policy: 'no ALLOW policy matched' });
    expect(result.denial!.reason).toContain('AuthorizationPolicy ledger/allow-batch (no rule matches)');
  });

  test('a matching DENY rule wins over a matching ALLOW, and the denial names the policy and rule index', () => {
    const deny = policy('no-admin', `{ ${LEDGER_ONLY}, action: DENY, rules: [ { to: [ { operation: { paths: [ /health ] } } ] }, { to: [ { operation: { paths: [ "/admin/*" ] } } ] } ] }`);
    const result = run(allowBatch + deny, { ...BATCH, path: '/admin/users' });
    expect(result.outcome).toBe('denied');
    expect(result.denial).toMatchObject({ policy: 'AuthorizationPolicy ledger/no-admin', rule: 1 });
  });

  test('AUDIT policies never change the decision', () => {
    expect(outcome(policy('audit-all', '{ action: AUDIT, rules: [ {} ] }'))).toBe('routed');
  });

  test('a dry-run policy (istio.io/dry-run annotation) only feeds shadow rules: isDryRun', () => {
    expect(outcome(policy('deny-all', '{ action: DENY, rules: [ {} ] }', 'ledger', '"istio.io/dry-run": "true"'))).toBe('routed');
  });

  test('a matching CUSTOM rule is decided by the external authorizer: routed, with a note, not guessed', () => {
    const result = run(policy('ext', '{ action: CUSTOM, provider: { name: opa }, rules: [ {} ] }'));
    expect(result.outcome).toBe('routed');
    expect(result.destinations[0].notes.join('\n')).toContain('the external authorizer "opa" decides');
  });

  test('a DENY still refuses what a CUSTOM rule sent to the external authorizer', () => {
    expect(outcome(policy('ext', '{ action: CUSTOM, provider: { name: opa }, rules: [ {} ] }') + policy('deny-all', '{ action: DENY, rules: [ {} ] }'))).toBe('denied 403');
  });
});

describe('sources (model.go New: from entries ORed, fields ANDed, values ORed, notValues negated)', () => {
  test('namespaces match the namespace in the peer identity', () => {
    expect(outcome(policy('p', allowFrom('{ namespaces: [ payments ] }')))).toBe('routed');
    expect(outcome(policy('p', allowFrom('{ namespaces: [ billing ] }')))).toBe('denied 403');
  });

  test('notPrincipals excludes one service account of an allowed namespace', () => {
    const p = policy('p', allowFrom('{ namespaces: [ payments ], notPrincipals: [ cluster.local/ns/payments/sa/batch-job ] }'));
    expect(outcome(p)).toBe('denied 403');
    expect(outcome(p, API_CALLER)).toBe('routed');
  });

  test('principals take Istio wildcards: prefix, suffix and * (any authenticated peer) — matcher StringMatcherWithPrefix', () => {
    expect(outcome(policy('p', allowFrom('{ principals: [ "cluster.local/ns/payments/*" ] }')))).toBe('routed');
    expect(outcome(policy('p', allowFrom('{ principals: [ "*/sa/batch-job" ] }')))).toBe('routed');
    expect(outcome(policy('p', allowFrom('{ principals: [ "*" ] }')))).toBe('routed');
    expect(outcome(policy('p', allowFrom('{ principals: [ "*/sa/api" ] }')))).toBe('denied 403');
  });

  test('serviceAccounts name `sa` (in the policy namespace) or `ns/sa`: generator.go serviceAccountRegex', () => {
    expect(outcome(policy('p', allowFrom('{ serviceAccounts: [ payments/batch-job ] }')))).toBe('routed');
    expect(outcome(policy('p', allowFrom('{ serviceAccounts: [ batch-job ] }')))).toBe('denied 403'); // ledger/batch-job
    expect(outcome(policy('p', allowFrom('{ notServiceAccounts: [ payments/api ] }')))).toBe('routed');
  });

  test('the trust domain comes from the environment', () => {
    const p = policy('p', allowFrom('{ principals: [ corp.example/ns/payments/sa/batch-job ] }'));
    expect(outcome(p)).toBe('denied 403');
    expect(outcome(p, BATCH, { trustDomain: 'corp.example' })).toBe('routed');
  });

  test('a workload caller may name its ServiceAccount explicitly', () => {
    const p = policy('p', allowFrom('{ principals: [ cluster.local/ns/payments/sa/robot ] }'));
    expect(outcome(p, { ...BATCH, from: { namespace: 'payments', labels: { app: 'batch-job' }, serviceAccount: 'robot' } })).toBe('routed');
  });

  test('pods without serviceAccountName run as default', () => {
    const p = policy('p', allowFrom('{ principals: [ cluster.local/ns/payments/sa/default ] }'));
    expect(outcome(p, { ...BATCH, from: { namespace: 'payments', labels: { app: 'cron' } } })).toBe('routed');
  });

  test('requestPrincipals need a JWT: absent unless the request carries one', () => {
    const p = policy('p', allowFrom('{ requestPrincipals: [ "https://issuer.example/*" ] }'));
    expect(outcome(p)).toBe('denied 403');
    expect(outcome(p, { ...BATCH, requestPrincipal: 'https://issuer.example/alice' })).toBe('routed');
  });

  test('ipBlocks match the client address at the first proxy only; remoteIpBlocks at every hop', () => {
    const atGateway = `{ selector: { matchLabels: { istio: ingressgateway } }, action: ALLOW, rules: [ { from: [ { source: { ipBlocks: [ 10.0.0.0/8 ] } } ] } ] }`;
    expect(outcome(policy('edge', atGateway, 'istio-system'), { ...FROM_GATEWAY, sourceIp: '10.1.2.3' })).toBe('routed');
    expect(outcome(policy('edge', atGateway, 'istio-system'), { ...FROM_GATEWAY, sourceIp: '192.168.0.1' })).toBe('denied 403');
    expect(outcome(policy('p', allowFrom('{ remoteIpBlocks: [ 10.0.0.0/8 ] }')), { ...FROM_GATEWAY, sourceIp: '10.1.2.3' })).toBe('routed');
    expect(outcome(policy('p', allowFrom('{ ipBlocks: [ 10.0.0.0/8 ] }')), { ...FROM_GATEWAY, sourceIp: '10.1.2.3' })).toBe('denied 403');
  });

  test('a rule with only `to` admits any source; a rule with only `from` admits any operation', () => {
    expect(outcome(policy('p', `{ ${LEDGER_ONLY}, rules: [ { to: [ { operation: { methods: [ GET ] } } ] } ] }`))).toBe('routed');
    expect(outcome(policy('p', allowFrom('{ namespaces: [ payments ] }')), { ...BATCH, method: 'DELETE', path: '/anything' })).toBe('routed');
  });

  test('an empty source ({}) matches everyone', () => {
    expect(outcome(policy('p', allowFrom('{}')))).toBe('routed');
  });
});

describe('operations (model.go New; matcher/header.go, string.go, template.go)', () => {
  const allowTo = (operation: string) => policy('p', `{ ${LEDGER_ONLY}, rules: [ { to: [ { operation: ${operation} } ] } ] }`);

  test('paths: exact, prefix*, *suffix, matched without the query string', () => {
    expect(outcome(allowTo('{ paths: [ /orders ] }'), { ...BATCH, path: '/orders?page=2' })).toBe('routed');
    expect(outcome(allowTo('{ paths: [ "/orders/*" ] }'), { ...BATCH, path: '/orders/7' })).toBe('routed');
    expect(outcome(allowTo('{ paths: [ "*.json" ] }'), { ...BATCH, path: '/a/b.json' })).toBe('routed');
    expect(outcome(allowTo('{ paths: [ /orders ] }'), { ...BATCH, path: '/orders/7' })).toBe('denied 403');
  });

  test('path templates: {*} is one segment, {**} any number (matcher PathTemplateMatcher)', () => {
    expect(outcome(allowTo('{ paths: [ "/orders/{*}/items" ] }'), { ...BATCH, path: '/orders/7/items' })).toBe('routed');
    expect(outcome(allowTo('{ paths: [ "/orders/{*}/items" ] }'), { ...BATCH, path: '/orders/7/8/items' })).toBe('denied 403');
    expect(outcome(allowTo('{ paths: [ "/orders/{**}" ] }'), { ...BATCH, path: '/orders/7/8/items' })).toBe('routed');
  });

  test('notPaths excludes what paths would admit', () => {
    expect(outcome(allowTo('{ paths: [ "/*" ], notPaths: [ "/admin*" ] }'), { ...BATCH, path: '/admin' })).toBe('denied 403');
  });

  test('hosts compare ignoring case, against the authority as sent (a port is part of it)', () => {
    expect(outcome(allowTo('{ hosts: [ LEDGER.ledger ] }'))).toBe('routed');
    expect(outcome(allowTo('{ hosts: [ "ledger.ledger:*" ] }'))).toBe('denied 403');
    expect(outcome(allowTo('{ hosts: [ "ledger.ledger:*" ] }'), { ...BATCH, host: 'ledger.ledger:80' })).toBe('routed');
  });

  test('methods compare exactly', () => {
    expect(outcome(allowTo('{ methods: [ POST ] }'), { ...BATCH, method: 'POST' })).toBe('routed');
    expect(outcome(allowTo('{ methods: [ POST ] }'))).toBe('denied 403');
  });

  test("ports are the destination workload's target port, not the Service port", () => {
    expect(outcome(allowTo('{ ports: [ "8080" ] }'))).toBe('routed');
    expect(outcome(allowTo('{ ports: [ "80" ] }'))).toBe('denied 403');
  });
});

describe('when conditions (model.go New: each key is a permission or a principal)', () => {
  const allowWhen = (when: string) => policy('p', `{ ${LEDGER_ONLY}, rules: [ { when: [ ${when} ] } ] }`);

  test('request.headers[name] matches a header value, * meaning present', () => {
    expect(outcome(allowWhen('{ key: "request.headers[x-tenant]", values: [ acme ] }'), { ...BATCH, headers: { 'X-Tenant': 'acme' } })).toBe('routed');
    expect(outcome(allowWhen('{ key: "request.headers[x-tenant]", values: [ "*" ] }'))).toBe('denied 403');
  });

  test('source.namespace and source.principal read the peer identity', () => {
    expect(outcome(allowWhen('{ key: source.namespace, values: [ payments ] }'))).toBe('routed');
    expect(outcome(allowWhen('{ key: source.principal, notValues: [ cluster.local/ns/payments/sa/batch-job ] }'))).toBe('denied 403');
  });

  test('destination.port reads the target port', () => {
    expect(outcome(allowWhen('{ key: destination.port, values: [ "8080" ] }'))).toBe('routed');
  });

  test('request.auth.claims are absent without a token', () => {
    expect(outcome(allowWhen('{ key: "request.auth.claims[groups]", values: [ admin ] }'))).toBe('denied 403');
  });
});

describe('fail closed (model.go rule.checkError, builder.go build)', () => {
  test('an ALLOW rule with a value istiod cannot translate is dropped: the policy admits less', () => {
    expect(outcome(policy('p', allowFrom('{ namespaces: [ payments ], ipBlocks: [ not-an-ip ] }')))).toBe('denied 403');
  });

  test('a DENY rule ignores the value it cannot translate: it denies more', () => {
    const deny = policy('p', `{ ${LEDGER_ONLY}, action: DENY, rules: [ { from: [ { source: { ipBlocks: [ not-an-ip ] } } ], to: [ { operation: { paths: [ "/admin*" ] } } ] } ] }`);
    expect(outcome(deny, { ...BATCH, path: '/admin' })).toBe('denied 403');
    expect(outcome(deny, { ...BATCH, path: '/orders' })).toBe('routed');
  });

  test('a rule with an unknown when key is skipped, whatever the action (model.New returns an error)', () => {
    expect(outcome(policy('p', `{ ${LEDGER_ONLY}, action: DENY, rules: [ { when: [ { key: source.color, values: [ red ] } ] } ] }`))).toBe('routed');
    const result = run(policy('p', `{ ${LEDGER_ONLY}, rules: [ { when: [ { key: source.color, values: [ red ] } ] } ] }`));
    expect(result.outcome).toBe('denied');
    expect(result.denial!.reason).toContain('every rule skipped by istiod');
  });
});

describe('identity at the gateway', () => {
  test('a client outside the mesh has no identity at the ingress gateway', () => {
    const p = policy('edge', '{ selector: { matchLabels: { istio: ingressgateway } }, rules: [ { from: [ { source: { namespaces: [ "*" ] } } ] } ] }', 'istio-system');
    const result = run(p, FROM_GATEWAY);
    expect(result.outcome).toBe('denied');
    expect(result.denial).toMatchObject({ at: 'Deployment istio-system/istio-ingressgateway' });
    expect(result.hops).toHaveLength(1);
  });

  test("the gateway forwards with its pods' ServiceAccount", () => {
    const p = policy('p', allowFrom('{ principals: [ cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account ] }'));
    expect(outcome(p, FROM_GATEWAY)).toBe('routed');
    expect(outcome(p)).toBe('denied 403');
  });

  test('gateway policies see the target port of the gateway Service (80 → 8080 on the default ingress)', () => {
    const p = (port: string) => policy('edge', `{ selector: { matchLabels: { istio: ingressgateway } }, rules: [ { to: [ { operation: { ports: [ "${port}" ] } } ] } ] }`, 'istio-system');
    expect(outcome(p('8080'), FROM_GATEWAY)).toBe('routed');
    expect(outcome(p('80'), FROM_GATEWAY)).toBe('denied 403');
  });
});
