/**
 * IST0106 for Gateways, ported from istiod's tests of pkg/config/validation
 * (TestValidateGateway, TestValidateServer, TestValidateServerPort, TestValidateServerBind,
 * TestValidateTlsOptions, TestValidateNamespaceSlashWildcardHostname (agent)).
 */
import { runValidationTable, ValidationCase } from './table';

const http80 = { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['foo.bar.com'] };
const gw = (...servers: object[]): object => ({ selector: { istio: 'ingressgateway' }, servers });
const server = (s: object): object => gw({ ...http80, ...s });
const https = (tls: object): object => gw({ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['foo.bar.com'], tls });
const hosts = (...h: string[]): object => server({ hosts: h });

const GATEWAY: ValidationCase[] = [
  { name: 'TestValidateGateway: happy domain', in: gw(http80), valid: true },
  { name: 'TestValidateGateway: dry-run annotation (validateMetadata)', in: gw(http80), meta: { annotations: { 'istio.io/dry-run': 'true' } }, valid: false, message: 'has unsupported annotation istio.io/dry-run' },
  { name: 'TestValidateGateway: happy multiple servers', in: gw(http80, { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['foo.bar.com'], tls: { mode: 'SIMPLE', credentialName: 'cert' } }), valid: true },
  { name: 'TestValidateGateway: invalid port names', in: gw(http80, { ...http80, port: { number: 8080, name: 'http', protocol: 'HTTP' } }), valid: false, message: 'port names in servers must be unique: duplicate name http' },
  { name: 'TestValidateGateway: no servers', in: { selector: { istio: 'ingressgateway' } }, valid: false, message: 'gateway must have at least one server' },
  { name: 'TestValidateGateway: invalid gateway name', in: gw(http80), meta: { name: 'gw.v1' }, valid: false, message: 'invalid gateway name: "gw.v1"' },
  { name: 'TestValidateGateway: httpsRedirect on a TLS server warns', in: gw({ port: { number: 443, name: 'tls', protocol: 'TLS' }, hosts: ['foo.bar.com'], tls: { mode: 'PASSTHROUGH', httpsRedirect: true } }), valid: true, warning: true, message: 'tls.httpsRedirect should only be used with http servers' },
  { name: 'TestValidateGateway: selector labels are not checked by istiod', in: { selector: { 'app/x y': 'z' }, servers: [http80] }, valid: true },
];

