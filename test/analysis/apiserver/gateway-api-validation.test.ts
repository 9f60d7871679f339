/**
 * CIT110–CIT112 for Gateway API objects: `check` holds them to the v1.5.1 standard-channel CRDs
 * (structural schema, strict, and every CEL rule) exactly as it holds Istio objects to Istio's.
 * Table in the shape of apiserver-validation.test.ts: each rejected manifest with the near miss
 * the API server accepts; each rejection names the field path and its line.
 */
import { Testing } from 'cdk8s';
import { check, Finding } from '../../../src/analysis';
import { formatViolation, validateManifest } from '../../../src/analysis/apiserver/validate';
import { MeshModel } from '../../../src/model';
import {
  Gateway, GatewayClass, GatewaySpecListenersAllowedRoutesNamespacesFrom, GatewaySpecListenersTlsMode, HttpRoute,
  HttpRouteSpecRulesFiltersType, HttpRouteSpecRulesFiltersUrlRewritePathType, HttpRouteSpecRulesMatchesPathType, ReferenceGrant, TlsRoute,
} from '../../../imports/gateway.networking.k8s.io';
import { findingsOf } from '../helpers';

const API_SERVER_CODES = ['CIT110', 'CIT111', 'CIT112'];
const apiServerFindings = (findings: readonly Finding[]) => findings.filter((f) => API_SERVER_CODES.includes(f.code));

/** An HTTPRoute in team-a whose only rule is `rule` (YAML block, indented for `rules:`). */
const route = (rule: string, apiVersion = 'gateway.networking.k8s.io/v1') => `apiVersion: ${apiVersion}
kind: HTTPRoute
metadata:
  name: reviews
  namespace: team-a
spec:
  parentRefs: [ { name: team-a-gateway } ]
  rules:
${rule}`;

/** A Gateway in team-a with `listeners` (YAML block, indented for `listeners:`). */
const gateway = (listeners: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: team-a-gateway, namespace: team-a }
spec:
  gatewayClassName: istio
  listeners:
${listeners}`;

const tlsRoute = (apiVersion: string, hostnames = '[ db.example.com ]') => `apiVersion: ${apiVersion}
kind: TLSRoute
metadata: { name: db, namespace: team-a }
spec:
  parentRefs: [ { name: team-a-gateway, sectionName: tls } ]
  hostnames: ${hostnames}
  rules: [ { backendRefs: [ { name: db, port: 5432 } ] } ]
`;

const grant = (from: string) => `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: { name: from-team-a, namespace: team-b }
spec:
  from: [ ${from} ]
  to: [ { group: "", kind: Service, name: reviews-v2 } ]
