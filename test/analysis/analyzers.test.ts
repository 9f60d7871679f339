/**
 * The cross-resource analyzers (SEMANTICS §3) and this library's own checks: each case has the
 * manifests that trigger the code and a near miss that must not.
 */
import { findingsOf, gateway, REVIEWS, REVIEWS_DR, reviewsVs, withCode, serviceYaml } from './helpers';

const HTTP80 = '  - port: { number: 80, name: http, protocol: HTTP }\n    hosts: [ "a.example.com" ]\n';
const routeTo = (dest: string) => `  - route:\n    - destination: ${dest}\n`;
const gatewayVs = (ns: string, gw: string, hosts: string, http: string) => `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web, namespace: ${ns} }
spec:
  hosts: [ ${hosts} ]
  gateways: [ ${gw} ]
  http:
${http}`;
const TWO_PORT_SVC = `
---
apiVersion: v1
kind: Service
metadata: { name: ratings, namespace: bookinfo }
spec:
  selector: { app: ratings }
  ports: [ { name: http, port: 9080 }, { name: grpc, port: 9090 } ]
`;
const dr = (spec: string) => `
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: rule, namespace: bookinfo }
spec:
${spec}`;
const se = (spec: string) => `
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: external, namespace: bookinfo }
spec:
${spec}`;
const teamGateway = (ns: string, selector: string) => `
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: ${ns} }
spec:
  selector: { ${selector} }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: [ "${ns}.example.com" ]
`;
const TEAM_B_GATEWAY_PODS = `
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: team-b-gateway, namespace: team-b }
spec:
  selector: { matchLabels: { istio: team-b-gateway } }
  template:
    metadata: { labels: { istio: team-b-gateway } }
    spec: { containers: [ { name: istio-proxy, image: proxyv2 } ] }
---
apiVersion: v1
kind: Service
metadata: { name: team-b-gateway, namespace: team-b, labels: { istio: team-b-gateway } }
spec:
  selector: { istio: team-b-gateway }
  ports: [ { name: http2, port: 80, targetPort: 8080 } ]
`;
const SVC_IN = serviceYaml;
const REGISTRY_ONLY_SIDECAR = `
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: default, namespace: bookinfo }
spec:
  outboundTrafficPolicy: { mode: REGISTRY_ONLY }
`;
const EXTERNAL_VS = reviewsVs(routeTo('{ host: api.external.com }'));

interface Case { readonly name: string; readonly code: string; readonly severity: string; readonly bad: string; readonly good: string; readonly says: string }

