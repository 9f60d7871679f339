/**
 * ServiceEntry, from istiod's TestValidateServiceEntries (validation_test.go), plus near misses
 * (marked) for ValidateServiceEntry's rules its table leaves out, the cases that used to live in
 * schema-validation.test.ts, and inputs this library once rejected wrongly.
 */
import { describeValidationTable, schemaFindings, ValidationCase } from './table';

const http2 = [{ number: 80, protocol: 'http', name: 'http-valid1' }, { number: 8080, protocol: 'http', name: 'http-valid2' }];
const http1 = [{ number: 80, protocol: 'http', name: 'http-valid1' }];
const googleEndpoints = [{ address: 'lon.google.com', ports: { 'http-valid1': 8080 } }, { address: 'in.google.com', ports: { 'http-valid2': 9080 } }];
const staticEndpoints = [{ address: '1.1.1.1', ports: { 'http-valid1': 8080 } }, { address: '2.2.2.2', ports: { 'http-valid2': 9080 } }];
const grpc = [{ number: 6553, protocol: 'grpc', name: 'grpc-service1' }];
const https = (name = 'https') => [{ number: 443, protocol: 'HTTPS', name }];

const CASES: ValidationCase[] = [
  { name: 'discovery type DNS', in: { hosts: ['*.google.com'], ports: http2, endpoints: googleEndpoints, resolution: 'DNS' }, valid: true },
  { name: 'discovery type DNS Round Robin', in: { hosts: ['*.istio.io'], ports: http2, endpoints: [{ address: 'api-v1.istio.io', ports: { 'http-valid1': 8080 } }], resolution: 'DNS_ROUND_ROBIN' }, valid: true },
  {
    name: 'discovery type DNS, label tlsMode: istio',
    in: { hosts: ['*.google.com'], ports: http2, endpoints: googleEndpoints.map((e) => ({ ...e, labels: { 'security.istio.io/tlsMode': 'istio' } })), resolution: 'DNS' },
    valid: true,
  },
  { name: 'discovery type DNS, one host set with IP address and https port', in: { hosts: ['httpbin.org'], addresses: ['10.10.10.10'], ports: [...http2, ...https()], resolution: 'DNS' }, valid: true },
  { name: 'discovery type DNS, multi hosts set with IP address and https port', in: { hosts: ['httpbin.org', 'wikipedia.org'], addresses: ['10.10.10.10'], ports: [...http2, ...https()], resolution: 'DNS' }, valid: true, warning: true },
  { name: 'discovery type DNS, IP address set', in: { hosts: ['*.google.com'], addresses: ['10.10.10.10'], ports: http2, endpoints: googleEndpoints, resolution: 'DNS' }, valid: true },
  { name: 'discovery type DNS, IP in endpoints', in: { hosts: ['*.google.com'], ports: http2, endpoints: [{ address: '1.1.1.1', ports: { 'http-valid1': 8080 } }, googleEndpoints[1]], resolution: 'DNS' }, valid: true },
  { name: 'empty hosts', in: { ports: http1, endpoints: [{ address: 'in.google.com', ports: { 'http-valid2': 9080 } }], resolution: 'DNS' }, valid: false },
  { name: 'bad hosts', in: { hosts: ['-'], ports: http1, endpoints: [{ address: 'in.google.com', ports: { 'http-valid2': 9080 } }], resolution: 'DNS' }, valid: false },
  { name: 'full wildcard host', in: { hosts: ['foo.com', '*'], ports: http1, endpoints: [{ address: 'in.google.com', ports: { 'http-valid2': 9080 } }], resolution: 'DNS' }, valid: false },
  { name: 'short name host', in: { hosts: ['foo', 'bar.com'], ports: http1, endpoints: [{ address: 'in.google.com', ports: { 'http-valid1': 9080 } }], resolution: 'DNS' }, valid: true },
  {
    name: 'undefined endpoint port',
    in: { hosts: ['google.com'], ports: [http2[0], { ...http2[1], number: 80 }], endpoints: [googleEndpoints[0], { address: 'in.google.com', ports: { 'http-dne': 9080 } }], resolution: 'DNS' },
    valid: false,
  },
  { name: 'discovery type DNS, non-FQDN endpoint', in: { hosts: ['*.google.com'], ports: http2, endpoints: [{ address: '*.lon.google.com', ports: { 'http-valid1': 8080 } }, { address: 'in.google.com', ports: { 'http-dne': 9080 } }], resolution: 'DNS' }, valid: false },
  { name: 'discovery type DNS, non-FQDN host', in: { hosts: ['*.google.com'], ports: http2, resolution: 'DNS' }, valid: false },
  { name: 'discovery type DNS, no endpoints', in: { hosts: ['google.com'], ports: http2, resolution: 'DNS' }, valid: true },
  { name: 'discovery type DNS, unix endpoint', in: { hosts: ['*.google.com'], ports: http1, endpoints: [{ address: 'unix:///lon/google/com' }], resolution: 'DNS' }, valid: false },
  { name: 'discovery type none', in: { hosts: ['google.com'], ports: http2, resolution: 'NONE' }, valid: true },
  { name: 'discovery type none, endpoints provided', in: { hosts: ['google.com'], ports: http2, endpoints: [googleEndpoints[0]], resolution: 'NONE' }, valid: false },
  { name: 'discovery type none, cidr addresses', in: { hosts: ['google.com'], addresses: ['172.1.2.16/16'], ports: http2, resolution: 'NONE' }, valid: true },
  { name: 'discovery type static, cidr addresses with endpoints', in: { hosts: ['google.com'], addresses: ['172.1.2.16/16'], ports: http2, endpoints: staticEndpoints, resolution: 'STATIC' }, valid: true },
  { name: 'discovery type static', in: { hosts: ['google.com'], addresses: ['172.1.2.16'], ports: http2, endpoints: staticEndpoints, resolution: 'STATIC' }, valid: true },
  { name: 'discovery type static, FQDN in endpoints', in: { hosts: ['google.com'], addresses: ['172.1.2.16'], ports: http2, endpoints: [{ address: 'google.com', ports: { 'http-valid1': 8080 } }, staticEndpoints[1]], resolution: 'STATIC' }, valid: false },
  { name: 'discovery type static, missing endpoints', in: { hosts: ['google.com'], addresses: ['172.1.2.16'], ports: http2, resolution: 'STATIC' }, valid: true },
  { name: 'discovery type static, bad endpoint port name', in: { hosts: ['google.com'], addresses: ['172.1.2.16'], ports: http2, endpoints: [staticEndpoints[0], { address: '2.2.2.2', ports: { 'http-dne': 9080 } }], resolution: 'STATIC' }, valid: false },
  { name: 'discovery type none, conflicting port names', in: { hosts: ['google.com'], ports: [{ number: 80, protocol: 'http', name: 'http-conflict' }, { number: 8080, protocol: 'http', name: 'http-conflict' }], resolution: 'NONE' }, valid: false },
  { name: 'discovery type none, conflicting port numbers', in: { hosts: ['google.com'], ports: [{ number: 80, protocol: 'http', name: 'http-conflict1' }, { number: 80, protocol: 'http', name: 'http-conflict2' }], resolution: 'NONE' }, valid: false },
  { name: 'unix socket', in: { hosts: ['uds.cluster.local'], ports: grpc, resolution: 'STATIC', endpoints: [{ address: 'unix:///path/to/socket' }] }, valid: true },
  { name: 'unix socket, relative path', in: { hosts: ['uds.cluster.local'], ports: grpc, resolution: 'STATIC', endpoints: [{ address: 'unix://./relative/path.sock' }] }, valid: false },
  { name: 'unix socket, endpoint ports', in: { hosts: ['uds.cluster.local'], ports: grpc, resolution: 'STATIC', endpoints: [{ address: 'unix:///path/to/socket', ports: { 'grpc-service1': 6553 } }] }, valid: false },
  { name: 'unix socket, multiple service ports', in: { hosts: ['uds.cluster.local'], ports: [...grpc, { number: 80, protocol: 'http', name: 'http-service2' }], resolution: 'STATIC', endpoints: [{ address: 'unix:///path/to/socket' }] }, valid: false },
  { name: 'empty protocol', in: { hosts: ['google.com'], addresses: ['172.1.2.16/16'], ports: [http2[0], { number: 8080, name: 'http-valid2' }], resolution: 'NONE' }, valid: true },
  { name: 'selector', in: { hosts: ['google.com'], workloadSelector: { labels: { foo: 'bar' } }, ports: http1 }, valid: true, warning: true },
  { name: 'workload selector without labels', in: { hosts: ['google.com'], ports: http2, workloadSelector: {} }, valid: true, warning: true },
  { name: 'selector and endpoints', in: { hosts: ['google.com'], workloadSelector: { labels: { foo: 'bar' } }, ports: http1, endpoints: [{ address: '1.1.1.1' }] }, valid: false, warning: true },
  { name: 'selector and resolution NONE', in: { hosts: ['google.com'], workloadSelector: { labels: { foo: 'bar' } }, ports: http1, resolution: 'NONE' }, valid: true, warning: true },
  { name: 'selector and resolution DNS', in: { hosts: ['google.com'], workloadSelector: { labels: { foo: 'bar' } }, ports: http1, resolution: 'DNS' }, valid: true },
  { name: 'bad selector key', in: { hosts: ['google.com'], workloadSelector: { labels: { '': 'bar' } }, ports: http1 }, valid: false },
  { name: 'repeat target port', in: { hosts: ['google.com'], resolution: 'DNS', ports: [{ ...http2[0], targetPort: 80 }, { number: 81, protocol: 'http', name: 'http-valid2', targetPort: 80 }] }, valid: true },
  { name: 'valid target port', in: { hosts: ['google.com'], resolution: 'DNS', ports: [{ ...http2[0], targetPort: 81 }] }, valid: true },
  { name: 'invalid target port', in: { hosts: ['google.com'], resolution: 'DNS', ports: [{ ...http2[0], targetPort: 65536 }] }, valid: false },
  { name: 'warn target port', in: { hosts: ['google.com'], workloadSelector: { labels: { key: 'bar' } }, ports: [{ ...http2[0], targetPort: 1234 }] }, valid: true, warning: true },
  { name: 'valid endpoint port', in: { hosts: ['google.com'], ports: [{ ...http2[0], targetPort: 81 }], resolution: 'STATIC', endpoints: [{ address: '1.1.1.1', ports: { 'http-valid1': 8081 } }] }, valid: true },
  { name: 'invalid endpoint port', in: { hosts: ['google.com'], ports: [{ ...http2[0], targetPort: 81 }], resolution: 'STATIC', endpoints: [{ address: '1.1.1.1', ports: { 'http-valid1': 65536 } }] }, valid: false },
  { name: 'protocol unset for addresses empty', in: { hosts: ['google.com'], addresses: [], ports: [http2[0], { number: 8080, name: 'http-valid2' }], resolution: 'NONE' }, valid: true, warning: true },
  { name: 'protocol is TCP for addresses empty', in: { hosts: ['google.com'], addresses: [], ports: [http2[0], { number: 81, protocol: 'TCP', name: 'tcp-valid1' }], resolution: 'NONE' }, valid: true, warning: true },
  {
    name: 'dns round robin with more than one endpoint',
    in: { hosts: ['google.com'], addresses: [], ports: [{ number: 8081, protocol: 'http', name: 'http-valid1' }], endpoints: [{ address: 'api-v1.istio.io', ports: { 'http-valid1': 8081 } }, { address: '1.1.1.2', ports: { 'http-valid1': 8081 } }], resolution: 'DNS_ROUND_ROBIN' },
    valid: false,
  },
  { name: 'dns round robin with 0 endpoints', in: { hosts: ['google.com'], addresses: [], ports: [{ number: 8081, protocol: 'http', name: 'http-valid1' }], endpoints: [], resolution: 'DNS_ROUND_ROBIN' }, valid: true },
  { name: 'partial wildcard hosts', in: { hosts: ['*.nytimes.com', '*washingtonpost.com'], addresses: [], ports: https('https-nytimes'), endpoints: [], resolution: 'NONE' }, valid: true, warning: true },
  { name: 'network set with no address on endpoint', in: { hosts: ['www.example.com'], addresses: [], ports: https('https-example'), endpoints: [{ network: 'cluster-1' }], resolution: 'STATIC' }, valid: true, warning: true },

  // Istio's testdata/crds/serviceentry-valid.yaml: accepted by the API server and by istiod.
  {
    name: 'testdata serviceentry-valid.yaml: full',
    in: { hosts: ['example.com'], workloadSelector: { labels: { foo: 'bar' } }, addresses: ['1.2.3.4', '001:db8::'], exportTo: ['foo', '.'], location: 'MESH_EXTERNAL', ports: [{ name: 'foo', protocol: 'HTTP', number: 1234, targetPort: 2345 }], subjectAltNames: ['sa'], resolution: 'DNS' },
    valid: true,
  },
  { name: 'testdata serviceentry-valid.yaml: static-endpoints', in: { hosts: ['example.com'], endpoints: [{ address: 'sub.example.com' }], ports: [{ name: 'foo', protocol: 'HTTP', number: 1234, targetPort: 2345 }], resolution: 'DNS' }, valid: true },
  { name: 'testdata serviceentry-valid.yaml: empty-selector', in: { workloadSelector: {}, hosts: ['example.com'] }, valid: true, warning: true },
  { name: 'testdata serviceentry-valid.yaml: partial-wildcard', in: { hosts: ['*x'] }, valid: true, warning: true },
  { name: 'testdata serviceentry-valid.yaml: none-cidr', in: { hosts: ['example.com'], addresses: ['1.1.1.1/32'] }, valid: true },

  // Near misses for the rest of ValidateServiceEntry, and inputs once wrongly rejected here.
  { name: 'near miss: resolution DYNAMIC_DNS with a wildcard host', in: { hosts: ['*.example.com'], ports: https(), resolution: 'DYNAMIC_DNS', location: 'MESH_EXTERNAL' }, valid: true },
  { name: 'near miss: unknown resolution', in: { hosts: ['example.com'], ports: https(), resolution: 'MAGIC' }, valid: false },
  { name: 'near miss: STATIC endpoint with a network and no address', in: { hosts: ['www.example.com'], ports: https(), endpoints: [{ network: 'cluster-1', locality: 'us-east1' }], resolution: 'STATIC' }, valid: true, warning: true },
  { name: 'near miss: STATIC endpoint with neither address nor network', in: { hosts: ['www.example.com'], ports: https(), endpoints: [{ locality: 'us-east1' }], resolution: 'STATIC' }, valid: false },
  { name: 'near miss: STATIC abstract unix socket', in: { hosts: ['uds.cluster.local'], ports: grpc, resolution: 'STATIC', endpoints: [{ address: 'unix://@socket' }] }, valid: true },
  { name: 'near miss: STATIC unix socket ending in /', in: { hosts: ['uds.cluster.local'], ports: grpc, resolution: 'STATIC', endpoints: [{ address: 'unix:///run/' }] }, valid: false },
  { name: 'near miss: STATIC IPv6 endpoint', in: { hosts: ['v6.example.com'], ports: https(), resolution: 'STATIC', endpoints: [{ address: '2001:db8::1' }] }, valid: true },
  { name: 'near miss: STATIC endpoint with a CIDR (STATIC with a host name, schema-validation)', in: { hosts: ['api.example.com'], ports: https(), resolution: 'STATIC', endpoints: [{ address: '10.0.0.0/24' }] }, valid: false },
  { name: 'near miss: STATIC endpoint port name not a label', in: { hosts: ['api.example.com'], ports: https('https_api'), resolution: 'STATIC', endpoints: [{ address: '10.0.0.1', ports: { https_api: 8443 } }] }, valid: false },
  { name: 'near miss: STATIC endpoint labels invalid', in: { hosts: ['api.example.com'], ports: https(), resolution: 'STATIC', endpoints: [{ address: '10.0.0.1', labels: { 'bad key': 'v' } }] }, valid: false },
  { name: 'near miss: DNS endpoint host name (schema-validation)', in: { hosts: ['api.example.com'], ports: https(), resolution: 'DNS', endpoints: [{ address: 'api.internal' }] }, valid: true },
  { name: 'near miss: DNS endpoint with network and no address is rejected by istiod', in: { hosts: ['api.example.com'], ports: https(), resolution: 'DNS', endpoints: [{ network: 'n1' }] }, valid: false },
  { name: 'near miss: DNS wildcard host with endpoints', in: { hosts: ['*.example.com'], ports: https(), resolution: 'DNS', endpoints: [{ address: 'proxy.example.com' }] }, valid: true },
  { name: 'near miss: DNS all-numeric top-level domain host', in: { hosts: ['api.example.123'], ports: https(), resolution: 'DNS' }, valid: false },
  { name: 'near miss: NONE with workloadSelector warns', in: { hosts: ['api.example.com'], ports: https(), resolution: 'NONE', workloadSelector: { labels: { app: 'x' } } }, valid: true, warning: true },
  { name: 'near miss: STATIC with workloadSelector', in: { hosts: ['api.internal'], ports: https(), resolution: 'STATIC', workloadSelector: { labels: { app: 'vm' } } }, valid: true },
  { name: 'near miss: workloadSelector wildcard value', in: { hosts: ['api.internal'], ports: https(), resolution: 'STATIC', workloadSelector: { labels: { app: 'vm-*' } } }, valid: false },
  { name: 'near miss: workloadSelector with an empty endpoints list', in: { hosts: ['api.internal'], ports: https(), resolution: 'STATIC', workloadSelector: { labels: { app: 'vm' } }, endpoints: [] }, valid: true },
  { name: 'near miss: CIDR address with DNS', in: { hosts: ['api.example.com'], addresses: ['10.0.0.0/24'], ports: https(), resolution: 'DNS' }, valid: false },
  { name: 'near miss: invalid address', in: { hosts: ['api.example.com'], addresses: ['10.0.0.256'], ports: https(), resolution: 'NONE' }, valid: false },
  { name: 'near miss: IPv6 CIDR address', in: { hosts: ['api.example.com'], addresses: ['2001:db8::/64'], ports: https(), resolution: 'NONE' }, valid: true },
  { name: 'near miss: multiple hosts with a TCP port (DNS)', in: { hosts: ['a.example.com', 'b.example.com'], ports: [{ number: 5432, name: 'tcp', protocol: 'TCP' }], resolution: 'DNS' }, valid: false, warning: true },
  { name: 'near miss: multiple hosts with a protocol-less port (DNS)', in: { hosts: ['a.example.com', 'b.example.com'], addresses: ['10.0.0.1'], ports: [{ number: 5432, name: 'db' }], resolution: 'DNS' }, valid: false },
  { name: 'near miss: multiple hosts with TLS and HTTP ports (DNS)', in: { hosts: ['a.example.com', 'b.example.com'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }, { number: 80, name: 'http', protocol: 'HTTP2' }], resolution: 'DNS' }, valid: true },
  { name: 'near miss: multiple hosts with a TCP port (NONE)', in: { hosts: ['a.example.com', 'b.example.com'], addresses: ['10.0.0.0/24'], ports: [{ number: 5432, name: 'tcp', protocol: 'TCP' }], resolution: 'NONE' }, valid: true },
  { name: 'near miss: port name missing', in: { hosts: ['api.example.com'], ports: [{ number: 443, protocol: 'HTTPS' }], resolution: 'DNS' }, valid: false },
  { name: 'near miss: upper-case port name (Istio label rules)', in: { hosts: ['api.example.com'], ports: https('HTTPS'), resolution: 'DNS' }, valid: true },
  { name: 'near miss: port number 0', in: { hosts: ['api.example.com'], ports: [{ number: 0, protocol: 'HTTPS', name: 'https' }], resolution: 'DNS' }, valid: false },
  { name: 'near miss: unknown protocol', in: { hosts: ['api.example.com'], ports: [{ number: 443, protocol: 'QUIC', name: 'quic' }], resolution: 'DNS' }, valid: false },
  { name: 'near miss: duplicate port numbers (schema-validation)', in: { hosts: ['api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }, { number: 443, name: 'tls', protocol: 'TLS' }], resolution: 'DNS' }, valid: false },
  { name: 'near miss: wildcard inside a host (also a partial-wildcard warning)', in: { hosts: ['a.*.example.com'], ports: https(), resolution: 'NONE' }, valid: false, warning: true },
  { name: 'near miss: Istio\'s generated outbound_ SNI name is not a ServiceEntry host', in: { hosts: ['outbound_.443_._.api.example.com'], ports: https(), resolution: 'NONE' }, valid: false },
  // exportTo of ServiceEntries (validateExportTo with isServiceEntry; Go: Test_validateExportTo).
  { name: 'exportTo: ~ is allowed for service entry configs', in: { hosts: ['api.example.com'], ports: https(), exportTo: ['~'] }, valid: true },
  { name: 'exportTo: . and ns1 are allowed', in: { hosts: ['api.example.com'], ports: https(), exportTo: ['.', 'ns1'] }, valid: true },
  { name: 'exportTo: duplicate none in service entry exportTo is not okay', in: { hosts: ['api.example.com'], ports: https(), exportTo: ['~', '~', 'ns1'] }, valid: false },
  { name: 'exportTo: none and other namespaces cannot be combined in service entry exportTo', in: { hosts: ['api.example.com'], ports: https(), exportTo: ['~', 'ns1'] }, valid: false },
  { name: 'exportTo: . and same namespace in exportTo is not okay', in: { hosts: ['api.example.com'], ports: https(), exportTo: ['.', 'bar'] }, valid: false },
  { name: 'exportTo: invalid namespace names are not okay', in: { hosts: ['api.example.com'], ports: https(), exportTo: ['ns1_'] }, valid: false },
  { name: 'near miss: exportTo namespace with upper case (Istio label rules)', in: { hosts: ['api.example.com'], ports: https(), exportTo: ['Team-A'] }, valid: true },
  { name: 'near miss: dry-run annotation', annotations: { 'istio.io/dry-run': 'false' }, in: { hosts: ['api.example.com'], ports: https(), resolution: 'DNS' }, valid: false },
  { name: 'near miss: TCP port without addresses, opted out of auto-allocation', labels: { 'networking.istio.io/enable-autoallocate-ip': 'false' }, in: { hosts: ['db.example.com'], ports: [{ number: 5432, name: 'tcp', protocol: 'TCP' }], resolution: 'DNS' }, valid: true, warning: true },
];

describeValidationTable({ apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', namespace: 'bar' }, CASES);

describe('ServiceEntry address auto-allocation (ShouldV2AutoAllocateIPFromConfig)', () => {
  const tcpNoAddress: ValidationCase = { name: 'TCP port, no addresses', in: { hosts: ['db.example.com'], ports: [{ number: 5432, name: 'tcp', protocol: 'TCP' }], resolution: 'DNS' }, valid: true };
  const kind = { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry' };

  it('warns without auto-allocation', () => {
    expect(schemaFindings(kind, tcpNoAddress).map((f) => f.severity)).toEqual(['warning']);
  });

  it('does not warn when the mesh allocates addresses', () => {
    expect(schemaFindings({ ...kind, environment: { dnsAutoAllocate: true } }, tcpNoAddress)).toEqual([]);
  });
});
