/**
 * Istio's analyzers over workloads, namespaces and policies, each case in Istio's test shape:
 * `valid: false` means the code is reported (with `says` in the message), `valid: true` is the
 * near miss that must not be. Fixtures follow pkg/config/analysis/analyzers/testdata (named
 * per case) and the Go analyzer each code comes from.
 */
import { findingsOf, withCode } from './helpers';

const ns = (name: string, labels = 'istio-injection: enabled') => `
---
apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: { ${labels} } }
`;
const deployment = (name: string, namespace: string, labels: string, extra = '') => `
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { matchLabels: { ${labels} } }
  template:
    metadata: { labels: { ${labels} }${extra ? `, ${extra}` : ''} }
    spec: { containers: [ { name: app, image: app:1, ports: [ { containerPort: 8080 } ] } ] }
`;
const sidecar = (name: string, namespace: string, selector?: string) => `
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: ${name}, namespace: ${namespace} }
spec:
${selector ? `  workloadSelector: { labels: { ${selector} } }\n` : ''}  egress: [ { hosts: [ "./*" ] } ]
`;
const policy = (name: string, namespace: string, spec: string) => `
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: ${namespace} }
spec:
${spec}`;
const fromNamespaces = (field: string, list: string) => `  rules: [ { from: [ { source: { ${field}: [ ${list} ] } } ] } ]\n`;
const serviceEntry = (name: string, namespace: string, host: string, port: string, exportTo = '') => `
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  hosts: [ ${host} ]
${exportTo}  ports: [ ${port} ]
  resolution: DNS
`;
const autoImage = (kind: 'Pod' | 'Deployment', namespace: string, podLabels = 'app: gw') => kind === 'Pod' ? `
---
apiVersion: v1
kind: Pod
metadata: { name: gw, namespace: ${namespace}, labels: { ${podLabels} } }
spec: { containers: [ { name: istio-proxy, image: auto } ] }
` : `
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: gw, namespace: ${namespace} }
spec:
  selector: { matchLabels: { app: gw } }
  template:
    metadata: { labels: { ${podLabels} } }
    spec: { containers: [ { name: istio-proxy, image: auto } ] }
`;
const service = (name: string, namespace: string, ports: string) => `
---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { app: web }
  ports: [ ${ports} ]
`;
const uidDeployment = (podContext: string, containerContext: string) => `
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      securityContext: { ${podContext} }
      containers:
      - { name: app, image: app:1, securityContext: { ${containerContext} } }
      - { name: istio-proxy, image: proxyv2, securityContext: { runAsUser: 1337 } }
`;
const tlsGateway = (name: string, namespace: string, selector: string, tls: string) => `
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { ${selector} }
  servers:
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: [ "${name}.example.com" ]
    tls: { mode: SIMPLE, ${tls} }
`;
const annotated = (kind: string, annotations: string, template = '') => kind === 'Deployment' ? `
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop, annotations: { ${annotations} } }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web }, annotations: { ${template} } }
    spec: { containers: [ { name: app, image: app:1 } ] }
` : `
---
apiVersion: v1
kind: ${kind}
metadata: { name: web, ${kind === 'Namespace' ? '' : 'namespace: shop, '}annotations: { ${annotations} }${kind === 'Namespace' ? ', labels: { istio-injection: enabled }' : ''} }
${kind === 'Service' ? 'spec: { ports: [ { name: http, port: 80 } ] }' : kind === 'Pod' ? 'spec: { containers: [ { name: app, image: app:1 } ] }' : ''}
`;
const SHOP = ns('shop');
const WEB = deployment('web', 'shop', 'app: web');
const gatewayWithRoute = (vsHost: string, serverHost = 'shop.example.com') => `
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: shop }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: [ "${serverHost}" ]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web, namespace: shop }
spec:
  hosts: [ "${vsHost}" ]
  gateways: [ gw ]
  http: [ { route: [ { destination: { host: web } } ] } ]
`;