const CASES: Case[] = [
  { name: 'gateway not found', code: 'IST0101', severity: 'error', bad: REVIEWS + gatewayVs('bookinfo', 'missing', '"a.example.com"', routeTo('{ host: reviews }')), good: REVIEWS + gateway('missing', 'bookinfo', HTTP80) + gatewayVs('bookinfo', 'missing', '"a.example.com"', routeTo('{ host: reviews }')), says: 'Referenced gateway not found: "missing"' },
  { name: 'gateway in another namespace named bare', code: 'IST0101', severity: 'error', bad: REVIEWS + gateway('gw', 'team-a', HTTP80) + gatewayVs('bookinfo', 'gw', '"a.example.com"', routeTo('{ host: reviews }')), good: REVIEWS + gateway('gw', 'team-a', HTTP80) + gatewayVs('bookinfo', 'team-a/gw', '"a.example.com"', routeTo('{ host: reviews }')), says: 'reference it as "team-a/gw"' },
  { name: 'destination host not found', code: 'IST0101', severity: 'error', bad: REVIEWS + reviewsVs(routeTo('{ host: ratings }')), good: REVIEWS + reviewsVs(routeTo('{ host: reviews }')), says: 'Referenced host not found: "ratings"' },
  { name: 'subset not defined', code: 'IST0101', severity: 'error', bad: REVIEWS + REVIEWS_DR + reviewsVs(routeTo('{ host: reviews, subset: v3 }')), good: REVIEWS + REVIEWS_DR + reviewsVs(routeTo('{ host: reviews, subset: v2 }')), says: 'Referenced host+subset in destinationrule not found: "reviews+v3"' },
  { name: 'mirror host not found', code: 'IST0101', severity: 'error', bad: REVIEWS + reviewsVs(routeTo('{ host: reviews }') + '    mirror: { host: shadow }\n'), good: REVIEWS + reviewsVs(routeTo('{ host: reviews }') + '    mirror: { host: reviews.bookinfo.svc.cluster.local }\n'), says: 'Referenced mirror host not found: "shadow"' },
  { name: 'destination port not on service', code: 'IST0101', severity: 'error', bad: REVIEWS + reviewsVs(routeTo('{ host: reviews, port: { number: 9999 } }')), good: REVIEWS + reviewsVs(routeTo('{ host: reviews, port: { number: 9080 } }')), says: 'Referenced host:port not found: "reviews:9999"' },
  { name: 'gateway selector picks no pods', code: 'IST0101', severity: 'error', bad: teamGateway('team-b', 'istio: team-b-gateway'), good: TEAM_B_GATEWAY_PODS + teamGateway('team-b', 'istio: team-b-gateway'), says: 'Referenced selector not found: "istio=team-b-gateway"' },
  { name: 'credential secret missing', code: 'IST0101', severity: 'error', bad: gateway('gw', 'team-a', '  - port: { number: 443, name: https, protocol: HTTPS }\n    hosts: [ "a.example.com" ]\n    tls: { mode: SIMPLE, credentialName: a-cert }\n'), good: gateway('gw', 'team-a', '  - port: { number: 443, name: https, protocol: HTTPS }\n    hosts: [ "a.example.com" ]\n    tls: { mode: SIMPLE, credentialName: a-cert }\n') + '\n---\napiVersion: v1\nkind: Secret\nmetadata: { name: a-cert, namespace: istio-system }\ntype: kubernetes.io/tls\n', says: 'Referenced credentialName not found: "a-cert"' },
  { name: 'two mesh VirtualServices for one host', code: 'IST0109', severity: 'error', bad: REVIEWS + reviewsVs(routeTo('{ host: reviews }')) + reviewsVs(routeTo('{ host: reviews }')).replace('name: reviews,', 'name: reviews-2,'), good: REVIEWS + reviewsVs(routeTo('{ host: reviews }')) + reviewsVs(routeTo('{ host: reviews }'), '  gateways: [ istio-system/ingress ]\n').replace('name: reviews,', 'name: reviews-2,'), says: 'The VirtualServices bookinfo/reviews,bookinfo/reviews-2 associated with mesh gateway define the same host reviews.bookinfo.svc.cluster.local' },
  { name: 'destination without port on a two-port service', code: 'IST0112', severity: 'error', bad: TWO_PORT_SVC + reviewsVs(routeTo('{ host: ratings }')), good: TWO_PORT_SVC + reviewsVs(routeTo('{ host: ratings, port: { number: 9080 } }')), says: 'routes to a service "ratings" that exposes multiple ports [9080 9090]' },
  { name: 'port not named by protocol', code: 'IST0118', severity: 'info', bad: SVC_IN('web', 'shop').replace('name: http, port: 80', 'name: web, port: 80'), good: SVC_IN('web', 'shop').replace('name: http, port: 80', 'name: web, appProtocol: http, port: 80'), says: 'Port name web (port: 80, targetPort: 80) doesn\'t follow the naming convention of Istio port.' },
  { name: 'TLS origination without CA', code: 'IST0128', severity: 'error', bad: se('  hosts: [ db.example.com ]\n  ports: [ { number: 443, name: tls, protocol: TLS } ]\n  resolution: DNS\n') + dr('  host: db.example.com\n  trafficPolicy: { tls: { mode: SIMPLE } }\n'), good: se('  hosts: [ db.example.com ]\n  ports: [ { number: 443, name: tls, protocol: TLS } ]\n  resolution: DNS\n') + dr('  host: db.example.com\n  trafficPolicy: { tls: { mode: SIMPLE, caCertificates: /etc/ca.pem } }\n'), says: 'DestinationRule bookinfo/rule in namespace bookinfo has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: db.example.com' },
  { name: 'port-level TLS origination without CA', code: 'IST0129', severity: 'warning', bad: REVIEWS + dr('  host: reviews\n  trafficPolicy:\n    portLevelSettings: [ { port: { number: 9080 }, tls: { mode: MUTUAL, clientCertificate: /c, privateKey: /k } } ]\n'), good: REVIEWS + dr('  host: reviews\n  workloadSelector: { matchLabels: { app: reviews } }\n  trafficPolicy:\n    portLevelSettings: [ { port: { number: 9080 }, tls: { mode: MUTUAL, credentialName: client } } ]\n'), says: 'at port number:9080' },
  { name: 'second match-less rule', code: 'IST0130', severity: 'warning', bad: REVIEWS + reviewsVs(routeTo('{ host: reviews }') + routeTo('{ host: reviews }')), good: REVIEWS + reviewsVs('  - match: [ { uri: { prefix: /v2 } } ]\n    route: [ { destination: { host: reviews } } ]\n' + routeTo('{ host: reviews }')), says: 'VirtualService rule #1 not used (only the last rule can have no matches)' },
  { name: 'rule after a match-less rule', code: 'IST0130', severity: 'warning', bad: REVIEWS + reviewsVs(routeTo('{ host: reviews }') + '  - match: [ { uri: { prefix: /v2 } } ]\n    route: [ { destination: { host: reviews } } ]\n'), good: REVIEWS + reviewsVs('  - match: [ { uri: { prefix: /v2 } } ]\n    route: [ { destination: { host: reviews } } ]\n' + routeTo('{ host: reviews }')), says: 'VirtualService rule #1 not used (route without matches defined before)' },
  { name: 'all matches duplicated', code: 'IST0130', severity: 'warning', bad: REVIEWS + reviewsVs('  - match: [ { uri: { exact: /a } } ]\n    route: [ { destination: { host: reviews } } ]\n  - match: [ { uri: { exact: /a } } ]\n    route: [ { destination: { host: reviews } } ]\n'), good: REVIEWS + reviewsVs('  - match: [ { uri: { exact: /a } } ]\n    route: [ { destination: { host: reviews } } ]\n  - match: [ { uri: { exact: /a } }, { uri: { exact: /b } } ]\n    route: [ { destination: { host: reviews } } ]\n'), says: 'VirtualService rule #1 not used (all matches used by prior rules)' },
  { name: 'match covered by an earlier prefix', code: 'IST0131', severity: 'info', bad: REVIEWS + reviewsVs('  - name: api\n    match: [ { uri: { prefix: /v1 } } ]\n    route: [ { destination: { host: reviews } } ]\n  - match: [ { uri: { prefix: /v1/orders } } ]\n    route: [ { destination: { host: reviews } } ]\n'), good: REVIEWS + reviewsVs('  - match: [ { uri: { prefix: /v1/orders } } ]\n    route: [ { destination: { host: reviews } } ]\n  - name: api\n    match: [ { uri: { prefix: /v1 } } ]\n    route: [ { destination: { host: reviews } } ]\n'), says: 'VirtualService rule #1 match #0 of prefix /v1/orders is not used (duplicate/overlapping match in rule #0 of prefix /v1 on "api")' },
  { name: 'VirtualService host not on its Gateway', code: 'IST0132', severity: 'warning', bad: REVIEWS + gateway('gw', 'bookinfo', HTTP80) + gatewayVs('bookinfo', 'gw', '"b.example.com"', routeTo('{ host: reviews }')), good: REVIEWS + gateway('gw', 'bookinfo', HTTP80) + gatewayVs('bookinfo', 'gw', '"a.example.com"', routeTo('{ host: reviews }')), says: 'one or more host [b.example.com] defined in VirtualService bookinfo/web not found in Gateway bookinfo/gw' },
  { name: 'TCP ServiceEntry without addresses', code: 'IST0134', severity: 'warning', bad: se('  hosts: [ db.example.com ]\n  ports: [ { number: 5432, name: tcp-pg, protocol: TCP } ]\n  resolution: DNS\n'), good: se('  hosts: [ db.example.com ]\n  addresses: [ 10.1.2.3 ]\n  ports: [ { number: 5432, name: tcp-pg, protocol: TCP } ]\n  resolution: DNS\n'), says: 'ServiceEntry addresses are required for this protocol (port 5432 "tcp-pg", protocol TCP)' },
  { name: 'ingress route bypasses subsets', code: 'IST0140', severity: 'warning', bad: REVIEWS + REVIEWS_DR + reviewsVs(routeTo('{ host: reviews, subset: v1 }')) + gateway('gw', 'bookinfo', HTTP80) + gatewayVs('bookinfo', 'gw', '"a.example.com"', routeTo('{ host: reviews.bookinfo.svc.cluster.local }')), good: REVIEWS + REVIEWS_DR + reviewsVs(routeTo('{ host: reviews, subset: v1 }')) + gateway('gw', 'bookinfo', HTTP80) + gatewayVs('bookinfo', 'gw', '"a.example.com"', routeTo('{ host: reviews.bookinfo.svc.cluster.local, subset: v1 }')), says: 'Subset in virtual service bookinfo/reviews has no effect on ingress gateway bookinfo/web requests' },
  { name: 'conflicting gateways', code: 'IST0145', severity: 'error', bad: gateway('gw-1', 'team-a', HTTP80) + gateway('gw-2', 'team-a', HTTP80), good: gateway('gw-1', 'team-a', HTTP80) + gateway('gw-2', 'team-a', '  - port: { number: 80, name: http, protocol: HTTP }\n    hosts: [ "*.example.com" ]\n'), says: 'Conflict with gateways team-a/gw-2 (workload selector app=istio-ingressgateway,istio=ingressgateway, port 80, hosts a.example.com)'.replace('app=istio-ingressgateway,', '') },
  { name: 'gateway port not on its Service', code: 'IST0162', severity: 'warning', bad: gateway('gw', 'team-a', '  - port: { number: 8081, name: http, protocol: HTTP }\n    hosts: [ "a.example.com" ]\n'), good: gateway('gw', 'team-a', '  - port: { number: 443, name: https, protocol: HTTPS }\n    hosts: [ "a.example.com" ]\n    tls: { mode: PASSTHROUGH }\n'), says: 'The gateway is listening on a target port (port 8081) that is not defined in the Service associated with its workload instances (Pod selector istio=ingressgateway)' },
  { name: 'subset selects no pods', code: 'IST0173', severity: 'warning', bad: REVIEWS + dr('  host: reviews\n  subsets: [ { name: v3, labels: { version: v3 } } ]\n'), good: REVIEWS + dr('  host: reviews\n  subsets: [ { name: v2, labels: { version: v2 } } ]\n'), says: 'The Subset v3 defined in the DestinationRule does not select any pods' },
  { name: 'DestinationRule host unknown', code: 'IST0174', severity: 'warning', bad: REVIEWS + dr('  host: ratings\n'), good: REVIEWS + dr('  host: reviews.bookinfo.svc.cluster.local\n'), says: 'The host ratings defined in the DestinationRule does not match any services in the mesh.' },
  { name: 'two teams select the same gateway pods', code: 'CIT101', severity: 'error', bad: teamGateway('team-a', 'istio: ingressgateway') + teamGateway('team-b', 'istio: ingressgateway'), good: teamGateway('team-a', 'istio: ingressgateway') + TEAM_B_GATEWAY_PODS + teamGateway('team-b', 'istio: team-b-gateway'), says: 'Gateway team-a/gw and Gateway team-b/gw (another namespace) both select the pods of Deployment istio-system/istio-ingressgateway' },
  { name: 'short name resolves into the wrong namespace', code: 'CIT102', severity: 'warning', bad: SVC_IN('svc-2', 'vamp-test2') + gatewayVs('vamp-test1', 'mesh', 'svc-1', routeTo('{ host: svc-2 }')), good: SVC_IN('svc-2', 'vamp-test2') + gatewayVs('vamp-test1', 'mesh', 'svc-1', routeTo('{ host: svc-2.vamp-test2.svc.cluster.local }')), says: 'write the FQDN: host: svc-2.vamp-test2.svc.cluster.local' },
  { name: 'external host under REGISTRY_ONLY', code: 'CIT103', severity: 'error', bad: REVIEWS + REGISTRY_ONLY_SIDECAR + EXTERNAL_VS, good: REVIEWS + REGISTRY_ONLY_SIDECAR + EXTERNAL_VS + se('  hosts: [ api.external.com ]\n  ports: [ { number: 80, name: http, protocol: HTTP } ]\n  resolution: DNS\n  location: MESH_EXTERNAL\n'), says: 'Destination "api.external.com" (at http[0].route[0].destination) is in no service registry visible to namespace bookinfo, whose outbound traffic policy is REGISTRY_ONLY' },
];

