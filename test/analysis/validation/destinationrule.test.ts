/**
 * IST0106 for DestinationRules, ported from istiod's tests of pkg/config/validation
 * (TestValidateDestinationRule, TestValidateTrafficPolicy, TestValidateConnectionPool,
 * TestValidateLoadBalancer, TestValidateOutlierDetection, TestValidateTLS (agent),
 * TestValidateLocalityLbSetting (agent), TestValidateSubset, TestValidatePortTrafficPolicies,
 * TestValidateTunnelSettings, TestValidateExportTo).
 */
import { runValidationTable, ValidationCase } from './table';

const dr = (spec: object): object => ({ host: 'reviews', ...spec });
const tp = (trafficPolicy: object): object => dr({ trafficPolicy });
const pool = (connectionPool: object): object => tp({ connectionPool });
const lb = (loadBalancer: object, extra: object = {}): object => tp({ loadBalancer, ...extra });
const tls = (t: object): object => tp({ tls: t });
const od = (outlierDetection: object): object => tp({ outlierDetection });

const DESTINATION_RULE: ValidationCase[] = [
  { name: 'TestValidateDestinationRule: simple destination rule', in: dr({ subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] }), valid: true },
  { name: 'TestValidateDestinationRule: dry-run annotation (validateMetadata)', in: dr({}), meta: { annotations: { 'istio.io/dry-run': 'false' } }, valid: false, message: 'bookinfo/x has unsupported annotation istio.io/dry-run' },
  { name: 'TestValidateDestinationRule: missing destination name', in: { subsets: [{ name: 'v1', labels: { version: 'v1' } }] }, valid: false, message: 'empty domain name not allowed' },
  { name: 'TestValidateDestinationRule: invalid host', in: dr({ host: 'a.*.example.com' }), valid: false },
  { name: 'TestValidateDestinationRule: wildcard host', in: dr({ host: '*.example.com' }), valid: true },
  { name: 'TestValidateDestinationRule: missing subset name', in: dr({ subsets: [{ labels: { version: 'v1' } }] }), valid: false, message: 'subset name cannot be empty' },
  { name: 'TestValidateDestinationRule: duplicate subset names', in: dr({ subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v1', labels: { version: 'v2' } }] }), valid: false, message: 'duplicate subset names: v1' },
  { name: 'TestValidateSubset: invalid name', in: dr({ subsets: [{ name: 'Version_1', labels: { version: 'v1' } }] }), valid: false, message: 'subset name is invalid: Version_1' },
  { name: 'TestValidateSubset: upper case name (Istio DNS labels allow it)', in: dr({ subsets: [{ name: 'V1', labels: { version: 'v1' } }] }), valid: true },
  { name: 'TestValidateSubset: invalid label value', in: dr({ subsets: [{ name: 'v1', labels: { version: 'v 1' } }] }), valid: false },
  { name: 'TestValidateSubset: empty traffic policy', in: dr({ subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: {} }] }), valid: false, message: 'traffic policy must have at least one field' },
  { name: 'TestValidateDestinationRule: workload selector', in: dr({ workloadSelector: { matchLabels: { app: 'productpage' } } }), valid: true },
  { name: 'TestValidateDestinationRule: workload selector without labels warns', in: dr({ workloadSelector: {} }), valid: true, warning: true, message: 'workload selector specified without labels' },
  { name: 'TestValidateDestinationRule: workload selector with wildcard', in: dr({ workloadSelector: { matchLabels: { app: 'product*' } } }), valid: false, message: 'wildcard is not supported in selector' },
  { name: 'TestValidateExportTo: selector with exportTo beyond the namespace', in: dr({ workloadSelector: { matchLabels: { app: 'a' } }, exportTo: ['*'] }), valid: false, message: 'destination rule with workload selector cannot have exportTo beyond current namespace' },
  { name: 'TestValidateExportTo: selector with exportTo .', in: dr({ workloadSelector: { matchLabels: { app: 'a' } }, exportTo: ['.'] }), valid: true },
  { name: 'TestValidateExportTo: selector with two exportTo entries', in: dr({ workloadSelector: { matchLabels: { app: 'a' } }, exportTo: ['.', 'other'] }), valid: false, message: 'cannot have multiple entries in exportTo' },
];