interface Case {
  readonly name: string;
  readonly code: string;
  readonly in: string;
  readonly valid: boolean;
  /** For `valid: false`: part of the message; the severity is the code's in messages.yaml. */
  readonly says?: string;
  readonly severity?: 'error' | 'warning' | 'info';
}

const CASES: Case[] = [
  // sidecar.SelectorAnalyzer (testdata/sidecar-selector.yaml)
  { name: 'sidecar selector picks no pod', code: 'IST0101', in: SHOP + WEB + sidecar('web', 'shop', 'app: cart'), valid: false, severity: 'error', says: 'Referenced selector not found: "app=cart"' },
  { name: 'sidecar selector picks a pod', code: 'IST0101', in: SHOP + WEB + sidecar('web', 'shop', 'app: web'), valid: true },
  { name: 'sidecar selector does not look in other namespaces', code: 'IST0101', in: SHOP + ns('other') + deployment('web', 'other', 'app: web') + sidecar('web', 'shop', 'app: web'), valid: false, severity: 'error', says: 'Referenced selector not found: "app=web"' },
  { name: 'two sidecars select one pod', code: 'IST0110', in: SHOP + deployment('web', 'shop', 'app: web, version: v1') + sidecar('by-app', 'shop', 'app: web') + sidecar('by-version', 'shop', 'version: v1'), valid: false, severity: 'error', says: 'The Sidecars [by-app by-version] in namespace "shop" select the same workload pod "web", which can lead to undefined behavior.' },
  { name: 'two sidecars select different pods', code: 'IST0110', in: SHOP + WEB + deployment('cart', 'shop', 'app: cart') + sidecar('web', 'shop', 'app: web') + sidecar('cart', 'shop', 'app: cart'), valid: true },
  // sidecar.DefaultSelectorAnalyzer (testdata/sidecar-default-selector.yaml)
  { name: 'two selector-less sidecars in a namespace', code: 'IST0111', in: SHOP + sidecar('a', 'shop') + sidecar('b', 'shop'), valid: false, severity: 'error', says: 'The Sidecars [a b] in namespace "shop" have no workload selector, which can lead to undefined behavior.' },
  { name: 'selector-less sidecars in two namespaces', code: 'IST0111', in: SHOP + ns('cart') + sidecar('default', 'shop') + sidecar('default', 'cart'), valid: true },
  { name: 'an empty workloadSelector counts as none', code: 'IST0111', in: SHOP + sidecar('a', 'shop') + sidecar('b', 'shop').replace('spec:\n', 'spec:\n  workloadSelector: { labels: {} }\n'), valid: false, severity: 'error', says: 'have no workload selector' },
  { name: 'sidecar in an ambient namespace', code: 'IST0167', in: ns('shop', 'istio.io/dataplane-mode: ambient') + sidecar('default', 'shop'), valid: false, severity: 'warning', says: 'The policy has no impact: namespace is in ambient mode, the policy has no impact.' },
  { name: 'sidecar in an injected namespace that also says ambient', code: 'IST0167', in: ns('shop', 'istio.io/dataplane-mode: ambient, istio-injection: enabled') + sidecar('default', 'shop'), valid: true },
  { name: 'sidecar selecting an ambient pod', code: 'IST0167', in: SHOP + deployment('web', 'shop', 'app: web', 'annotations: { ambient.istio.io/redirection: enabled }') + sidecar('web', 'shop', 'app: web'), valid: false, severity: 'warning', says: 'selected workload is in ambient mode' },

  // authz.AuthorizationPoliciesAnalyzer (testdata/authorizationpolicies.yaml)
  { name: 'policy selector matches no pod', code: 'IST0127', in: SHOP + WEB + policy('deny', 'shop', '  selector: { matchLabels: { app: bogus } }\n'), valid: false, severity: 'warning', says: 'No matching workloads for this resource with the following labels: app=bogus' },
  { name: 'policy selector matches an injected pod', code: 'IST0127', in: SHOP + WEB + policy('deny', 'shop', '  selector: { matchLabels: { app: web } }\n'), valid: true },
  { name: 'policy selector matches only pods outside the mesh', code: 'IST0127', in: ns('shop', 'team: shop') + WEB + policy('deny', 'shop', '  selector: { matchLabels: { app: web } }\n'), valid: false, severity: 'warning', says: 'labels: app=web' },
  { name: 'namespace-wide policy in a namespace without pods', code: 'IST0127', in: SHOP + policy('deny', 'shop', '  action: DENY\n'), valid: false, severity: 'warning', says: 'No matching workloads for this resource with the following labels: ' },
  { name: 'selector-less policy in the root namespace', code: 'IST0127', in: policy('mesh-wide', 'istio-system', '  action: DENY\n'), valid: true },
  { name: 'root-namespace policy selects pods in any namespace', code: 'IST0127', in: SHOP + WEB + policy('mesh-wide', 'istio-system', '  selector: { matchLabels: { app: web } }\n'), valid: true },
  { name: 'policy selecting an ambient pod', code: 'IST0127', in: ns('shop', 'istio.io/dataplane-mode: ambient') + deployment('web', 'shop', 'app: web', 'annotations: { ambient.istio.io/redirection: enabled }') + policy('deny', 'shop', '  selector: { matchLabels: { app: web } }\n'), valid: true },
  { name: 'source namespace that does not exist', code: 'IST0101', in: SHOP + WEB + policy('allow', 'shop', fromNamespaces('namespaces', '"shop", "bogus-*"')), valid: false, severity: 'error', says: 'Referenced namespace not found: "bogus-*" (at rules[0].from[0].source.namespaces)' },
  { name: 'source notNamespaces entry that matches nothing', code: 'IST0101', in: SHOP + WEB + policy('allow', 'shop', fromNamespaces('notNamespaces', '"*-bogus"')), valid: false, severity: 'error', says: 'Referenced namespace not found: "*-bogus"' },
  { name: 'source namespace patterns that match', code: 'IST0101', in: SHOP + ns('prod-web') + ns('web-test') + WEB + policy('allow', 'shop', fromNamespaces('namespaces', '"prod-*", "*-test", "*", "SHOP", "istio-system"')), valid: true },

  // serviceentry.ConflictingServiceEntryProtocolAnalyzer (testdata/serviceentry-conflicting-protocol.yaml)
  { name: 'one host and port, two protocols', code: 'IST0177', in: serviceEntry('api-http', 'default', 'api.example.com', '{ number: 443, name: http, protocol: HTTP }') + serviceEntry('api-tls', 'default', 'api.example.com', '{ number: 443, name: tls, protocol: TLS }'), valid: false, severity: 'warning', says: 'Multiple ServiceEntries (default/api-http, default/api-tls) define the same host "api.example.com" and port 443 with conflicting protocols (HTTP, TLS).' },
  { name: 'one host, protocols on different ports', code: 'IST0177', in: serviceEntry('api-http', 'default', 'api.example.com', '{ number: 80, name: http, protocol: HTTP }') + serviceEntry('api-tls', 'default', 'api.example.com', '{ number: 443, name: tls, protocol: tls }'), valid: true },
  { name: 'conflict between an exported and a namespace-local entry', code: 'IST0177', in: serviceEntry('a', 'team-a', 'api.example.com', '{ number: 443, name: tls, protocol: TLS }', '  exportTo: [ "." ]\n') + serviceEntry('b', 'team-b', 'api.example.com', '{ number: 443, name: http, protocol: HTTP }'), valid: false, severity: 'warning', says: '(team-a/a, team-b/b)' },
  { name: 'entries never visible together', code: 'IST0177', in: serviceEntry('a', 'team-a', 'api.example.com', '{ number: 443, name: tls, protocol: TLS }', '  exportTo: [ "." ]\n') + serviceEntry('b', 'team-b', 'api.example.com', '{ number: 443, name: http, protocol: HTTP }', '  exportTo: [ "." ]\n'), valid: true },

  // injection.ImageAutoAnalyzer (testdata/image-auto.yaml)
  { name: 'a Pod with image: auto', code: 'IST0147', in: SHOP + autoImage('Pod', 'shop'), valid: false, severity: 'error', says: 'Pod gw contains `image: auto` but does not match any Istio injection webhook selectors.' },
  { name: 'a Pod with a real proxy image', code: 'IST0147', in: SHOP + autoImage('Pod', 'shop').replace('image: auto', 'image: istio/proxyv2:1.30.3'), valid: true },
  { name: 'a Deployment with image: auto in a namespace without injection', code: 'IST0146', in: ns('shop', 'team: shop') + autoImage('Deployment', 'shop'), valid: false, severity: 'warning', says: 'Deployment gw contains `image: auto` but does not match any Istio injection webhook selectors.' },
  { name: 'a Deployment with image: auto in an injected namespace', code: 'IST0146', in: SHOP + autoImage('Deployment', 'shop'), valid: true },
  { name: 'a Deployment with image: auto in a revision-labelled namespace', code: 'IST0146', in: ns('shop', 'istio.io/rev: default') + autoImage('Deployment', 'shop'), valid: true },
  { name: 'a Deployment with image: auto opting in by pod label', code: 'IST0146', in: autoImage('Deployment', 'shop', 'app: gw, sidecar.istio.io/inject: "true"'), valid: true },
  { name: 'a Deployment with image: auto opting out by pod label', code: 'IST0146', in: SHOP + autoImage('Deployment', 'shop', 'app: gw, sidecar.istio.io/inject: "false"'), valid: false, severity: 'warning', says: 'Deployment gw contains `image: auto`' },

  // injection.Analyzer (testdata/injection.yaml)
  { name: 'namespace without injection label', code: 'IST0102', in: ns('shop', 'team: shop'), valid: false, severity: 'info', says: "The namespace is not enabled for Istio injection. Run 'kubectl label namespace shop istio-injection=enabled' to enable it" },
  { name: 'namespace explicitly not injected', code: 'IST0102', in: ns('shop', 'istio-injection: disabled'), valid: true },
  { name: 'istio-system is not judged', code: 'IST0102', in: ns('istio-system', 'team: platform'), valid: true },
  { name: 'ambient namespace needs no injection label', code: 'IST0102', in: ns('shop', 'istio.io/dataplane-mode: ambient'), valid: true },
  { name: 'namespace with both injection labels', code: 'IST0123', in: ns('shop', 'istio-injection: enabled, istio.io/rev: canary'), valid: false, severity: 'warning', says: 'The namespace has more than one type of injection labels [istio-injection=enabled istio.io/rev=canary], which may lead to undefined behavior.' },
  { name: 'namespace with the revision label and ambient mode', code: 'IST0123', in: ns('shop', 'istio.io/rev: canary, istio.io/dataplane-mode: ambient'), valid: false, severity: 'warning', says: '[istio.io/rev=canary istio.io/dataplane-mode=ambient]' },
  { name: 'injection disabled next to a revision label', code: 'IST0123', in: ns('shop', 'istio-injection: disabled, istio.io/rev: canary'), valid: true },
  { name: 'namespace with the revision label only', code: 'IST0123', in: ns('shop', 'istio.io/rev: canary'), valid: true },

  // deployment.ServiceAssociationAnalyzer (testdata/deployment-multi-service.yaml)
  { name: 'two services, one port, two protocols', code: 'IST0116', in: SHOP + WEB + service('web-tcp', 'shop', '{ name: tcp, port: 8080 }') + service('web-udp', 'shop', '{ name: udp, port: 8080, protocol: UDP }'), valid: false, severity: 'warning', says: 'This deployment web is associated with multiple services using port 8080 but different protocols: [shop/web-tcp shop/web-udp]' },
  { name: 'two services, one port, one protocol', code: 'IST0116', in: SHOP + WEB + service('web-a', 'shop', '{ name: http, port: 8080 }') + service('web-b', 'shop', '{ name: http, port: 8080, protocol: TCP }'), valid: true },
  { name: 'conflicting services outside the mesh', code: 'IST0116', in: ns('shop', 'istio-injection: disabled') + WEB + service('web-tcp', 'shop', '{ name: tcp, port: 8080 }') + service('web-udp', 'shop', '{ name: udp, port: 8080, protocol: UDP }'), valid: true },
  { name: 'one targetPort behind two service ports', code: 'IST0137', in: SHOP + WEB + service('web', 'shop', '{ name: http, port: 80, targetPort: 8080 }') + service('web-alt', 'shop', '{ name: http, port: 8080 }'), valid: false, severity: 'warning', says: 'This deployment web is associated with multiple services [shop/web shop/web-alt] using targetPort "8080" but different ports: [80 8080].' },
  { name: 'one targetPort behind the same service port', code: 'IST0137', in: SHOP + WEB + service('web', 'shop', '{ name: http, port: 80, targetPort: 8080 }') + service('web-alt', 'shop', '{ name: http, port: 80, targetPort: 8080 }'), valid: true },

  // deployment.ApplicationUIDAnalyzer (testdata/deployment-con-sec-uid.yaml, deployment-pod-sec-uid.yaml)
  { name: 'application container runs as 1337', code: 'IST0144', in: SHOP + uidDeployment('', 'runAsUser: 1337'), valid: false, severity: 'warning', says: 'User ID (UID) 1337 is reserved for the sidecar proxy (container app).' },
  { name: 'pod runs as 1337', code: 'IST0144', in: SHOP + uidDeployment('runAsUser: 1337', ''), valid: false, severity: 'warning', says: 'User ID (UID) 1337 is reserved for the sidecar proxy (pod securityContext.runAsUser).' },
  { name: 'only the istio-proxy container runs as 1337', code: 'IST0144', in: SHOP + uidDeployment('runAsUser: 1000', 'runAsUser: 1001'), valid: true },

  // gateway.CertificateAnalyzer (testdata/gateway-duplicate-certificate.yaml)
  { name: 'two gateways on the same pods share a credential', code: 'IST0138', in: tlsGateway('a', 'shop', 'istio: ingressgateway', 'credentialName: wildcard') + tlsGateway('b', 'shop', 'istio: ingressgateway', 'credentialName: wildcard'), valid: false, severity: 'warning', says: 'Duplicate certificate in multiple gateways [shop/a shop/b] may cause 404s if clients re-use HTTP2 connections.' },
  { name: 'two gateways on the same pods, different credentials', code: 'IST0138', in: tlsGateway('a', 'shop', 'istio: ingressgateway', 'credentialName: a-cert') + tlsGateway('b', 'shop', 'istio: ingressgateway', 'credentialName: b-cert'), valid: true },
  { name: 'same certificate files', code: 'IST0138', in: tlsGateway('a', 'shop', 'istio: ingressgateway', 'serverCertificate: /c.pem, privateKey: /k.pem') + tlsGateway('b', 'shop', 'istio: ingressgateway', 'serverCertificate: /c.pem, privateKey: /k.pem'), valid: false, severity: 'warning', says: '[shop/a shop/b]' },
  { name: 'same credential on different gateway pods', code: 'IST0138', in: tlsGateway('a', 'shop', 'istio: ingressgateway', 'credentialName: wildcard') + tlsGateway('b', 'shop', 'istio: shop-gateway', 'credentialName: wildcard'), valid: true },

  // annotations.K8sAnalyzer (testdata/misannotated.yaml)
  { name: 'unknown Istio annotation', code: 'IST0108', in: SHOP + annotated('Pod', 'sidecar.istio.io/proxyCPUs: 100m'), valid: false, severity: 'warning', says: 'Unknown annotation: sidecar.istio.io/proxyCPUs' },
  { name: 'known Istio annotation and foreign ones', code: 'IST0108', in: SHOP + annotated('Pod', 'sidecar.istio.io/proxyCPU: 100m, example.com/istio: x'), valid: true },
  { name: 'pod annotation on a Service', code: 'IST0107', in: SHOP + annotated('Service', 'sidecar.istio.io/proxyCPU: 100m'), valid: false, severity: 'warning', says: 'Misplaced annotation: sidecar.istio.io/proxyCPU can only be applied to Pod' },
  { name: 'pod annotation on a Deployment\'s own metadata', code: 'IST0107', in: SHOP + annotated('Deployment', 'sidecar.istio.io/proxyCPU: 100m'), valid: false, severity: 'warning', says: 'Misplaced annotation: sidecar.istio.io/proxyCPU can only be applied to Pod' },
  { name: 'pod annotation in a Deployment\'s pod template', code: 'IST0107', in: SHOP + annotated('Deployment', '', 'sidecar.istio.io/proxyCPU: 100m'), valid: true },
  { name: 'annotations istiod sets are not judged, even misplaced', code: 'IST0107', in: SHOP + annotated('Service', 'sidecar.istio.io/status: "{}", istio.io/rev: default'), valid: true },
  { name: 'service annotation on a Service', code: 'IST0107', in: SHOP + annotated('Service', 'networking.istio.io/exportTo: "."'), valid: true },
  { name: 'annotation for any kind on a Namespace', code: 'IST0107', in: annotated('Namespace', 'galley.istio.io/analyze-suppress: IST0102'), valid: true },
  { name: 'interception mode that does not exist', code: 'IST0125', in: SHOP + annotated('Pod', 'sidecar.istio.io/interceptionMode: DNAT'), valid: false, severity: 'warning', says: 'Invalid annotation sidecar.istio.io/interceptionMode: interceptionMode invalid, use REDIRECT,TPROXY,NONE: DNAT' },
  { name: 'port list with a word, in a pod template', code: 'IST0125', in: SHOP + annotated('Deployment', '', 'traffic.sidecar.istio.io/excludeOutboundPorts: "443,http"'), valid: false, severity: 'warning', says: 'Invalid annotation traffic.sidecar.istio.io/excludeOutboundPorts (in the pod template): excludeOutboundPorts invalid' },
  { name: 'well-formed traffic annotations', code: 'IST0125', in: SHOP + annotated('Pod', 'traffic.sidecar.istio.io/excludeOutboundPorts: "443, 8443", traffic.sidecar.istio.io/includeOutboundIPRanges: "*", traffic.sidecar.istio.io/excludeOutboundIPRanges: "10.0.0.0/8,fd00::/8", prometheus.istio.io/merge-metrics: "false"'), valid: true },
  { name: 'IP range without a prefix length', code: 'IST0125', in: SHOP + annotated('Pod', 'traffic.sidecar.istio.io/excludeOutboundIPRanges: "10.0.0.1"'), valid: false, severity: 'warning', says: "excludeIPRanges invalid: failed parsing cidr '10.0.0.1'" },

  // This library's lint: a Sidecar egress host in a namespace that does not exist.
  { name: 'sidecar egress into a namespace that does not exist', code: 'CIT125', in: SHOP + sidecar('default', 'shop').replace('"./*"', '"./*", "shopp/*"'), valid: false, severity: 'warning', says: 'Sidecar egress host "shopp/*" (egress[0]) names namespace shopp, which does not exist' },
  { name: 'sidecar egress into existing, implied and wildcard namespaces', code: 'CIT125', in: SHOP + ns('cart') + sidecar('default', 'shop').replace('"./*"', '"./*", "cart/*", "istio-system/*", "*/api.example.com", "~/*", "kube-system/kube-dns.kube-system.svc.cluster.local"'), valid: true },

  // This library's lint: a Gateway server host no bound VirtualService routes.
  { name: 'gateway host with no route', code: 'CIT122', in: SHOP + WEB + gatewayWithRoute('other.example.com'), valid: false, severity: 'warning', says: 'Gateway server host "shop.example.com" (servers[0], port 80) is routed by no VirtualService bound to Gateway shop/gw' },
  { name: 'gateway host with a route', code: 'CIT122', in: SHOP + WEB + gatewayWithRoute('shop.example.com'), valid: true },
  { name: 'wildcard gateway host with a route for one name', code: 'CIT122', in: SHOP + WEB + gatewayWithRoute('shop.example.com', '*.example.com'), valid: true },
  { name: 'gateway host reserved for a namespace without routes', code: 'CIT122', in: SHOP + WEB + gatewayWithRoute('shop.example.com', 'other/shop.example.com'), valid: false, severity: 'warning', says: '"other/shop.example.com"' },
  { name: 'gateway host routed by a VirtualService hidden from the gateway pods', code: 'CIT122', in: SHOP + WEB + gatewayWithRoute('shop.example.com').replace('  gateways: [ gw ]', '  gateways: [ gw ]\n  exportTo: [ "." ]'), valid: false, severity: 'warning', says: 'is routed only by VirtualService shop/web, not exported to the gateway pods\' namespace istio-system' },
  { name: 'gateway host routed by a VirtualService exported to the gateway pods', code: 'CIT122', in: SHOP + WEB + gatewayWithRoute('shop.example.com').replace('  gateways: [ gw ]', '  gateways: [ gw ]\n  exportTo: [ ".", istio-system ]'), valid: true },
  { name: 'HTTPS-redirect server needs no route', code: 'CIT122', in: SHOP + WEB + gatewayWithRoute('other.example.com').replace('hosts: [ "shop.example.com" ]', 'hosts: [ "shop.example.com" ]\n    tls: { httpsRedirect: true }'), valid: true },
];