describe('cross-resource analyzers', () => {
  it.each(CASES)('$code $name: reported', ({ code, severity, bad, says }) => {
    const found = withCode(findingsOf(bad), code);
    expect(found.map((f) => f.message).join('\n')).toContain(says);
    expect(found.every((f) => f.severity === severity)).toBe(true);
    expect(found.every((f) => f.message.includes(' Fix: '))).toBe(true);
  });

  it.each(CASES)('$code $name: near miss not reported', ({ code, good, says }) => {
    const messages = withCode(findingsOf(good), code).map((f) => f.message);
    // IST0101 covers several references; the near miss must clear the one under test.
    expect(code === 'IST0101' ? messages.filter((m) => m.includes(says.slice(0, 30))) : messages).toEqual([]);
  });

  it('CIT103 is quiet under ALLOW_ANY (IST0101 still reports the missing host)', () => {
    const found = findingsOf(REVIEWS + EXTERNAL_VS);
    expect(withCode(found, 'CIT103')).toEqual([]);
    expect(withCode(found, 'IST0101').map((f) => f.message)[0]).toContain('Referenced host not found: "api.external.com"');
  });

  it('CIT103 follows the mesh-wide policy from the environment', () => {
    expect(withCode(findingsOf(REVIEWS + EXTERNAL_VS, { outboundTrafficPolicy: 'REGISTRY_ONLY' }), 'CIT103')).toHaveLength(1);
  });

  it('IST0162 accepts the default ingress Service port 80 and its targetPort 8080', () => {
    const found = findingsOf(gateway('gw', 'team-a', HTTP80) + gateway('gw2', 'team-b', '  - port: { number: 8080, name: http, protocol: HTTP }\n    hosts: [ "b.example.com" ]\n'));
    expect(withCode(found, 'IST0162')).toEqual([]);
  });

  it('IST0118 skips Istio\'s own Services and well-known TCP ports', () => {
    const found = findingsOf(`${TEAM_B_GATEWAY_PODS.replace('name: http2', 'name: web')}${SVC_IN('db', 'shop').replace('name: http, port: 80', 'name: db, port: 3306')}`);
    expect(withCode(found, 'IST0118')).toEqual([]);
  });

  it('a wildcard DestinationRule host that covers known services is not IST0174', () => {
    expect(withCode(findingsOf(REVIEWS + dr('  host: "*.bookinfo.svc.cluster.local"\n')), 'IST0174')).toEqual([]);
  });
});