const TRAFFIC_POLICY: ValidationCase[] = [
  { name: 'TestValidateTrafficPolicy: valid traffic policy', in: tp({ loadBalancer: { simple: 'ROUND_ROBIN' }, connectionPool: { tcp: { maxConnections: 7 }, http: { http2MaxRequests: 11 } }, outlierDetection: { consecutive5xxErrors: 5, interval: '60s', baseEjectionTime: '120s' } }), valid: true },
  { name: 'TestValidateTrafficPolicy: invalid traffic policy, nil entries', in: tp({}), valid: false, message: 'traffic policy must have at least one field' },
  { name: 'TestValidateTrafficPolicy: empty portLevelSettings counts as unset', in: tp({ portLevelSettings: [] }), valid: false },
  { name: 'TestValidateTrafficPolicy: tunnel and proxyProtocol together', in: tp({ tunnel: { targetHost: 'egress.example.com', targetPort: 8443 }, proxyProtocol: { version: 'V1' } }), valid: false, message: 'tunnel and proxyProtocol must not be set together' },
  { name: 'TestValidateTunnelSettings: valid', in: tp({ tunnel: { protocol: 'CONNECT', targetHost: 'egress.example.com', targetPort: 8443 } }), valid: true },
  { name: 'TestValidateTunnelSettings: IP target host', in: tp({ tunnel: { targetHost: '10.0.0.1', targetPort: 8443 } }), valid: true },
  { name: 'TestValidateTunnelSettings: bad protocol', in: tp({ tunnel: { protocol: 'GET', targetHost: 'egress.example.com', targetPort: 8443 } }), valid: false, message: 'tunnel protocol must be "CONNECT" or "POST"' },
  { name: 'TestValidateTunnelSettings: bad target host', in: tp({ tunnel: { targetHost: 'egress_gw', targetPort: 8443 } }), valid: false, message: 'tunnel target host must be valid FQDN or IP address' },
  { name: 'TestValidateTunnelSettings: missing target port', in: tp({ tunnel: { targetHost: 'egress.example.com' } }), valid: false, message: 'tunnel target port is invalid' },
  { name: 'TestValidatePortTrafficPolicies: valid', in: tp({ portLevelSettings: [{ port: { number: 9080 }, loadBalancer: { simple: 'LEAST_REQUEST' } }] }), valid: true },
  { name: 'TestValidatePortTrafficPolicies: missing port', in: tp({ portLevelSettings: [{ loadBalancer: { simple: 'LEAST_REQUEST' } }] }), valid: false, message: 'portTrafficPolicy must have valid port' },
  { name: 'TestValidatePortTrafficPolicies: nothing but the port', in: tp({ portLevelSettings: [{ port: { number: 9080 } }] }), valid: false, message: 'port traffic policy must have at least one field' },
  { name: 'TestValidatePortTrafficPolicies: invalid nested pool', in: tp({ portLevelSettings: [{ port: { number: 9080 }, connectionPool: { tcp: { maxConnections: -1 } } }] }), valid: false, message: 'max connections must be non-negative' },
];

