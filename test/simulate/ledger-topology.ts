/**
 * The manifests the authorization and mTLS tests share (issue 12's scene): `ledger` in namespace
 * `ledger` (ServiceAccount ledger, Service port 80 → target port 8080), callers in `payments`
 * (`batch-job` and `api`, each with its own ServiceAccount), and Gateway ledger/public on Istio's
 * default ingress gateway routing ledger.example.com to ledger.
 */

const deployment = (name: string, namespace: string, labels: string, serviceAccount: string, ports = '') => `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { matchLabels: { ${labels} } }
  template:
    metadata: { labels: { ${labels} } }
    spec: { serviceAccountName: ${serviceAccount}, containers: [ { name: app, image: ${name}:1${ports} } ] }
`;

export const LEDGER = `${deployment('ledger', 'ledger', 'app: ledger', 'ledger', ', ports: [ { containerPort: 8080 } ]')}---
apiVersion: v1
kind: Service
metadata: { name: ledger, namespace: ledger }
spec: { selector: { app: ledger }, ports: [ { name: http, port: 80, targetPort: 8080 } ] }
`;

export const BATCH_JOB = deployment('batch-job', 'payments', 'app: batch-job', 'batch-job');
export const API = deployment('api', 'payments', 'app: api', 'api');

export const LEDGER_GATEWAY = `---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public, namespace: ledger }
spec:
  selector: { istio: ingressgateway }
  servers: [ { port: { number: 80, name: http, protocol: HTTP }, hosts: [ ledger.example.com ] } ]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: public, namespace: ledger }
spec:
  hosts: [ ledger.example.com ]
  gateways: [ public ]
  http: [ { route: [ { destination: { host: ledger } } ] } ]
`;

/**
 * An egress gateway `egress` in `namespace` (ServiceAccount egress) for httpbin.org, whose
 * AuthorizationPolicy admits the namespaces `admits` for that host.
 */
export function egressGateway(namespace: string, admits: string): string {
  return `${deployment('egress', namespace, 'istio: egress', 'egress')}---
apiVersion: v1
kind: Service
metadata: { name: egress, namespace: ${namespace} }
spec: { selector: { istio: egress }, ports: [ { name: http, port: 80 } ] }
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: egress, namespace: ${namespace} }
spec:
  selector: { istio: egress }
  servers: [ { port: { number: 80, name: http, protocol: HTTP }, hosts: [ httpbin.org ] } ]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: egress, namespace: ${namespace} }
spec:
  selector: { matchLabels: { istio: egress } }
  rules: [ { from: [ { source: { namespaces: [ ${admits} ] } } ], to: [ { operation: { hosts: [ httpbin.org ] } } ] } ]
`;
}