describe('CIT103 scope', () => {
  const sidecar = `
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: default, namespace: shop }
spec:
  outboundTrafficPolicy: { mode: REGISTRY_ONLY }
`;
  const vsTo = (host: string) => `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web, namespace: shop }
spec:
  hosts: [ web ]
  http: [ { route: [ { destination: { host: ${host} } } ] } ]
`;

  it('leaves missing in-cluster Services to IST0101 (short names and *.svc.cluster.local)', () => {
    for (const host of ['cart', 'cart.shop.svc.cluster.local']) {
      const found = findingsOf(sidecar + vsTo(host));
      expect(withCode(found, 'CIT103')).toEqual([]);
      expect(withCode(found, 'IST0101')).toHaveLength(1);
    }
  });

  it('checks the gateway pods\' namespace for Gateway-bound routes', () => {
    const rootSidecar = sidecar.replace('namespace: shop', 'namespace: istio-system');
    const vs = `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web, namespace: shop }
spec:
  hosts: [ a.example.com ]
  gateways: [ shop/gw ]
  http: [ { route: [ { destination: { host: api.partner.com } } ] } ]
`;
    const gw = gateway('gw', 'shop', '  - port: { number: 80, name: http, protocol: HTTP }\n    hosts: [ "a.example.com" ]\n');
    const [f] = withCode(findingsOf(rootSidecar + gw + vs), 'CIT103');
    expect(f.message).toContain('visible to namespace istio-system');
  });
});
