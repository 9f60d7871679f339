/** Builds models from inline YAML so each test shows the manifests it judges. */
import { check, Finding } from '../../src/analysis';
import { MeshEnvironment, MeshModel, parseManifests } from '../../src/model';

export function findingsOf(yaml: string, environment: MeshEnvironment = {}): Finding[] {
  return check(MeshModel.fromLoaded(parseManifests(yaml, 'inline.yaml'), environment));
}

export function withCode(findings: readonly Finding[], code: string): Finding[] {
  return findings.filter((f) => f.code === code);
}

/** Deployment + Service `reviews` in `bookinfo` with pods for v1 and v2; port named http. */
export const REVIEWS = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: reviews-v1, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: reviews, version: v1 } }
  template:
    metadata: { labels: { app: reviews, version: v1 } }
    spec: { containers: [ { name: app, image: reviews:1, ports: [ { containerPort: 9080 } ] } ] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: reviews-v2, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: reviews, version: v2 } }
  template:
    metadata: { labels: { app: reviews, version: v2 } }
    spec: { containers: [ { name: app, image: reviews:2, ports: [ { containerPort: 9080 } ] } ] }
---
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: bookinfo }
spec:
  selector: { app: reviews }
  ports: [ { name: http, port: 9080 } ]
`;

export const REVIEWS_DR = `
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec:
  host: reviews
  subsets:
  - { name: v1, labels: { version: v1 } }
  - { name: v2, labels: { version: v2 } }
`;

/** A mesh VirtualService for reviews in bookinfo with the given `http:` block (indented 2). */
export function reviewsVs(http: string, extraSpec = ''): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo }
spec:
  hosts: [ reviews ]
${extraSpec}  http:
${http}`;
}

/** A Gateway on the default ingress gateway. */
export function gateway(name: string, namespace: string, servers: string): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { istio: ingressgateway }
  servers:
${servers}`;
}

/** A Service `name` in `ns` selecting `app: <name>`, one port named http. */
export function serviceYaml(name: string, ns: string): string {
  return `
---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { app: ${name} }
  ports: [ { name: http, port: 80 } ]
`;
}
