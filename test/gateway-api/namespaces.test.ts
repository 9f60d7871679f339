/**
 * allowedRoutes namespaces (conversion.go namespacesFromSelector, toNamespaceSet): Same, All, and
 * Selector over the namespaces the manifests know, with the API server's implicit
 * `kubernetes.io/metadata.name` label even on namespaces declared without it.
 */
import { translate } from './helpers';

const gateway = (allowedRoutes: string) => translate(`
apiVersion: v1
kind: Namespace
metadata: { name: team-a, labels: { shared-gateway-access: "true" } }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-b }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: infra }
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    hostname: "*.example.com"
${allowedRoutes}
`).gateways[0].spec.servers[0].hosts;

test.each([
  ['no allowedRoutes: the Gateway\'s namespace', '', ['infra/*.example.com']],
  ['From: Same', '    allowedRoutes: { namespaces: { from: Same } }', ['infra/*.example.com']],
  ['From: All', '    allowedRoutes: { namespaces: { from: All } }', ['*/*.example.com']],
  ['Selector on a declared label', '    allowedRoutes: { namespaces: { from: Selector, selector: { matchLabels: { shared-gateway-access: "true" } } } }', ['team-a/*.example.com']],
  ['Selector on the implicit name label', '    allowedRoutes: { namespaces: { from: Selector, selector: { matchLabels: { kubernetes.io/metadata.name: team-b } } } }', ['team-b/*.example.com']],
  ['Selector with matchExpressions', '    allowedRoutes: { namespaces: { from: Selector, selector: { matchExpressions: [{ key: kubernetes.io/metadata.name, operator: In, values: [team-a, team-b, absent] }] } } }',
    ['team-a/*.example.com', 'team-b/*.example.com']],
  ['Selector matching nothing: ~ (no route binds)', '    allowedRoutes: { namespaces: { from: Selector, selector: { matchLabels: { nobody: "true" } } } }', ['~/*.example.com']],
])('%s', (_name, allowedRoutes, hosts) => {
  expect(gateway(allowedRoutes)).toEqual(hosts);
});
