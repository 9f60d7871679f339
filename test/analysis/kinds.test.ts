/**
 * Kinds are group + kind (istiod's config.GroupVersionKind): a Gateway API `Gateway` is not an
 * Istio `Gateway`, a Knative `Service` is not a Kubernetes Service. Objects of groups the
 * library does not read load without errors and no Istio rule judges them.
 */
import { check } from '../../src/analysis';
import { IstioTrafficError } from '../../src/errors';
import { MeshModel, parseManifests } from '../../src/model';
import { AnalyzerCase, doc, itReports } from './analyzer-cases';
import { gateway } from './helpers';

const GATEWAY_API = doc(`
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: istio }
spec: { controllerName: istio.io/gateway-controller }
`) + doc(`
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: web, namespace: team-a }
spec:
  gatewayClassName: istio
  listeners:
  - { name: http, port: 80, protocol: HTTP, hostname: "a.example.com" }
`) + doc(`
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: team-a }
spec:
  parentRefs: [ { name: web } ]
  rules: [ { backendRefs: [ { name: web, port: 80 } ] } ]
`);

const KNATIVE_SERVICE = doc(`
apiVersion: serving.knative.dev/v1
kind: Service
metadata: { name: reviews, namespace: bookinfo }
spec: { template: { spec: { containers: [ { image: reviews } ] } } }
`);

const modelOf = (yaml: string) => MeshModel.fromLoaded(parseManifests(yaml, 'inline.yaml'));

describe('kinds by group and kind', () => {
  it('loads Gateway API objects without errors and keeps them out of ofKind("Gateway")', () => {
    const model = modelOf(GATEWAY_API + gateway('istio-gw', 'team-a', '  - port: { number: 80, name: http, protocol: HTTP }\n    hosts: [ "a.example.com" ]\n'));
    expect(model.ofKind('Gateway').map((g) => `${g.group} ${g.namespace}/${g.name}`)).toEqual(['networking.istio.io team-a/istio-gw']);
    expect(model.ofGroupKind('gateway.networking.k8s.io', 'Gateway').map((g) => g.name)).toEqual(['web']);
    expect(model.get('Gateway', 'team-a', 'web')).toBeUndefined();
    expect(model.getGroupKind('gateway.networking.k8s.io', 'Gateway', 'team-a', 'web')?.name).toBe('web');
  });

  it('reports nothing about Gateway API objects (no IST0106 "gateway must have at least one server")', () => {
    // Only the Gateway API rules (CIT14x) judge them, with istiod's semantics (here: Service web is missing).
    const findings = check(modelOf(GATEWAY_API)).filter((f) => !/^CIT14\d$/.test(f.code));
    expect(findings.filter((f) => f.namespace === 'team-a' || f.name === 'istio')).toEqual([]);
  });

  it('does not take a Knative Service for a Kubernetes Service', () => {
    const model = modelOf(KNATIVE_SERVICE);
    expect(model.services.has('reviews.bookinfo.svc.cluster.local')).toBe(false);
    expect(model.ofKind('Service')).toEqual([]);
    expect(model.ofGroupKind('serving.knative.dev', 'Service')).toHaveLength(1);
  });

  it('does not take a Deployment of another group for a workload', () => {
    const model = modelOf(doc(`
apiVersion: example.com/v1
kind: Deployment
metadata: { name: fake, namespace: bookinfo }
spec: { template: { metadata: { labels: { app: fake } } } }
`));
    expect(model.workloads.filter((w) => w.name === 'fake')).toEqual([]);
  });

  it('still refuses an unknown kind inside an Istio group (CIT900)', () => {
    expect(() => modelOf(doc('apiVersion: networking.istio.io/v1\nkind: VirtualServce\nmetadata: { name: x, namespace: a }')))
      .toThrow(IstioTrafficError);
  });
});

// istiod virtualservice.GatewayAnalyzer: a VirtualService may name a Gateway API Gateway
// (gvk.KubernetesGateway); its listener hostnames stand for the servers.
const vsOn = (gatewayRef: string, host: string) => doc(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web, namespace: team-a }
spec:
  hosts: [ "${host}" ]
  gateways: [ ${gatewayRef} ]
  http: [ { route: [ { destination: { host: web.team-a.svc.cluster.local } } ] } ]
`);

describe('IST0101 / IST0132 for a VirtualService on a Gateway API Gateway', () => {
  const gatewayCases: AnalyzerCase[] = [
    { name: 'a Gateway API Gateway of that name exists', in: GATEWAY_API + vsOn('web', 'a.example.com'), valid: true, says: 'Referenced gateway not found' },
    { name: 'no Gateway of either group has that name', in: GATEWAY_API + vsOn('other', 'a.example.com'), valid: false, says: 'Referenced gateway not found: "other"' },
  ];
  itReports('IST0101', gatewayCases);
  itReports('IST0132', [
    { name: 'a listener hostname covers the host', in: GATEWAY_API + vsOn('web', 'a.example.com'), valid: true },
    { name: 'no listener hostname covers the host', in: GATEWAY_API + vsOn('web', 'b.example.com'), valid: false, says: 'not found in Gateway team-a/web' },
  ]);
});