const CONNECTION_POOL: ValidationCase[] = [
  { name: 'TestValidateConnectionPool: valid connection pool, tcp and http', in: pool({ tcp: { maxConnections: 7, connectTimeout: '2s', tcpKeepalive: { probes: 9, time: '7200s', interval: '75s' } }, http: { http1MaxPendingRequests: 2, http2MaxRequests: 11, maxRequestsPerConnection: 5, maxRetries: 4, idleTimeout: '30s', maxConcurrentStreams: 5 } }), valid: true },
  { name: 'TestValidateConnectionPool: valid connection pool, tcp only', in: pool({ tcp: { maxConnections: 7 } }), valid: true },
  { name: 'TestValidateConnectionPool: invalid connection pool, empty', in: pool({}), valid: false, message: 'connection pool must have at least one field' },
  { name: 'TestValidateConnectionPool: invalid connection pool, bad max connections', in: pool({ tcp: { maxConnections: -1 } }), valid: false, message: 'max connections must be non-negative' },
  { name: 'TestValidateConnectionPool: invalid connection pool, bad connect timeout', in: pool({ tcp: { connectTimeout: '0.5ms' } }), valid: false, message: 'must be greater than 1ms' },
  { name: 'TestValidateConnectionPool: invalid connection pool, bad max pending requests', in: pool({ http: { http1MaxPendingRequests: -1 } }), valid: false, message: 'http1 max pending requests must be non-negative' },
  { name: 'TestValidateConnectionPool: invalid connection pool, bad max requests', in: pool({ http: { http2MaxRequests: -1 } }), valid: false },
  { name: 'TestValidateConnectionPool: invalid connection pool, bad max requests per connection', in: pool({ http: { maxRequestsPerConnection: -1 } }), valid: false },
  { name: 'TestValidateConnectionPool: invalid connection pool, bad max retries', in: pool({ http: { maxRetries: -1 } }), valid: false },
  { name: 'TestValidateConnectionPool: invalid connection pool, bad max concurrent streams', in: pool({ http: { maxConcurrentStreams: -1 } }), valid: false },
  { name: 'TestValidateConnectionPool: invalid connection pool, bad idle timeout', in: pool({ http: { idleTimeout: '0s' } }), valid: false },
  { name: 'TestValidateConnectionPool: invalid connection pool, UPGRADE with useClientProtocol', in: pool({ http: { h2UpgradePolicy: 'UPGRADE', useClientProtocol: true } }), valid: false, message: 'use client protocol must not be true when H2UpgradePolicy is UPGRADE' },
  { name: 'TestValidateConnectionPool: UPGRADE without useClientProtocol', in: pool({ http: { h2UpgradePolicy: 'UPGRADE' } }), valid: true },
  { name: 'TestValidateConnectionPool: tcp idleTimeout 0s disables it', in: pool({ tcp: { idleTimeout: '0s' } }), valid: true },
  { name: 'TestValidateConnectionPool: tcp idleTimeout not whole ms', in: pool({ tcp: { idleTimeout: '1.0005s' } }), valid: false },
  { name: 'TestValidateConnectionPool: bad max connection duration', in: pool({ tcp: { maxConnectionDuration: '0s' } }), valid: false },
  { name: 'TestValidateConnectionPool: bad tcp keepalive interval', in: pool({ tcp: { tcpKeepalive: { interval: '0.5ms' } } }), valid: false },
];

