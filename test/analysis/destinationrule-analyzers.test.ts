/**
 * DestinationRule analyzers against Istio 1.30's: destinationrule.CaCertificateAnalyzer
 * (testdata destinationrule-simple-*-credentialname[-selector].yaml) and
 * destinationrule.PodNotSelectedAnalyzer with node topology
 * (destinationrule-subsets-with-topology-labels.yaml, destinationrule-empty-topology-labels.yaml).
 */
import { AnalyzerCase, doc, itReports } from './analyzer-cases';

const EXTERNAL_DB = doc(`
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: db, namespace: default }
spec:
  hosts: [ db.example.com ]
  ports: [ { number: 443, name: tls, protocol: TLS } ]
  resolution: DNS
`);
const dbTls = (spec: string) => EXTERNAL_DB + doc(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: db-tls, namespace: default }
spec:
  host: db.example.com
${spec}`);
const SELECTOR = '  workloadSelector: { matchLabels: { app: egressgateway } }\n';

describe('IST0128 / IST0129 credentialName counts only with a workloadSelector (CaCertificateAnalyzer)', () => {
  itReports('IST0128', [
    { name: 'SIMPLE with credentialName, no workloadSelector', in: dbTls('  trafficPolicy: { tls: { mode: SIMPLE, credentialName: db-ca } }\n'), valid: false, says: 'has TLS mode set to SIMPLE but no caCertificates' },
    { name: 'SIMPLE with credentialName and a workloadSelector', in: dbTls(SELECTOR + '  trafficPolicy: { tls: { mode: SIMPLE, credentialName: db-ca } }\n'), valid: true },
    { name: 'SIMPLE with caCertificates', in: dbTls('  trafficPolicy: { tls: { mode: SIMPLE, caCertificates: /etc/ca.pem } }\n'), valid: true },
  ]);
  itReports('IST0129', [
    { name: 'port-level SIMPLE with credentialName, no workloadSelector', in: dbTls('  trafficPolicy:\n    portLevelSettings: [ { port: { number: 443 }, tls: { mode: SIMPLE, credentialName: db-ca } } ]\n'), valid: false, says: 'at port number:443' },
    { name: 'port-level SIMPLE with credentialName and a workloadSelector', in: dbTls(SELECTOR + '  trafficPolicy:\n    portLevelSettings: [ { port: { number: 443 }, tls: { mode: SIMPLE, credentialName: db-ca } } ]\n'), valid: true },
  ]);
});

const HTTPBIN_SERVICE = doc(`
apiVersion: v1
kind: Service
metadata: { name: httpbin, namespace: default }
spec:
  selector: { app: httpbin }
  ports: [ { name: http, port: 8000 } ]
`);
const httpbinPod = (nodeName?: string) => doc(`
apiVersion: v1
kind: Pod
metadata: { name: httpbin-pod, namespace: default, labels: { app: httpbin, version: v1 } }
spec:
${nodeName ? `  nodeName: ${nodeName}\n` : ''}  containers: [ { name: httpbin, image: httpbin } ]
`);
const HTTPBIN_DEPLOYMENT = doc(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: httpbin, namespace: default }
spec:
  selector: { matchLabels: { app: httpbin, version: v1 } }
  template:
    metadata: { labels: { app: httpbin, version: v1 } }
    spec: { containers: [ { name: httpbin, image: httpbin } ] }
`);
const node = (labels: string) => doc(`
apiVersion: v1
kind: Node
metadata: { name: test-node, labels: { ${labels} } }
`);
const subset = (labels: string) => doc(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: subsets, namespace: default }
spec:
  host: httpbin.default.svc.cluster.local
  subsets: [ { name: s, labels: { ${labels} } } ]
`);
const US_WEST_NODE = node('kubernetes.io/hostname: test-node, topology.kubernetes.io/region: us-west-1, topology.kubernetes.io/zone: us-west-1a');

describe('IST0173 subsets by node topology labels (PodNotSelectedAnalyzer, AugmentLabels)', () => {
  const cases: AnalyzerCase[] = [
    { name: 'region of the node the pod runs on', in: HTTPBIN_SERVICE + httpbinPod('test-node') + US_WEST_NODE + subset('topology.kubernetes.io/region: us-west-1'), valid: true },
    { name: 'pod label and node zone together', in: HTTPBIN_SERVICE + httpbinPod('test-node') + US_WEST_NODE + subset('version: v1, topology.kubernetes.io/zone: us-west-1a'), valid: true },
    { name: 'hostname is the node name', in: HTTPBIN_SERVICE + httpbinPod('test-node') + subset('kubernetes.io/hostname: test-node'), valid: true },
    { name: 'a zone the node is not in', in: HTTPBIN_SERVICE + httpbinPod('test-node') + US_WEST_NODE + subset('topology.kubernetes.io/zone: eu-west-1a'), valid: false, says: 'The Subset s defined in the DestinationRule does not select any pods' },
    // A Deployment's pods are not scheduled yet: their node, and its zone, are unknown.
    { name: 'zone of pods whose node the manifests do not show', in: HTTPBIN_SERVICE + HTTPBIN_DEPLOYMENT + subset('topology.kubernetes.io/zone: us-west-1a'), valid: true },
    { name: 'unknown zone does not excuse a version no pod has', in: HTTPBIN_SERVICE + HTTPBIN_DEPLOYMENT + subset('version: v3, topology.kubernetes.io/zone: us-west-1a'), valid: false, says: 'The Subset s' },
    // destinationrule-empty-topology-labels.yaml: AugmentLabels never adds an empty value.
    { name: 'empty region on an empty node label', in: HTTPBIN_SERVICE + httpbinPod('test-node') + node('topology.kubernetes.io/region: ""') + subset('topology.kubernetes.io/region: ""'), valid: false, says: 'The Subset s' },
  ];
  itReports('IST0173', cases);
});
