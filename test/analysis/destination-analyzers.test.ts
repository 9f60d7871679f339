/**
 * Destination analyzers against Istio 1.30's, cases from its testdata:
 * virtualservice.DestinationHostAnalyzer (virtualservice_destinationhosts.yaml),
 * virtualservice.DestinationRuleAnalyzer (virtualservice_destinationrules.yaml) and
 * virtualservice.ConflictingMeshGatewayHostsAnalyzer
 * (virtualservice_conflictingmeshgatewayhosts_with_exportto.yaml).
 */
import { AnalyzerCase, doc, itReports } from './analyzer-cases';

const service = (name: string, namespace: string, annotations = '') => doc(`
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace}${annotations ? `, annotations: { ${annotations} }` : ''} }
spec:
  selector: { app: ${name} }
  ports: [ { name: http, port: 9080 } ]
`);
const serviceEntry = (name: string, namespace: string, hosts: string, exportTo = '') => doc(`
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  hosts: [ ${hosts} ]
${exportTo ? `  exportTo: [ ${exportTo} ]\n` : ''}  ports: [ { number: 80, name: http, protocol: HTTP } ]
  resolution: DNS
`);
const vsTo = (name: string, namespace: string, destination: string, extra = '') => doc(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  hosts: [ ${name} ]
${extra}  http:
  - route:
    - destination: ${destination}
`);

describe('IST0101 destination host visibility (DestinationHostAnalyzer, util.GetDestinationHost)', () => {
  const HELLO = service('hello', 'hello', '"networking.istio.io/exportTo": "hello1,hello2,."');
  const DETAILS = service('details', 'default', '"networking.istio.io/exportTo": banana');
  const cases: AnalyzerCase[] = [
    // hello-export-to-bogus: the VirtualService is exported to `bogus`, which cannot see the Service.
    { name: 'VirtualService exported where the Service is not', in: HELLO + vsTo('hello', 'hello', '{ host: hello.hello.svc.cluster.local }', '  exportTo: [ bogus ]\n'), valid: false, says: 'Referenced host not found: "hello.hello.svc.cluster.local"' },
    { name: 'VirtualService exported to its own namespace, which sees the Service', in: HELLO + vsTo('hello', 'hello', '{ host: hello.hello.svc.cluster.local }', '  exportTo: [ "." ]\n'), valid: true, says: 'Referenced host not found' },
    { name: 'Service exported to the VirtualService namespace', in: HELLO + vsTo('hello', 'hello2', '{ host: hello.hello.svc.cluster.local }'), valid: true, says: 'Referenced host not found' },
    // cross-namespace-details / banana-details
    { name: 'Service exported only to another namespace', in: DETAILS + vsTo('details', 'istio-system', '{ host: details.default.svc.cluster.local }'), valid: false, says: 'Referenced host not found: "details.default.svc.cluster.local"' },
    { name: 'Service exported to the VirtualService namespace by annotation', in: DETAILS + vsTo('details', 'banana', '{ host: details.default.svc.cluster.local }'), valid: true, says: 'Referenced host not found' },
    // reviews-bookinfo-other / vs-to-extporto-serviceentry
    { name: 'ServiceEntry exported only to its own namespace', in: serviceEntry('other', 'other', '"other.bookinfo.com"', '"."') + vsTo('reviews', 'default', '{ host: other.bookinfo.com }'), valid: false, says: 'Referenced host not found: "other.bookinfo.com"' },
    { name: 'ServiceEntry exported to the VirtualService namespace', in: serviceEntry('exported', 'other', '"abc.bookinfo.com"', 'default') + vsTo('reviews', 'default', '{ host: abc.bookinfo.com }'), valid: true, says: 'Referenced host not found' },
    // reviews-bookinfo-eu
    { name: 'wildcard ServiceEntry covering the host', in: serviceEntry('eu', 'default', '"*.eu.bookinfo.com"') + vsTo('reviews', 'default', '{ host: reviews.eu.bookinfo.com }'), valid: true, says: 'Referenced host not found' },
  ];
  itReports('IST0101', cases);
});

describe('IST0101 for a destination without host (getRouteDestinations looks up "")', () => {
  const REVIEWS_SVC = service('reviews', 'default');
  const cases: AnalyzerCase[] = [
    { name: 'route: - {}', in: REVIEWS_SVC + doc(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: default }
spec:
  hosts: [ reviews ]
  http: [ { route: [ {} ] } ]
`), valid: false, says: 'Referenced host not found: "" (at http[0].route[0].destination)' },
    { name: 'mirror: {}', in: REVIEWS_SVC + doc(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: default }
spec:
  hosts: [ reviews ]
  http: [ { route: [ { destination: { host: reviews } } ], mirror: {} } ]
`), valid: false, says: 'Referenced mirror host not found: ""' },
    { name: 'a destination with its host', in: REVIEWS_SVC + vsTo('reviews', 'default', '{ host: reviews }'), valid: true, says: 'not found: ""' },
  ];
  itReports('IST0101', cases);
});

const dr = (namespace: string, host: string) => doc(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: rule, namespace: ${namespace} }
spec:
  host: ${host}
  subsets: [ { name: v1, labels: { version: v1 } } ]
`);