describe('workload, namespace and policy analyzers', () => {
  it.each(CASES.filter((c) => !c.valid))('$code $name: reported', ({ code, in: yaml, says, severity }) => {
    const found = withCode(findingsOf(yaml), code);
    expect(found.map((f) => f.message).join('\n')).toContain(says);
    expect(found.every((f) => f.severity === severity && f.message.includes(' Fix: '))).toBe(true);
  });

  it.each(CASES.filter((c) => c.valid))('$code $name: not reported', ({ code, in: yaml }) => {
    expect(withCode(findingsOf(yaml), code).map((f) => f.message)).toEqual([]);
  });

  it('every case\'s code has a positive and a near miss', () => {
    const codes = new Set(CASES.map((c) => c.code));
    for (const code of codes) {
      expect(CASES.some((c) => c.code === code && !c.valid)).toBe(true);
      expect(CASES.some((c) => c.code === code && c.valid)).toBe(true);
    }
  });

  it('IST0110 names each conflicting Sidecar once per shared pod, on every Sidecar', () => {
    const found = withCode(findingsOf(SHOP + deployment('web', 'shop', 'app: web, version: v1') + sidecar('by-app', 'shop', 'app: web') + sidecar('by-version', 'shop', 'version: v1')), 'IST0110');
    expect(found.map((f) => f.name)).toEqual(['by-app', 'by-version']);
  });

  it('IST0177 reports each ServiceEntry once, even when it conflicts on several ports', () => {
    const a = serviceEntry('a', 'default', 'api.example.com', '{ number: 443, name: tls, protocol: TLS }, { number: 8443, name: tls-alt, protocol: TLS }');
    const b = serviceEntry('b', 'default', 'api.example.com', '{ number: 443, name: http, protocol: HTTP }, { number: 8443, name: http-alt, protocol: HTTP }');
    expect(withCode(findingsOf(a + b), 'IST0177').map((f) => f.name)).toEqual(['a', 'b']);
  });

  it('IST0138 is reported on the Gateway whose selector the other includes (getGatewaysWithSelector)', () => {
    const broad = tlsGateway('a', 'shop', 'istio: ingressgateway', 'credentialName: wildcard');
    const narrow = tlsGateway('b', 'shop', 'istio: ingressgateway, app: shop', 'credentialName: wildcard');
    const anyPods = tlsGateway('c', 'shop', '', 'credentialName: wildcard');
    expect(withCode(findingsOf(broad + narrow), 'IST0138').map((f) => f.message.split(' may')[0])).toEqual(['Duplicate certificate in multiple gateways [shop/a shop/b]']);
    expect(withCode(findingsOf(anyPods + broad), 'IST0138').map((f) => f.message.split(' may')[0])).toEqual(['Duplicate certificate in multiple gateways [shop/c shop/a]']);
  });

  it('IST0146 follows the injection webhooks given in the input instead of the default ones', () => {
    const webhook = `
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: { name: istio-sidecar-injector-canary }
webhooks:
- name: namespace.sidecar-injector.istio.io
  namespaceSelector: { matchLabels: { istio.io/rev: canary } }
`;
    expect(withCode(findingsOf(SHOP + autoImage('Deployment', 'shop') + webhook), 'IST0146')).toHaveLength(1);
    expect(withCode(findingsOf(ns('shop', 'istio.io/rev: canary') + autoImage('Deployment', 'shop') + webhook), 'IST0146')).toEqual([]);
  });
});