const SERVER: ValidationCase[] = [
  { name: 'TestValidateServer: empty hosts', in: server({ hosts: [] }), valid: false, message: 'server config must contain at least one host' },
  { name: 'TestValidateServer: happy ns/name', in: hosts('ns1/foo.bar.com'), valid: true },
  { name: 'TestValidateServer: happy */name and ./name', in: hosts('*/foo.bar.com', './foo.bar.com'), valid: true },
  { name: 'TestValidateServer: happy *', in: hosts('*'), valid: true },
  { name: 'TestValidateServer: happy ns/*', in: hosts('ns1/*'), valid: true },
  { name: 'TestValidateServer: happy IP host', in: hosts('10.0.0.1'), valid: true },
  { name: 'TestValidateServer: invalid short name host', in: hosts('foo'), valid: false, message: 'short names (non FQDN) are not allowed' },
  { name: 'TestValidateServer: invalid short name with namespace', in: hosts('ns1/foo'), valid: false, message: 'short names (non FQDN) are not allowed' },
  { name: 'TestValidateServer: invalid domain ns/name format', in: hosts('ns1/foo.*.bar.com'), valid: false },
  { name: 'TestValidateServer: partial wildcard', in: hosts('*bar.com'), valid: false, message: 'partial wildcard "*bar.com" not allowed' },
  { name: 'TestValidateServer: partial wildcard *-', in: hosts('*-bar.example.com'), valid: false, message: 'partial wildcard' },
  { name: 'TestValidateServer: invalid namespace', in: hosts('Team_A/foo.bar.com'), valid: false, message: 'invalid namespace value "Team_A" in gateway' },
  { name: 'TestValidateServer: ~ namespace is only for Gateway API', in: hosts('~/foo.bar.com'), valid: false },
  { name: 'TestValidateServer: empty namespace', in: hosts('/foo.bar.com'), valid: false, message: 'config namespace and dnsName in host entry cannot be empty' },
  { name: 'TestValidateServer: all-numeric top-level domain', in: hosts('foo.bar.123'), valid: false, message: 'cannot be all-numeric' },
  { name: 'TestValidateServer: HTTPS without tls', in: gw({ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['foo.bar.com'] }), valid: false, message: 'server must have TLS settings for HTTPS/TLS protocols' },
  { name: 'TestValidateServer: HTTP with httpsRedirect', in: server({ tls: { httpsRedirect: true } }), valid: true },
  { name: 'TestValidateServer: HTTP with SIMPLE tls', in: server({ tls: { mode: 'SIMPLE', credentialName: 'cert' } }), valid: false, message: 'server cannot have TLS settings for plain text HTTP ports' },
  { name: 'TestValidateServer: HTTP with certificate files', in: server({ tls: { httpsRedirect: true, serverCertificate: '/c.pem' } }), valid: false, warning: true, message: 'server cannot have TLS settings for plain text HTTP ports' },
  { name: 'TestValidateServer: TCP with tls', in: server({ port: { number: 31400, name: 'tcp', protocol: 'TCP' }, tls: { httpsRedirect: true } }), valid: false, warning: true, message: 'server cannot have TLS settings for non HTTPS/TLS ports' },
  // validateServerPort
  { name: 'TestValidateServerPort: invalid protocol', in: server({ port: { number: 80, name: 'http', protocol: 'HTTP3' } }), valid: false, message: 'invalid protocol "HTTP3"' },
  { name: 'TestValidateServerPort: lower-case protocol', in: server({ port: { number: 80, name: 'http', protocol: 'http' } }), valid: true },
  { name: 'TestValidateServerPort: HTTP_PROXY protocol', in: server({ port: { number: 80, name: 'proxy', protocol: 'HTTP_PROXY' } }), valid: true },
  { name: 'TestValidateServerPort: invalid port number', in: server({ port: { number: 70000, name: 'http', protocol: 'HTTP' } }), valid: false, message: 'port number 70000 must be in the range 1..65535' },
  { name: 'TestValidateServerPort: port 0 without unix bind', in: server({ port: { number: 0, name: 'http', protocol: 'HTTP' } }), valid: false },
  { name: 'TestValidateServerPort: no name', in: server({ port: { number: 80, protocol: 'HTTP' } }), valid: false, message: 'port name must be set' },
  { name: 'TestValidateServerPort: targetPort', in: server({ port: { number: 80, name: 'http', protocol: 'HTTP', targetPort: 8080 } }), valid: false, message: 'targetPort has no impact on Gateways' },
  { name: 'TestValidateServerPort: no port', in: gw({ hosts: ['foo.bar.com'] }), valid: false, message: 'port is required' },
  // validateServerBind
  { name: 'TestValidateServerBind: unix socket with port 0', in: server({ port: { number: 0, name: 'uds', protocol: 'HTTP' }, bind: 'unix:///var/run/gw.sock' }), valid: true },
  { name: 'TestValidateServerBind: abstract unix socket', in: server({ port: { number: 0, name: 'uds', protocol: 'HTTP' }, bind: 'unix://@gw' }), valid: true },
  { name: 'TestValidateServerBind: unix socket with a port', in: server({ bind: 'unix:///var/run/gw.sock' }), valid: false, message: 'port number must be 0 for unix domain socket' },
  { name: 'TestValidateServerBind: relative unix socket', in: server({ port: { number: 0, name: 'uds', protocol: 'HTTP' }, bind: 'unix://gw.sock' }), valid: false, message: 'is not an absolute path to a file' },
  { name: 'TestValidateServerBind: IP bind', in: server({ bind: '10.0.0.1' }), valid: true },
  { name: 'TestValidateServerBind: host name bind', in: server({ bind: 'localhost' }), valid: false, message: 'localhost is not a valid IP' },
];