const LOAD_BALANCER: ValidationCase[] = [
  { name: 'TestValidateLoadBalancer: valid load balancer with simple load balancing', in: lb({ simple: 'ROUND_ROBIN' }), valid: true },
  { name: 'TestValidateLoadBalancer: valid load balancer with consistentHash load balancing', in: lb({ consistentHash: { httpCookie: { name: 'test', ttl: '0s' } } }), valid: true },
  { name: 'TestValidateLoadBalancer: invalid load balancer with consistentHash load balancing, missing ttl name', in: lb({ consistentHash: { httpCookie: { ttl: '10s' } } }), valid: false, message: 'name required for HttpCookie' },
  { name: 'TestValidateLoadBalancer: cookie path and attributes are not checked by istiod', in: lb({ consistentHash: { httpCookie: { name: 'user', path: '/', ttl: '10s', attributes: [{ name: 'SameSite', value: 'Strict' }] } } }), valid: true },
  { name: 'TestValidateLoadBalancer: deprecated minimumRingSize warns', in: lb({ consistentHash: { httpHeaderName: 'x-user', minimumRingSize: 1024 } }), valid: true, warning: true, message: 'consistent hash MinimumRingSize is deprecated' },
  { name: 'TestValidateLoadBalancer: minimumRingSize with ringHash', in: lb({ consistentHash: { httpHeaderName: 'x-user', minimumRingSize: 1024, ringHash: { minimumRingSize: 1024 } } }), valid: false, warning: true, message: 'only one of MinimumRingSize or Maglev/Ringhash can be specified' },
  { name: 'TestValidateLoadBalancer: ringHash', in: lb({ consistentHash: { httpHeaderName: 'x-user', ringHash: { minimumRingSize: 1024 } } }), valid: true },
  { name: 'TestValidateLoadBalancer: maglev with prime table size', in: lb({ consistentHash: { useSourceIp: true, maglev: { tableSize: 65537 } } }), valid: true },
  { name: 'TestValidateLoadBalancer: maglev without table size', in: lb({ consistentHash: { useSourceIp: true, maglev: {} } }), valid: false, message: 'tableSize must be set for maglev' },
  { name: 'TestValidateLoadBalancer: maglev table size not prime', in: lb({ consistentHash: { useSourceIp: true, maglev: { tableSize: 65536 } } }), valid: false, message: 'tableSize must be a prime number for maglev' },
  { name: 'TestValidateLoadBalancer: maglev table size too large', in: lb({ consistentHash: { useSourceIp: true, maglev: { tableSize: 5000011 } } }), valid: false, message: 'tableSize must be less than 5000011' },
  { name: 'TestValidateLoadBalancer: warmup', in: lb({ simple: 'ROUND_ROBIN', warmup: { duration: '60s', minimumPercent: 10, aggression: 2 } }), valid: true },
  { name: 'TestValidateLoadBalancer: warmup without duration', in: lb({ simple: 'ROUND_ROBIN', warmup: { minimumPercent: 10 } }), valid: false, message: 'duration is required' },
  { name: 'TestValidateLoadBalancer: warmup minimumPercent over 100', in: lb({ simple: 'ROUND_ROBIN', warmup: { duration: '60s', minimumPercent: 101 } }), valid: false },
  { name: 'TestValidateLoadBalancer: warmup aggression below 1', in: lb({ simple: 'ROUND_ROBIN', warmup: { duration: '60s', aggression: 0.5 } }), valid: false, message: 'aggression should be greater than or equal to 1' },
  { name: 'TestValidateLoadBalancer: warmupDurationSecs below 1ms', in: lb({ simple: 'ROUND_ROBIN', warmupDurationSecs: '0s' }), valid: false },
  // Locality load balancing (agent TestValidateLocalityLbSetting)
  { name: 'TestValidateLocalityLbSetting: valid distribute', in: lb({ localityLbSetting: { distribute: [{ from: 'a/b/c', to: { 'a/b/c': 80, 'a/b1': 20 } }] } }), valid: true },
  { name: 'TestValidateLocalityLbSetting: weights do not sum to 100', in: lb({ localityLbSetting: { distribute: [{ from: 'a/b/c', to: { 'a/b/c': 80, 'a/b1': 10 } }] } }), valid: false, message: 'total locality weight 90 != 100' },
  { name: 'TestValidateLocalityLbSetting: weight 0', in: lb({ localityLbSetting: { distribute: [{ from: 'a/b/c', to: { 'a/b/c': 0, 'a/b1': 100 } }] } }), valid: false, message: 'locality weight must be in range [1, 100]' },
  { name: 'TestValidateLocalityLbSetting: wildcard not at the end', in: lb({ localityLbSetting: { distribute: [{ from: 'a/*/c', to: { 'a/b/c': 100 } }] } }), valid: false, message: "wildcard '*' number can not exceed 1 and must be in the end" },
  { name: 'TestValidateLocalityLbSetting: overlapping sources', in: lb({ localityLbSetting: { distribute: [{ from: 'a/b', to: { 'a/b': 100 } }, { from: 'a/b', to: { 'a/c': 100 } }] } }), valid: false, message: 'overlap with previous specified ones' },
  { name: 'TestValidateLocalityLbSetting: empty zone', in: lb({ localityLbSetting: { distribute: [{ from: 'a//c', to: { 'a/b': 100 } }] } }), valid: false, message: 'must not contain empty region/zone/subzone info' },
  { name: 'TestValidateLocalityLbSetting: distribute and failover', in: lb({ localityLbSetting: { distribute: [{ from: 'a', to: { b: 100 } }], failover: [{ from: 'a', to: 'b' }] } }, { outlierDetection: { consecutive5xxErrors: 5 } }), valid: false, message: "can not simultaneously specify 'distribute' and 'failover'" },
  { name: 'TestValidateLocalityLbSetting: failover with outlier detection', in: lb({ localityLbSetting: { failover: [{ from: 'us-east', to: 'eu-west' }] } }, { outlierDetection: { consecutive5xxErrors: 5 } }), valid: true },
  { name: 'TestValidateLocalityLbSetting: failover without outlier detection warns', in: lb({ localityLbSetting: { failover: [{ from: 'us-east', to: 'eu-west' }] } }), valid: true, warning: true, message: 'outlier detection policy must be provided for failover' },
  { name: 'TestValidateLocalityLbSetting: failover to the same region', in: lb({ localityLbSetting: { failover: [{ from: 'us-east', to: 'us-east' }] } }, { outlierDetection: { consecutive5xxErrors: 5 } }), valid: false, message: 'must specify different regions' },
  { name: 'TestValidateLocalityLbSetting: failover with a zone', in: lb({ localityLbSetting: { failover: [{ from: 'us-east/a', to: 'eu-west' }] } }, { outlierDetection: { consecutive5xxErrors: 5 } }), valid: false, message: 'locality lb failover only specify region' },
  { name: 'TestValidateLocalityLbSetting: failover and topology failoverPriority', in: lb({ localityLbSetting: { failover: [{ from: 'us-east', to: 'eu-west' }], failoverPriority: ['topology.kubernetes.io/region'] } }, { outlierDetection: { consecutive5xxErrors: 5 } }), valid: false, message: "can not simultaneously set 'failover' and topology label" },
  { name: 'TestValidateLocalityLbSetting: failoverPriority on a custom label', in: lb({ localityLbSetting: { failoverPriority: ['network'] } }, { outlierDetection: { consecutive5xxErrors: 5 } }), valid: true },
];