`;

const HTTP = '  - { name: http, port: 80, protocol: HTTP, hostname: a.example.com }\n';
const REWRITE = '    filters: [ { type: URLRewrite, urlRewrite: { path: { type: ReplacePrefixMatch, replacePrefixMatch: / } } } ]\n';
const BACKEND = '    backendRefs: [ { name: reviews-v1, port: 9080 } ]\n';

interface Case {
  readonly name: string;
  readonly in: string;
  readonly valid: boolean;
  /** For rejected input: the findings' codes, and text the first one's message must contain. */
  readonly codes?: string[];
  readonly says?: string;
}

const CASES: Case[] = [
  // Strict decoding: unknown fields, with the declared field nearest to the typo.
  { name: 'typo backendRef', in: route('  - backendRef: [ { name: reviews-v1, port: 9080 } ]\n'), valid: false, codes: ['CIT110'], says: 'spec.rules[0].backendRef (inline.yaml:9): unknown field' },
  { name: 'backendRefs spelt right', in: route(`  - ${BACKEND.trim()}\n`), valid: true },
  { name: 'typo parentRefs[0].sectioName', in: route(`  - ${BACKEND.trim()}\n`).replace('{ name: team-a-gateway }', '{ name: team-a-gateway, sectioName: http }'), valid: false, codes: ['CIT110'], says: 'spec.parentRefs[0].sectioName (inline.yaml:7): unknown field' },
  { name: 'labels and annotations in metadata (ObjectMeta, whatever the CRD declares)', in: route(`  - ${BACKEND.trim()}\n`).replace('  namespace: team-a', '  namespace: team-a\n  labels: { app.kubernetes.io/managed-by: cdk8s-istio-traffic }\n  annotations: { internal.istio.io/route-semantics: gateway }'), valid: true },
  { name: 'unknown metadata field', in: route(`  - ${BACKEND.trim()}\n`).replace('  namespace: team-a', '  namespace: team-a\n  label: { a: b }'), valid: false, codes: ['CIT110'], says: 'metadata.label (inline.yaml:6): unknown field' },
  // Structural schema.
  { name: 'weight above 1,000,000', in: route('  - backendRefs: [ { name: reviews-v1, port: 9080, weight: 1000001 } ]\n'), valid: false, codes: ['CIT110'], says: 'spec.rules[0].backendRefs[0].weight (inline.yaml:9): Invalid value: must be <= 1000000' },
  { name: 'weight 1,000,000', in: route('  - backendRefs: [ { name: reviews-v1, port: 9080, weight: 1000000 } ]\n'), valid: true },
  { name: 'header name with a colon', in: route(`  - matches: [ { headers: [ { name: "x:user", value: a } ] } ]\n${BACKEND}`), valid: false, codes: ['CIT110'], says: 'spec.rules[0].matches[0].headers[0].name (inline.yaml:9): Invalid value: must match pattern' },
  { name: 'header name x-user', in: route(`  - matches: [ { headers: [ { name: x-user, value: a } ] } ]\n${BACKEND}`), valid: true },
  { name: 'ReferenceGrant from without namespace', in: grant('{ group: gateway.networking.k8s.io, kind: HTTPRoute }'), valid: false, codes: ['CIT110'], says: 'spec.from[0].namespace (inline.yaml:5): Required value' },
  { name: 'ReferenceGrant from HTTPRoutes of team-a', in: grant('{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: team-a }'), valid: true },
  // CEL rules.
  { name: 'ReplacePrefixMatch with two PathPrefix matches', in: route(`  - matches: [ { path: { type: PathPrefix, value: /a } }, { path: { type: PathPrefix, value: /b } } ]\n${REWRITE}${BACKEND}`), valid: false, codes: ['CIT111'], says: 'spec.rules[0] (inline.yaml:9): When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified' },
  { name: 'ReplacePrefixMatch with one PathPrefix match', in: route(`  - matches: [ { path: { type: PathPrefix, value: /a } } ]\n${REWRITE}${BACKEND}`), valid: true },
  { name: 'RequestRedirect and URLRewrite together', in: route('  - filters: [ { type: RequestRedirect, requestRedirect: { statusCode: 301 } }, { type: URLRewrite, urlRewrite: { hostname: b.example.com } } ]\n'), valid: false, codes: ['CIT111'], says: 'spec.rules[0].filters (inline.yaml:9): May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both' },
  { name: 'RequestRedirect alone', in: route('  - filters: [ { type: RequestRedirect, requestRedirect: { statusCode: 301 } } ]\n'), valid: true },
  { name: 'path value without a leading /', in: route(`  - matches: [ { path: { type: Exact, value: api } } ]\n${BACKEND}`), valid: false, codes: ['CIT111'], says: "spec.rules[0].matches[0].path (inline.yaml:9): value must be an absolute path and start with '/'" },
  { name: 'path value /api', in: route(`  - matches: [ { path: { type: Exact, value: /api } } ]\n${BACKEND}`), valid: true },
  { name: 'backendRef to a Service without a port', in: route('  - backendRefs: [ { name: reviews-v1 } ]\n'), valid: false, codes: ['CIT111'], says: 'spec.rules[0].backendRefs[0] (inline.yaml:9): Must have port for Service reference' },
  { name: 'backendRequest timeout above request timeout', in: route(`  - timeouts: { request: 5s, backendRequest: 10s }\n${BACKEND}`), valid: false, codes: ['CIT111'], says: 'spec.rules[0].timeouts (inline.yaml:9): backendRequest timeout cannot be longer than request timeout' },
  { name: 'backendRequest timeout below request timeout', in: route(`  - timeouts: { request: 10s, backendRequest: 5s }\n${BACKEND}`), valid: true },
  { name: 'RequestHeaderModifier twice', in: route(`  - filters: [ { type: RequestHeaderModifier, requestHeaderModifier: { set: [ { name: a, value: "1" } ] } }, { type: RequestHeaderModifier, requestHeaderModifier: { remove: [ b ] } } ]\n${BACKEND}`), valid: false, codes: ['CIT111'], says: 'RequestHeaderModifier filter cannot be repeated' },
  { name: 'RequestHeaderModifier once', in: route(`  - filters: [ { type: RequestHeaderModifier, requestHeaderModifier: { set: [ { name: a, value: "1" } ], remove: [ b ] } } ]\n${BACKEND}`), valid: true },
  { name: 'listener names repeated', in: gateway(`${HTTP}  - { name: http, port: 8080, protocol: HTTP }\n`), valid: false, codes: ['CIT110', 'CIT111'], says: 'spec.listeners[1] (inline.yaml:8): Duplicate value: ["http"]' },
  { name: 'listener names distinct', in: gateway(`${HTTP}  - { name: http-alt, port: 8080, protocol: HTTP }\n`), valid: true },
  { name: 'hostname on a TCP listener', in: gateway('  - { name: tcp, port: 9000, protocol: TCP, hostname: db.example.com }\n'), valid: false, codes: ['CIT111'], says: "spec.listeners (inline.yaml:6): hostname must not be specified for protocols ['TCP', 'UDP']" },
  { name: 'hostname on a TLS passthrough listener', in: gateway('  - { name: tls, port: 9000, protocol: TLS, hostname: db.example.com, tls: { mode: Passthrough } }\n'), valid: true },
  { name: 'TLS listener without tls mode', in: gateway('  - { name: tls, port: 9000, protocol: TLS, hostname: db.example.com }\n'), valid: false, codes: ['CIT111'], says: 'tls mode must be set for protocol TLS' },
  { name: 'allowedRoutes kinds with a bad kind name', in: gateway('  - { name: http, port: 80, protocol: HTTP, allowedRoutes: { kinds: [ { kind: "HTTP Route" } ] } }\n'), valid: false, codes: ['CIT110'], says: 'spec.listeners[0].allowedRoutes.kinds[0].kind (inline.yaml:7): Invalid value: must match pattern' },
  { name: 'allowedRoutes kinds HTTPRoute', in: gateway('  - { name: http, port: 80, protocol: HTTP, allowedRoutes: { kinds: [ { kind: HTTPRoute } ], namespaces: { from: All } } }\n'), valid: true },
  { name: 'TLSRoute hostname that is an IP', in: tlsRoute('gateway.networking.k8s.io/v1', '[ 10.0.0.1 ]'), valid: false, codes: ['CIT111'], says: 'spec.hostnames (inline.yaml:6): Hostnames cannot contain an IP' },
  { name: 'TLSRoute wildcard hostname', in: tlsRoute('gateway.networking.k8s.io/v1', '[ "*.example.com" ]'), valid: true },
  // CRD version lookup: TLSRoute v1alpha2 and v1alpha3 are in the 1.5.1 CRD but `served: false`.
  { name: 'TLSRoute v1alpha2 (not served in v1.5.1)', in: tlsRoute('gateway.networking.k8s.io/v1alpha2'), valid: false, codes: ['CIT112'], says: 'no matches for kind "TLSRoute" in version "gateway.networking.k8s.io/v1alpha2" (Gateway API v1.5.1 serves gateway.networking.k8s.io/v1)' },
  { name: 'TLSRoute v1', in: tlsRoute('gateway.networking.k8s.io/v1'), valid: true },
  { name: 'HTTPRoute v1beta1 (still served)', in: route(`  - ${BACKEND.trim()}\n`, 'gateway.networking.k8s.io/v1beta1'), valid: true },
  { name: 'TCPRoute (experimental channel only)', in: 'apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TCPRoute\nmetadata: { name: db, namespace: team-a }\nspec: {}\n', valid: false, codes: ['CIT112'], says: '(Gateway API v1.5.1 has no such CRD)' },
];

describe('API-server layer in check, Gateway API objects (CIT110–CIT112)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const found = apiServerFindings(findingsOf(c.in));
    if (c.valid) {
      expect(found.map((f) => f.message)).toEqual([]);
      return;
    }
    expect(found.map((f) => f.code).sort()).toEqual(c.codes);
    expect(found.every((f) => f.severity === 'error')).toBe(true);
    expect(found.map((f) => f.message).join('\n')).toContain(c.says);
    expect(found[0]!.message).toContain(' Fix: ');
    expect(found[0]!.source).toEqual({ file: 'inline.yaml', line: 1 });
  });

  it('suggests the declared field nearest to a typo', () => {
    const [typo] = apiServerFindings(findingsOf(CASES[0]!.in));
    expect(typo!.message).toContain('Fix: did you mean "backendRefs"?');
    const [section] = apiServerFindings(findingsOf(CASES[2]!.in));
    expect(section!.message).toContain('Fix: did you mean "sectionName"?');
  });

  it('names the served version as the fix for an unserved one', () => {
    const [unserved] = apiServerFindings(findingsOf(tlsRoute('gateway.networking.k8s.io/v1alpha2')));
    expect(unserved!.message).toContain('Fix: set apiVersion to gateway.networking.k8s.io/v1');
  });

  it('names the CRD of the Gateway API group in the message', () => {
    const [cel] = apiServerFindings(findingsOf(CASES.find((c) => c.name === 'backendRef to a Service without a port')!.in));
    expect(cel!.message).toContain('(CEL rule of the gateway.networking.k8s.io/v1 HTTPRoute CRD: (size(self.group) == 0 && self.kind == \'Service\') ? has(self.port) : true)');
  });
});

/**
 * What the constructs will emit, written with the cdk8s import of the CRDs (as they do), with
 * the labels and annotations the constructs put in metadata: it must pass with no finding.
 */
function constructLikeObjects(): any[] {
  const chart = Testing.chart();
  const labels = { 'app.kubernetes.io/managed-by': 'cdk8s-istio-traffic', 'istio-traffic.dev/team': 'team-a' };
  const annotations = { 'istio-traffic.dev/owner': 'team-a', 'internal.istio.io/route-semantics': 'gateway' };
  new GatewayClass(chart, 'class', { metadata: { name: 'istio' }, spec: { controllerName: 'istio.io/gateway-controller' } });
  new Gateway(chart, 'gateway', {
    metadata: { name: 'team-a-gateway', namespace: 'team-a', labels, annotations },
    spec: {
      gatewayClassName: 'istio',
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', hostname: 'a.example.com', allowedRoutes: { namespaces: { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME } } },
        { name: 'https', port: 443, protocol: 'HTTPS', hostname: 'a.example.com', tls: { mode: GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ name: 'a-example-com' }] } },
        { name: 'tls', port: 8443, protocol: 'TLS', hostname: 'db.example.com', tls: { mode: GatewaySpecListenersTlsMode.PASSTHROUGH } },
      ],
    },
  });
  new HttpRoute(chart, 'route', {
    metadata: { name: 'reviews', namespace: 'team-a', labels, annotations },
    spec: {
      parentRefs: [{ name: 'team-a-gateway', sectionName: 'http' }, { group: '', kind: 'Service', name: 'reviews' }],
      hostnames: ['a.example.com'],
      rules: [
        {
          matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/api' } }],
          filters: [{ type: HttpRouteSpecRulesFiltersType.URL_REWRITE, urlRewrite: { path: { type: HttpRouteSpecRulesFiltersUrlRewritePathType.REPLACE_PREFIX_MATCH, replacePrefixMatch: '/' } } }],
          backendRefs: [{ name: 'reviews-v1', port: 9080, weight: 90 }, { name: 'reviews-v2', namespace: 'team-b', port: 9080, weight: 10 }],
          timeouts: { request: '10s' },
        },
        { backendRefs: [{ name: 'reviews-v1', port: 9080 }] },
      ],
    },
  });
  new TlsRoute(chart, 'tls', {
    metadata: { name: 'db', namespace: 'team-a', labels },
    spec: { parentRefs: [{ name: 'team-a-gateway', sectionName: 'tls' }], hostnames: ['db.example.com'], rules: [{ backendRefs: [{ name: 'db-v1', port: 5432 }] }] },
  });
  new ReferenceGrant(chart, 'grant', {
    metadata: { name: 'team-a-to-reviews', namespace: 'team-b', labels },
    spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'team-a' }], to: [{ group: '', kind: 'Service', name: 'reviews-v2' }] },
  });
  return Testing.synth(chart);
}

describe('Gateway API objects as the constructs write them', () => {
  const objects = constructLikeObjects();

  it('are all validated by validateManifest, and pass', () => {
    expect(objects.map((o) => o.kind)).toEqual(['GatewayClass', 'Gateway', 'HTTPRoute', 'TLSRoute', 'ReferenceGrant']);
    const result = validateManifest(objects);
    expect(result.violations.map(formatViolation)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('give no API-server finding in check', () => {
    expect(apiServerFindings(check(MeshModel.fromObjects(objects)))).toEqual([]);
  });

  it('validateManifest does report a broken one among them', () => {
    const broken = structuredClone(objects);
    delete broken[2].spec.rules[1].backendRefs[0].port;
    expect(validateManifest(broken).violations.map(formatViolation)).toEqual([
      'HTTPRoute/reviews spec.rules[1].backendRefs[0]: Must have port for Service reference',
    ]);
  });
});
