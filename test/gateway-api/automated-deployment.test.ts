/**
 * The automated deployment istiod creates for a Gateway of class `istio` (deploymentcontroller.go,
 * the kube-gateway template; testdata/deployment/simple.yaml): Service, Deployment and
 * ServiceAccount `<gw>-istio`, pods labelled `gateway.networking.k8s.io/gateway-name: <gw>`. The
 * model knows them, so the gateway's identity is `cluster.local/ns/<ns>/sa/<gw>-istio`.
 */
import { modelOf } from './helpers';

const GATEWAY = (extra = '') => `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: public
  namespace: shop${extra}
spec:
  gatewayClassName: istio
  listeners:
  - { name: http, port: 80, protocol: HTTP }
  - { name: https, port: 443, protocol: HTTPS, hostname: shop.example, tls: { certificateRefs: [{ name: cert }] } }
  - { name: https-2, port: 443, protocol: HTTPS, hostname: www.shop.example, tls: { certificateRefs: [{ name: cert }] } }
`;

test('the Service: <gw>-istio in the Gateway\'s namespace, ports = the listeners\' ports plus the status port', () => {
  const service = modelOf(GATEWAY()).services.get('public-istio.shop.svc.cluster.local');
  expect(service).toMatchObject({ name: 'public-istio', namespace: 'shop', type: 'LoadBalancer', selector: { 'gateway.networking.k8s.io/gateway-name': 'public' } });
  expect(service!.ports.map((p) => [p.name, p.port])).toEqual([['status-port', 15021], ['http', 80], ['https', 443]]);
});

test('the workload: pod labels of the template, ServiceAccount <gw>-istio', () => {
  const workload = modelOf(GATEWAY()).workloads.find((w) => w.name === 'public-istio');
  expect(workload).toMatchObject({
    kind: 'Deployment', namespace: 'shop', serviceAccount: 'public-istio',
    podLabels: {
      'gateway.networking.k8s.io/gateway-name': 'public',
      'istio.io/gateway-name': 'public',
      'service.istio.io/canonical-name': 'public-istio',
      'sidecar.istio.io/inject': 'false',
    },
  });
});

test('the derived Gateways select those pods', () => {
  const model = modelOf(GATEWAY());
  const workload = model.workloads.find((w) => w.name === 'public-istio')!;
  const { gatewayApiTranslation } = require('../../src/gateway-api');
  for (const gateway of gatewayApiTranslation(model).gateways) {
    expect(Object.entries(gateway.spec.selector).every(([k, v]) => workload.podLabels[k] === v)).toBe(true);
  }
});

test('name-override and service-account annotations, infrastructure labels', () => {
  const model = modelOf(GATEWAY(`
  annotations: { gateway.istio.io/name-override: edge, gateway.istio.io/service-account: edge-sa }`).replace('spec:\n', 'spec:\n  infrastructure: { labels: { team: shop } }\n'));
  expect(model.services.has('edge.shop.svc.cluster.local')).toBe(true);
  expect(model.workloads.find((w) => w.name === 'edge')).toMatchObject({ serviceAccount: 'edge-sa', podLabels: { team: 'shop' } });
});

test('no automated deployment for other classes, or for a Gateway bound to an existing Service by address', () => {
  expect(modelOf(GATEWAY().replace('gatewayClassName: istio', 'gatewayClassName: other')).services.has('public-istio.shop.svc.cluster.local')).toBe(false);
  expect(modelOf(GATEWAY().replace('spec:\n', 'spec:\n  addresses: [{ type: Hostname, value: istio-ingressgateway.istio-system.svc.cluster.local }]\n'))
    .services.has('public-istio.shop.svc.cluster.local')).toBe(false);
});

test('a Service of that name in the manifests wins', () => {
  const model = modelOf(GATEWAY() + `
---
apiVersion: v1
kind: Service
metadata: { name: public-istio, namespace: shop }
spec:
  type: ClusterIP
  selector: { gateway.networking.k8s.io/gateway-name: public }
  ports: [{ name: http, port: 80 }]
`);
  expect(model.services.get('public-istio.shop.svc.cluster.local')!.type).toBe('ClusterIP');
});