const OUTLIER_DETECTION: ValidationCase[] = [
  { name: 'TestValidateOutlierDetection: valid outlier detection', in: od({ interval: '2s', baseEjectionTime: '2s', maxEjectionPercent: 50, minHealthPercent: 20 }), valid: true },
  { name: 'TestValidateOutlierDetection: invalid outlier ejection percent', in: od({ maxEjectionPercent: 150 }), valid: false, message: 'percentage 150 is not in range 0..100' },
  { name: 'TestValidateOutlierDetection: invalid min health percent', in: od({ minHealthPercent: -1 }), valid: false },
  { name: 'TestValidateOutlierDetection: invalid outlier detection interval', in: od({ interval: '0.5ms' }), valid: false },
  { name: 'TestValidateOutlierDetection: invalid base ejection time', in: od({ baseEjectionTime: '0s' }), valid: false },
  { name: 'TestValidateOutlierDetection: deprecated consecutiveErrors warns', in: od({ consecutiveErrors: 5 }), valid: true, warning: true, message: 'outlier detection consecutive errors is deprecated' },
  { name: 'TestValidateOutlierDetection: local origin failures without split', in: od({ consecutiveLocalOriginFailures: 5 }), valid: false, message: 'split external local origin errors is set to false' },
  { name: 'TestValidateOutlierDetection: local origin failures with split', in: od({ consecutiveLocalOriginFailures: 5, splitExternalLocalOriginErrors: true }), valid: true },
];

