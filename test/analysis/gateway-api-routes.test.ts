/**
 * check's findings for the route conditions istiod's Gateway API controller reports (CIT140–CIT143),
 * after istio/istio pilot/pkg/config/kube/gateway/testdata/reference-policy-service.yaml,
 * invalid.yaml and route-precedence.yaml (their .status.yaml.golden conditions).
 */
import { findingsOf, withCode } from './helpers';

const GATEWAY = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: public, namespace: vamp-test1 }
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    hostname: "*.vamp.example"
    port: 80
    protocol: HTTP
---
apiVersion: v1
kind: Service
metadata: { name: svc-1-v1, namespace: vamp-test1 }
spec:
  selector: { app: svc-1, version: v1 }
  ports: [{ name: http, port: 9090 }]
---
apiVersion: v1
kind: Service
metadata: { name: svc-2, namespace: vamp-test2 }
spec:
  selector: { app: svc-2 }
  ports: [{ name: http, port: 9090 }]
`;

const route = (namespace: string, spec: string) => `
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: canary, namespace: ${namespace} }
spec:
${spec}
`;

describe('CIT140 GatewayApiRouteNotAccepted', () => {
  test('a route from a namespace the listener does not admit (allowedRoutes defaults to Same)', () => {
    const findings = withCode(findingsOf(GATEWAY + route('vamp-test2', `  parentRefs: [{ name: public, namespace: vamp-test1 }]
  hostnames: [a.vamp.example]
  rules:
  - backendRefs: [{ name: svc-2, port: 9090 }]`)), 'CIT140');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', kind: 'HTTPRoute', namespace: 'vamp-test2', name: 'canary' });
    expect(findings[0].message).toContain('HTTPRoute vamp-test2/canary is not accepted by Gateway vamp-test1/public (spec.parentRefs[0] (inline.yaml:');
    expect(findings[0].message).toContain('NotAllowedByListeners: hostnames matched parent hostname "*.vamp.example", but namespace "vamp-test2" is not allowed by the parent');
    expect(findings[0].message).toContain('Fix: the owner of Gateway vamp-test1/public admits namespace vamp-test2 in the listener\'s allowedRoutes.namespaces');
  });

  test('a hostname outside the listener, and a sectionName that is not there', () => {
    const findings = withCode(findingsOf(GATEWAY + route('vamp-test1', `  parentRefs:
  - { name: public }
  - { name: public, sectionName: https }
  hostnames: [shop.example]
  rules:
  - backendRefs: [{ name: svc-1-v1, port: 9090 }]`)), 'CIT140');
    expect(findings.map((f) => f.message.match(/reason (\w+)/)![1]).sort()).toEqual(['NoMatchingListenerHostname', 'NoMatchingParent']);
    expect(findings.find((f) => f.message.includes('NoMatchingParent'))!.message).toContain('Fix: name a listener the Gateway has (sectionName/port): http (HTTP 80 *.vamp.example)');
  });

  test('an accepted route reports nothing', () => {
    expect(findingsOf(GATEWAY + route('vamp-test1', `  parentRefs: [{ name: public }]
  hostnames: [a.vamp.example]
  rules:
  - backendRefs: [{ name: svc-1-v1, port: 9090 }]`)).filter((f) => /^CIT14/.test(f.code))).toEqual([]);
  });
});

describe('CIT141 GatewayApiBackendRefNotPermitted', () => {
  const CANARY = route('vamp-test2', `  parentRefs: [{ group: "", kind: Service, name: svc-2 }, { name: public, namespace: vamp-test1 }]
  rules:
  - backendRefs:
    - { name: svc-2, port: 9090, weight: 90 }
    - { name: svc-1-v1, namespace: vamp-test1, port: 9090, weight: 10 }`);
  const ALLOW_ALL = GATEWAY.replace('    protocol: HTTP\n', '    protocol: HTTP\n    allowedRoutes: { namespaces: { from: All } }\n');

  test('a backend in another namespace without a ReferenceGrant: its share gets 500', () => {
    const findings = withCode(findingsOf(ALLOW_ALL + CANARY), 'CIT141');
    expect(findings).toHaveLength(1);
    expect(findings[0].severity).toBe('error');
    expect(findings[0].message).toMatch(/^HTTPRoute vamp-test2\/canary spec\.rules\[0\]\.backendRefs\[1\] \(inline\.yaml:\d+\) refers to Service vamp-test1\/svc-1-v1 in another namespace, and no ReferenceGrant in vamp-test1 permits it \(RefNotPermitted\): istiod keeps it as an empty destination, so its share \(weight 10 of 100 of the rule's requests\) is answered 500\./);
    expect(findings[0].message).toContain('Fix: the owner of Service vamp-test1/svc-1-v1 adds a ReferenceGrant in vamp-test1 from HTTPRoute in vamp-test2 to Service svc-1-v1');
  });

  test('the grant from the backend\'s namespace clears it', () => {
    expect(withCode(findingsOf(ALLOW_ALL + CANARY + `
---
apiVersion: gateway.networking.k8s.io/v1
kind: ReferenceGrant
metadata: { name: from-vamp-test2, namespace: vamp-test1 }
spec:
  from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: vamp-test2 }]
  to: [{ group: "", kind: Service, name: svc-1-v1 }]
`), 'CIT141')).toEqual([]);
  });

  test('a grant written in the caller\'s namespace does not count', () => {
    expect(withCode(findingsOf(ALLOW_ALL + CANARY + `
---
apiVersion: gateway.networking.k8s.io/v1
kind: ReferenceGrant
metadata: { name: wrong-side, namespace: vamp-test2 }
spec:
  from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: vamp-test2 }]
  to: [{ group: "", kind: Service, name: svc-1-v1 }]
`), 'CIT141')).toHaveLength(1);
  });
});

describe('CIT142 GatewayApiBackendNotResolved / CIT143 GatewayApiRouteNotProgrammed (invalid.yaml)', () => {
  const findings = findingsOf(GATEWAY + route('vamp-test1', `  parentRefs: [{ name: public }]
  hostnames: [a.vamp.example]
  rules:
  - backendRefs: [{ name: nonexistent, port: 9090 }]
  - matches: [{ path: { value: /bucket } }]
    backendRefs: [{ name: svc-1-v1, kind: GcsBucket }]`) + `
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: no-port, namespace: vamp-test1 }
spec:
  parentRefs: [{ name: public }]
  rules:
  - backendRefs: [{ name: svc-1-v1 }]
`);

  test('BackendNotFound and InvalidKind', () => {
    const resolved = withCode(findings, 'CIT142');
    expect(resolved.map((f) => f.message.match(/\((BackendNotFound|InvalidKind):/)![1])).toEqual(['BackendNotFound', 'InvalidKind']);
    expect(resolved[0].message).toContain('refers to Service vamp-test1/nonexistent, which is not in the manifests');
    expect(resolved[0].message).toContain('Fix: create Service vamp-test1/nonexistent, or name an existing Service');
  });

  test('a backendRef without a port: nothing is programmed', () => {
    const hard = withCode(findings, 'CIT143');
    expect(hard).toHaveLength(1);
    expect(hard[0]).toMatchObject({ name: 'no-port', severity: 'error' });
    expect(hard[0].message).toContain('istiod programs nothing for HTTPRoute vamp-test1/no-port: spec.rules[0].backendRefs[0]');
    expect(hard[0].message).toContain('Fix: add the Service port to the backendRef');
  });
});