const TLS_OPTIONS: ValidationCase[] = [
  { name: 'TestValidateTlsOptions: empty', in: https({}), valid: true },
  { name: 'TestValidateTlsOptions: simple', in: https({ mode: 'SIMPLE', serverCertificate: '/c.pem', privateKey: '/k.pem' }), valid: true },
  { name: 'TestValidateTlsOptions: simple with credentialName', in: https({ mode: 'SIMPLE', credentialName: 'sds-name' }), valid: true },
  { name: 'TestValidateTlsOptions: simple with credentialNames', in: https({ mode: 'SIMPLE', credentialNames: ['rsa', 'ecdsa'] }), valid: true },
  { name: 'TestValidateTlsOptions: simple no server cert', in: https({ mode: 'SIMPLE', privateKey: '/k.pem' }), valid: false, message: 'SIMPLE TLS requires a server certificate' },
  { name: 'TestValidateTlsOptions: simple no private key', in: https({ mode: 'SIMPLE', serverCertificate: '/c.pem' }), valid: false, message: 'SIMPLE TLS requires a private key' },
  { name: 'TestValidateTlsOptions: simple with tlsCertificates', in: https({ mode: 'SIMPLE', tlsCertificates: [{ serverCertificate: '/rsa.pem', privateKey: '/rsa.key' }, { serverCertificate: '/ec.pem', privateKey: '/ec.key' }] }), valid: true },
  { name: 'TestValidateTlsOptions: tlsCertificates entry without key', in: https({ mode: 'SIMPLE', tlsCertificates: [{ serverCertificate: '/rsa.pem' }] }), valid: false, message: 'SIMPLE TLS requires a private key' },
  { name: 'TestValidateTlsOptions: more than 2 tlsCertificates warns', in: https({ mode: 'SIMPLE', tlsCertificates: [1, 2, 3].map((n) => ({ serverCertificate: `/${n}.pem`, privateKey: `/${n}.key` })) }), valid: true, warning: true, message: 'can support up to 2 server certificates' },
  { name: 'TestValidateTlsOptions: credentialName and credentialNames', in: https({ mode: 'SIMPLE', credentialName: 'a', credentialNames: ['a', 'b'] }), valid: false, message: 'only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified' },
  { name: 'TestValidateTlsOptions: credentialName and certificate files', in: https({ mode: 'SIMPLE', credentialName: 'a', serverCertificate: '/c.pem', privateKey: '/k.pem' }), valid: false },
  { name: 'TestValidateTlsOptions: certificate files and tlsCertificates', in: https({ mode: 'SIMPLE', serverCertificate: '/c.pem', privateKey: '/k.pem', tlsCertificates: [{ serverCertificate: '/rsa.pem', privateKey: '/rsa.key' }] }), valid: false },
  { name: 'TestValidateTlsOptions: mutual', in: https({ mode: 'MUTUAL', serverCertificate: '/c.pem', privateKey: '/k.pem', caCertificates: '/ca.pem' }), valid: true },
  { name: 'TestValidateTlsOptions: mutual no client CA bundle', in: https({ mode: 'MUTUAL', serverCertificate: '/c.pem', privateKey: '/k.pem' }), valid: false, message: 'MUTUAL TLS requires a client CA bundle' },
  { name: 'TestValidateTlsOptions: mutual with credentialName needs no CA', in: https({ mode: 'MUTUAL', credentialName: 'sds-name' }), valid: true },
  { name: 'TestValidateTlsOptions: optional mutual no client CA bundle', in: https({ mode: 'OPTIONAL_MUTUAL', serverCertificate: '/c.pem', privateKey: '/k.pem' }), valid: false, message: 'MUTUAL TLS requires a client CA bundle' },
  { name: 'TestValidateTlsOptions: istio_mutual no certs', in: https({ mode: 'ISTIO_MUTUAL' }), valid: true },
  { name: 'TestValidateTlsOptions: istio_mutual with server cert', in: https({ mode: 'ISTIO_MUTUAL', serverCertificate: '/c.pem' }), valid: false, message: 'ISTIO_MUTUAL TLS cannot have associated server certificate' },
  { name: 'TestValidateTlsOptions: istio_mutual with credentialName', in: https({ mode: 'ISTIO_MUTUAL', credentialName: 'x' }), valid: false, message: 'ISTIO_MUTUAL TLS cannot have associated credentialName' },
  { name: 'TestValidateTlsOptions: istio_mutual with credentialNames', in: https({ mode: 'ISTIO_MUTUAL', credentialNames: ['x'] }), valid: false, message: 'ISTIO_MUTUAL TLS cannot have associated credentialNames' },
  { name: 'TestValidateTlsOptions: pass through sds no certs', in: https({ mode: 'PASSTHROUGH' }), valid: true },
  { name: 'TestValidateTlsOptions: pass through with certs warns', in: https({ mode: 'PASSTHROUGH', credentialName: 'sds-name' }), valid: true, warning: true, message: 'PASSTHROUGH mode does not use certificates, they will be ignored' },
  { name: 'TestValidateTlsOptions: auto pass through with certs warns', in: https({ mode: 'AUTO_PASSTHROUGH', serverCertificate: '/c.pem' }), valid: true, warning: true },
  { name: 'TestValidateTlsOptions: valid cipher suites', in: https({ mode: 'SIMPLE', credentialName: 'a', cipherSuites: ['ECDHE-RSA-AES128-GCM-SHA256', 'AES256-SHA', '-AES128-SHA'] }), valid: true },
  { name: 'TestValidateTlsOptions: invalid cipher suites warn', in: https({ mode: 'SIMPLE', credentialName: 'a', cipherSuites: ['ECDHE-RSA-AES128-GCM-SHA256', 'not-a-cipher'] }), valid: true, warning: true, message: 'ignoring invalid cipher suites: [not-a-cipher]' },
  { name: 'TestValidateTlsOptions: duplicate cipher suites warn', in: https({ mode: 'SIMPLE', credentialName: 'a', cipherSuites: ['AES256-SHA', 'AES256-SHA'] }), valid: true, warning: true, message: 'ignoring duplicate cipher suites: [AES256-SHA]' },
  { name: 'TestValidateTlsOptions: TLSV1_1 without cipher suites warns', in: https({ mode: 'SIMPLE', credentialName: 'a', minProtocolVersion: 'TLSV1_1' }), valid: true, warning: true, message: 'TLS version below TLSV1_2 require setting compatible ciphers' },
  { name: 'TestValidateTlsOptions: TLSV1_0 with cipher suites', in: https({ mode: 'SIMPLE', credentialName: 'a', minProtocolVersion: 'TLSV1_0', maxProtocolVersion: 'TLSV1_3', cipherSuites: ['ECDHE-RSA-AES128-SHA'] }), valid: true },
  { name: 'TestValidateTlsOptions: simple with client bundle', in: https({ mode: 'SIMPLE', serverCertificate: '/c.pem', privateKey: '/k.pem', caCertificates: '/ca.pem' }), valid: true },
  { name: 'TestValidateTlsOptions: simple sds no server cert', in: https({ mode: 'SIMPLE', privateKey: '/k.pem', credentialName: 'sds-name' }), valid: true },
  { name: 'TestValidateTlsOptions: mutual 2 certs with missing CA certificate', in: https({ mode: 'MUTUAL', tlsCertificates: [{ serverCertificate: '/a.pem', privateKey: '/a.key' }, { serverCertificate: '/b.pem', privateKey: '/b.key' }] }), valid: false, message: 'MUTUAL TLS requires a client CA bundle' },
  { name: 'TestValidateTlsOptions: pass through sds crl', in: https({ mode: 'PASSTHROUGH', caCrl: 'scrl' }), valid: true, warning: true, message: 'PASSTHROUGH mode does not use certificates' },
  { name: 'TestValidateTlsOptions: invalid cipher suites with invalid config', in: https({ mode: 'SIMPLE', cipherSuites: ['not-a-cipher-suite'] }), valid: false, warning: true, message: 'requires a private key' },
  { name: 'TestValidateTlsOptions: crl specified for CredentialName', in: https({ mode: 'SIMPLE', caCrl: 'crl', credentialName: 'credential' }), valid: true },
  { name: 'TestValidateTlsOptions: crl with credentialName', in: https({ mode: 'MUTUAL', credentialName: 'a', caCrl: '/crl.pem' }), valid: true },
  { name: 'TestValidateTlsOptions: crl with SIMPLE', in: https({ mode: 'SIMPLE', serverCertificate: '/c.pem', privateKey: '/k.pem', caCrl: '/crl.pem' }), valid: false, message: 'CRL is not supported with SIMPLE TLS' },
  { name: 'TestValidateTlsOptions: crl with MUTUAL files', in: https({ mode: 'MUTUAL', serverCertificate: '/c.pem', privateKey: '/k.pem', caCertificates: '/ca.pem', caCrl: '/crl.pem' }), valid: true },
];

describe('IST0106 Gateway (istiod ValidateGateway)', () => {
  describe('gateway', () => runValidationTable('Gateway', GATEWAY));
  describe('server', () => runValidationTable('Gateway', SERVER));
  describe('tls options', () => runValidationTable('Gateway', TLS_OPTIONS));
});