const CLIENT_TLS: ValidationCase[] = [
  { name: 'TestValidateTLS: ISTIO_MUTUAL', in: tls({ mode: 'ISTIO_MUTUAL' }), valid: true },
  { name: 'TestValidateTLS: ISTIO_MUTUAL with a CA (istiod does not check)', in: tls({ mode: 'ISTIO_MUTUAL', caCertificates: '/ca.pem' }), valid: true },
  { name: 'TestValidateTLS: SIMPLE with CA', in: tls({ mode: 'SIMPLE', caCertificates: '/ca.pem', sni: 'a.example.com' }), valid: true },
  { name: 'TestValidateTLS: MUTUAL with certificate files', in: tls({ mode: 'MUTUAL', clientCertificate: '/c.pem', privateKey: '/k.pem', caCertificates: '/ca.pem' }), valid: true },
  { name: 'TestValidateTLS: MUTUAL without client certificate', in: tls({ mode: 'MUTUAL', privateKey: '/k.pem' }), valid: false, message: 'client certificate required for mutual tls' },
  { name: 'TestValidateTLS: MUTUAL without private key', in: tls({ mode: 'MUTUAL', clientCertificate: '/c.pem' }), valid: false, message: 'private key required for mutual tls' },
  { name: 'TestValidateTLS: MUTUAL with credentialName', in: tls({ mode: 'MUTUAL', credentialName: 'client-cert' }), valid: true },
  { name: 'TestValidateTLS: credentialName with certificate files', in: tls({ mode: 'SIMPLE', credentialName: 'ca-cert', caCertificates: '/ca.pem' }), valid: false, message: 'cannot specify client certificates or CA certificate or CA CRL If credentialName is set' },
  { name: 'TestValidateTLS: SIMPLE insecureSkipVerify', in: tls({ mode: 'SIMPLE', insecureSkipVerify: true }), valid: true },
  { name: 'TestValidateTLS: SIMPLE insecureSkipVerify with CA', in: tls({ mode: 'SIMPLE', insecureSkipVerify: true, caCertificates: '/ca.pem' }), valid: false, message: 'cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true' },
  { name: 'TestValidateTLS: SIMPLE insecureSkipVerify with credentialName', in: tls({ mode: 'SIMPLE', insecureSkipVerify: true, credentialName: 'ca-cert' }), valid: false },
  { name: 'TestValidateTLS: SIMPLE insecureSkipVerify with subjectAltNames', in: tls({ mode: 'SIMPLE', insecureSkipVerify: true, subjectAltNames: ['a.example.com'] }), valid: false },
  { name: 'TestValidateTLS: MUTUAL insecureSkipVerify with credentialName', in: tls({ mode: 'MUTUAL', insecureSkipVerify: true, credentialName: 'client-cert' }), valid: true },
  { name: 'TestValidateTLS: MUTUAL insecureSkipVerify with subjectAltNames', in: tls({ mode: 'MUTUAL', insecureSkipVerify: true, credentialName: 'client-cert', subjectAltNames: ['a.example.com'] }), valid: false, message: 'cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true' },
];

describe('IST0106 DestinationRule (istiod ValidateDestinationRule)', () => {
  describe('destination rule', () => runValidationTable('DestinationRule', DESTINATION_RULE));
  describe('traffic policy', () => runValidationTable('DestinationRule', TRAFFIC_POLICY));
  describe('connection pool', () => runValidationTable('DestinationRule', CONNECTION_POOL));
  describe('load balancer', () => runValidationTable('DestinationRule', LOAD_BALANCER));
  describe('outlier detection', () => runValidationTable('DestinationRule', OUTLIER_DETECTION));
  describe('client tls', () => runValidationTable('DestinationRule', CLIENT_TLS));
});