describe('delegate VirtualServices (mergeVirtualServicesIfNeeded)', () => {
  const root = (delegate: string, match = '') => `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: root, namespace: shop }
spec:
  hosts: [ shop.example.com ]
  gateways: [ gw ]
  http:
  - ${match}delegate: { ${delegate} }
`;
  const delegateVs = (namespace: string, spec: string) => `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: ${namespace} }
spec:
${spec}`;
  const ROUTE = '  http: [ { match: [ { uri: { prefix: /reviews/v2 } } ], route: [ { destination: { host: reviews } } ] } ]\n';
  const DELEGATE_CASES: Case[] = [
    { name: 'delegate that does not exist', code: 'CIT123', in: root('name: reviews'), valid: false, severity: 'error', says: 'http[0].delegate names VirtualService shop/reviews, which does not exist; istiod drops the route.' },
    { name: 'delegate in the root namespace', code: 'CIT123', in: root('name: reviews') + delegateVs('shop', ROUTE), valid: true },
    { name: 'delegate in another namespace', code: 'CIT123', in: root('name: reviews, namespace: team-b') + delegateVs('team-b', ROUTE), valid: true },
    { name: 'delegate with hosts', code: 'CIT123', in: root('name: reviews') + delegateVs('shop', '  hosts: [ reviews ]\n' + ROUTE), valid: false, severity: 'error', says: 'which has hosts, so it is not a delegate' },
    { name: 'delegate not exported to the root', code: 'CIT123', in: root('name: reviews, namespace: team-b') + delegateVs('team-b', '  exportTo: [ "." ]\n' + ROUTE), valid: false, severity: 'error', says: 'which is not exported to namespace shop' },
    { name: 'delegate match outside the root match', code: 'CIT124', in: root('name: reviews', 'match: [ { uri: { prefix: /ratings } } ]\n    ') + delegateVs('shop', ROUTE), valid: false, severity: 'warning', says: 'http[0] of delegate VirtualService shop/reviews matches nothing inside the match of http[0] of its root shop/root' },
    { name: 'delegate match narrowing the root match', code: 'CIT124', in: root('name: reviews', 'match: [ { uri: { prefix: /reviews } } ]\n    ') + delegateVs('shop', ROUTE), valid: true },
    { name: 'root without match', code: 'CIT124', in: root('name: reviews') + delegateVs('shop', ROUTE), valid: true },
  ];

  it.each(DELEGATE_CASES.filter((c) => !c.valid))('$code $name: reported', ({ code, in: yaml, says, severity }) => {
    const found = withCode(findingsOf(yaml), code);
    expect(found.map((f) => f.message).join('\n')).toContain(says);
    expect(found.every((f) => f.severity === severity && f.message.includes(' Fix: '))).toBe(true);
  });

  it.each(DELEGATE_CASES.filter((c) => c.valid))('$code $name: not reported', ({ code, in: yaml }) => {
    expect(withCode(findingsOf(yaml), code).map((f) => f.message)).toEqual([]);
  });
});
