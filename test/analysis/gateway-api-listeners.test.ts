/**
 * check's findings for the listener conditions istiod's Gateway API controller reports
 * (CIT144–CIT146), after istio/istio pilot/pkg/config/kube/gateway/testdata/invalid.yaml
 * (udp-protocol, protocol-lower-case, invalid-cert-*) and reference-policy-tls.yaml.
 */
import { findingsOf, withCode } from './helpers';

const gateway = (listeners: string, extra = '') => findingsOf(`
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: infra }
spec:
  gatewayClassName: istio
  listeners:
${listeners}
` + extra);

test('CIT144: a protocol istiod does not serve (findings sorted by message)', () => {
  const findings = withCode(gateway('  - { name: udp, port: 1234, protocol: UDP }\n  - { name: lower, port: 1235, protocol: http }'), 'CIT144');
  expect(findings.map((f) => f.message.replace(/ \(inline\.yaml:\d+\)/, ''))).toEqual([
    'Gateway infra/edge listener lower (spec.listeners[1].protocol): protocol "http" is unsupported. hint: "HTTP" (uppercase) may be supported (UnsupportedProtocol); istiod programs no server for it and routes attached to it get no traffic. Fix: use protocol HTTP, HTTPS or TLS (uppercase)',
    'Gateway infra/edge listener udp (spec.listeners[0].protocol): protocol "UDP" is unsupported (UnsupportedProtocol); istiod programs no server for it and routes attached to it get no traffic. Fix: use protocol HTTP, HTTPS or TLS (uppercase)',
  ]);
  expect(findings.every((f) => f.severity === 'error')).toBe(true);
});

test('CIT145: listeners conflicting on a port', () => {
  const findings = withCode(gateway('  - { name: a, port: 80, protocol: HTTP, hostname: shop.example }\n  - { name: b, port: 80, protocol: HTTP, hostname: shop.example }'), 'CIT145');
  expect(findings.map((f) => [f.severity, f.message.match(/listener (\w+)/)![1]])).toEqual([['warning', 'a'], ['warning', 'b']]);
  expect(findings[0].message).toContain('Fix: give each listener on the port a distinct hostname');
});

describe('CIT146: certificates', () => {
  const https = '  - name: https\n    port: 443\n    protocol: HTTPS\n    hostname: shop.example\n    tls: { certificateRefs: [{ name: wildcard, namespace: certs }] }';
  const SECRET = `
---
apiVersion: v1
kind: Secret
metadata: { name: wildcard, namespace: certs }
type: kubernetes.io/tls
`;

  test('a certificate in another namespace without a ReferenceGrant', () => {
    const findings = withCode(gateway(https, SECRET), 'CIT146');
    expect(findings).toHaveLength(1);
    expect(findings[0].severity).toBe('error');
    expect(findings[0].message).toContain('certificateRef wildcard/certs not accessible to a Gateway in namespace "infra" (missing a ReferenceGrant?) (RefNotPermitted)');
    expect(findings[0].message).toContain('Fix: the owner of Secret certs/wildcard adds a ReferenceGrant in certs from Gateway in infra to Secret wildcard');
  });

  test('granted: nothing to report', () => {
    expect(withCode(gateway(https, SECRET + `
---
apiVersion: gateway.networking.k8s.io/v1
kind: ReferenceGrant
metadata: { name: gateways, namespace: certs }
spec:
  from: [{ group: gateway.networking.k8s.io, kind: Gateway, namespace: infra }]
  to: [{ group: "", kind: Secret }]
`), 'CIT146')).toEqual([]);
  });

  test('a Secret the manifests do not contain is a warning (it may exist in the cluster)', () => {
    const findings = withCode(gateway('  - name: https\n    port: 443\n    protocol: HTTPS\n    tls: { certificateRefs: [{ name: shop-cert }] }'), 'CIT146');
    expect(findings.map((f) => f.severity)).toEqual(['warning']);
    expect(findings[0].message).toContain('Fix: make sure Secret infra/shop-cert exists in the cluster');
  });

  test('a cert-manager Certificate writing the Secret counts as the Secret', () => {
    expect(withCode(gateway('  - name: https\n    port: 443\n    protocol: HTTPS\n    tls: { certificateRefs: [{ name: shop-cert }] }', `
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: shop, namespace: infra }
spec: { secretName: shop-cert, dnsNames: [shop.example], issuerRef: { name: letsencrypt, kind: ClusterIssuer } }
`), 'CIT146')).toEqual([]);
  });
});