describe('IST0101 subset not found (DestinationRuleAnalyzer, util.GetResourceNameFromHost)', () => {
  const API = serviceEntry('api', 'egress', '"api.example.com"');
  const cases: AnalyzerCase[] = [
    { name: 'Kubernetes FQDN whose DestinationRule lives in another namespace', in: service('reviews', 'default') + dr('istio-system', 'reviews.default.svc.cluster.local') + vsTo('reviews', 'default', '{ host: reviews, subset: v1 }'), valid: true, says: 'host+subset' },
    { name: 'short name resolved in the DestinationRule namespace', in: service('reviews', 'default') + dr('istio-system', 'reviews') + vsTo('reviews', 'default', '{ host: reviews, subset: v1 }'), valid: false, says: 'Referenced host+subset in destinationrule not found: "reviews+v1"' },
    // Any other host names `<namespace of the resource>/<host>`: the DestinationRule must share the VirtualService's namespace.
    { name: 'external host whose DestinationRule lives in another namespace', in: API + dr('egress', 'api.example.com') + vsTo('api', 'default', '{ host: api.example.com, subset: v1 }'), valid: false, says: 'Referenced host+subset in destinationrule not found: "api.example.com+v1"' },
    { name: 'external host with its DestinationRule beside the VirtualService', in: API + dr('default', 'api.example.com') + vsTo('api', 'default', '{ host: api.example.com, subset: v1 }'), valid: true, says: 'host+subset' },
  ];
  itReports('IST0101', cases);
});

const meshVs = (name: string, namespace: string, host: string, exportTo = '') => doc(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  hosts: [ '${host}' ]
${exportTo ? `  exportTo: [ ${exportTo} ]\n` : ''}  http: [ { route: [ { destination: { host: productpage } } ] } ]
`);

describe('IST0109 ConflictingMeshGatewayVirtualServiceHosts', () => {
  const cases: AnalyzerCase[] = [
    // The productpage pairs of virtualservice_conflictingmeshgatewayhosts_with_exportto.yaml.
    { name: 'same host, both exported to all namespaces', in: meshVs('productpage', 'foo', '*.productpage') + meshVs('productpage', 'bar', '*.productpage'), valid: false, says: 'The VirtualServices foo/productpage,bar/productpage associated with mesh gateway define the same host *.productpage' },
    { name: 'same host, exported to namespaces that do not overlap', in: meshVs('productpage-b', 'foo', '*.productpage.b', 'foo') + meshVs('productpage-b', 'bar', '*.productpage.b', '"."'), valid: true },
    { name: 'same host, one exported to foo and one to all', in: meshVs('productpage-c', 'foo', '*.productpage.c', 'foo') + meshVs('productpage-c', 'bar', '*.productpage.c', '"*"'), valid: false, says: 'foo/productpage-c,bar/productpage-c' },
    { name: 'a wildcard exported to all covering one exported to foo', in: meshVs('productpage-d', 'foo', '*.productpage.d', '"."') + meshVs('productpage-d', 'bar', '*.d', '"*"'), valid: false, says: 'foo/productpage-d,bar/productpage-d' },
    { name: 'a wildcard covering another, exported to different namespaces', in: meshVs('productpage-d', 'foo', '*.productpage.d', '"."') + meshVs('productpage-d', 'bar', '*.d', '"."'), valid: true },
    // Istio compares hosts of the same scope as strings: two all-namespace wildcards never conflict.
    { name: 'two overlapping wildcards, both exported to all namespaces', in: meshVs('productpage-d', 'foo', '*.productpage.d') + meshVs('productpage-d', 'bar', '*.d'), valid: true },
  ];
  itReports('IST0109', cases);
});
