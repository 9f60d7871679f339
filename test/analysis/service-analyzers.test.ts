/**
 * Service and ServiceEntry analyzers against Istio 1.30's: serviceentry.ProtocolAddressesAnalyzer
 * (testdata serviceentry-address-required-lowercase.yaml, serviceentry-address-allocated*.yaml,
 * serviceentry-missing-addresses-protocol*.yaml) and service.PortNameAnalyzer
 * (service-no-port-name-system-namespace.yaml and its gateway-managed skip).
 */
import { AnalyzerCase, doc, itReports } from './analyzer-cases';

const se = (ports: string, extra = '') => doc(`
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: db, namespace: default }
spec:
  hosts: [ db.example.com ]
  ports: [ ${ports} ]
  resolution: DNS
${extra}`);

describe('IST0134 ServiceEntryAddressesRequired (ProtocolAddressesAnalyzer)', () => {
  const cases: AnalyzerCase[] = [
    { name: 'lowercase tcp without addresses', in: se('{ number: 5432, name: pg, protocol: tcp }'), valid: false, says: 'ServiceEntry addresses are required for this protocol' },
    { name: 'no protocol without addresses', in: se('{ number: 5432, name: pg }'), valid: false },
    { name: 'http without addresses', in: se('{ number: 80, name: http, protocol: HTTP }'), valid: true },
    { name: 'tcp with addresses', in: se('{ number: 5432, name: pg, protocol: TCP }', '  addresses: [ 10.1.2.3 ]\n'), valid: true },
    // addressAllocated: the controller already allocated a VIP in status.addresses.
    { name: 'tcp with an allocated status address', in: se('{ number: 5432, name: pg, protocol: TCP }', 'status:\n  addresses: [ { value: 240.240.0.1 } ]\n'), valid: true },
    // ISTIO_META_DNS_CAPTURE + ISTIO_META_DNS_AUTO_ALLOCATE in MeshConfig.
    { name: 'tcp under DNS auto-allocation', in: se('{ number: 5432, name: pg, protocol: TCP }'), valid: true, environment: { dnsAutoAllocate: true } },
  ];
  itReports('IST0134', cases);
});

const svc = (namespace: string, labels: string) => doc(`
apiVersion: v1
kind: Service
metadata: { name: web, namespace: ${namespace}${labels ? `, labels: { ${labels} }` : ''} }
spec:
  selector: { app: web }
  ports: [ { name: foo, port: 8080 } ]
`);

describe('IST0118 PortNameIsNotUnderNamingConvention (PortNameAnalyzer)', () => {
  const cases: AnalyzerCase[] = [
    { name: 'a user Service with port name foo', in: svc('shop', ''), valid: false, says: 'Port name foo' },
    { name: 'a Service of a Gateway API gateway', in: svc('shop', '"gateway.istio.io/managed": istio.io-gateway-controller'), valid: true },
    { name: 'a waypoint Service', in: svc('shop', '"gateway.istio.io/managed": istio.io-mesh-controller'), valid: true },
    { name: 'an east-west gateway Service', in: svc('shop', '"gateway.istio.io/managed": istio.io-eastwest-controller'), valid: true },
    { name: 'a managed label of another controller', in: svc('shop', '"gateway.istio.io/managed": someone-else'), valid: false },
    { name: 'Istio control plane (istio label)', in: svc('istio-system', 'istio: xxx'), valid: true },
    { name: 'Istio control plane (release: istio)', in: svc('istio-system', 'release: istio'), valid: true },
    // istiod_analyze.go drops kube-system, kube-public, kube-node-lease and local-path-storage on reading.
    { name: 'kube-system', in: svc('kube-system', ''), valid: true },
  ];
  itReports('IST0118', cases);
});
