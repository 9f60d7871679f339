/**
 * A Gateway server's (and a Sidecar ingress listener's) `tls:` settings, as istiod's webhook validates them
 * (pkg/config/validation/validation.go validateTLSOptions; cipher names from
 * pkg/config/security ValidCipherSuites / IsValidCipherSuite).
 */
import { arr, has, SchemaIssues } from './schema';

/** BoringSSL cipher names Envoy accepts (`bssl ciphers -openssl-name ALL`, no PSK). */
const VALID_CIPHER_SUITES = new Set([
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA', 'ECDHE-ECDSA-AES256-SHA', 'ECDHE-RSA-AES256-SHA',
  'AES128-GCM-SHA256', 'AES256-GCM-SHA384', 'AES128-SHA', 'AES256-SHA', 'DES-CBC3-SHA',
]);

// istiod: security.IsValidCipherSuite — "", "ALL" and operator expressions (-X, +X, !X) pass.
function isValidCipherSuite(cs: string): boolean {
  if (cs === '' || cs === 'ALL') return true;
  if (!/^[\p{L}\p{N}]/u.test(cs)) return true;
  return VALID_CIPHER_SUITES.has(cs);
}

// istiod: validateTLSOptions
export function validateTlsOptions(issues: SchemaIssues, tls: any, where: string): void {
  if (!has(tls)) return;
  const mode = tls.mode ?? 'PASSTHROUGH';
  const ciphers: string[] = arr(tls.cipherSuites).map(String);
  if ((tls.minProtocolVersion === 'TLSV1_0' || tls.minProtocolVersion === 'TLSV1_1') && ciphers.length === 0) {
    issues.warn(`${where}: TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers.`,
      'list cipherSuites that the old TLS version supports, or raise minProtocolVersion to TLSV1_2');
  }
  const invalid = new Set<string>();
  const valid = new Set<string>();
  const duplicate = new Set<string>();
  for (const cs of ciphers) {
    if (!isValidCipherSuite(cs)) invalid.add(cs);
    else if (valid.has(cs)) duplicate.add(cs);
    else valid.add(cs);
  }
  if (invalid.size > 0) issues.warn(`${where}: ignoring invalid cipher suites: [${[...invalid].sort().join(' ')}]`, `use BoringSSL cipher names: ${[...VALID_CIPHER_SUITES].join(', ')}`);
  if (duplicate.size > 0) issues.warn(`${where}: ignoring duplicate cipher suites: [${[...duplicate].sort().join(' ')}]`, 'list each cipher suite once');

  const credentialNames = arr(tls.credentialNames);
  const tlsCertificates = arr(tls.tlsCertificates);
  if (mode === 'ISTIO_MUTUAL') {
    const fix = 'drop the certificate fields (Istio supplies them) or use mode MUTUAL';
    if (tls.serverCertificate) issues.add(`${where}: ISTIO_MUTUAL TLS cannot have associated server certificate`, fix);
    if (tls.privateKey) issues.add(`${where}: ISTIO_MUTUAL TLS cannot have associated private key`, fix);
    if (tls.caCertificates) issues.add(`${where}: ISTIO_MUTUAL TLS cannot have associated CA bundle`, fix);
    if (tlsCertificates.length > 0) issues.add(`${where}: ISTIO_MUTUAL TLS cannot have associated tlsCertificates`, fix);
    if (tls.credentialName) issues.add(`${where}: ISTIO_MUTUAL TLS cannot have associated credentialName`, fix);
    if (credentialNames.length > 0) issues.add(`${where}: ISTIO_MUTUAL TLS cannot have associated credentialNames`, fix);
    return;
  }
  if ((mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH')
    && (tls.caCrl || tls.serverCertificate || tls.privateKey || tls.caCertificates || tlsCertificates.length > 0 || tls.credentialName || credentialNames.length > 0)) {
    issues.warn(`${where}: ${mode} mode does not use certificates, they will be ignored`, 'drop the certificate fields, or terminate TLS with mode SIMPLE');
  }
  const sources = [Boolean(tls.serverCertificate && tls.privateKey), Boolean(tls.credentialName), credentialNames.length > 0, tlsCertificates.length > 0].filter(Boolean).length;
  if (sources > 1) {
    issues.add(`${where}: only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified`, 'keep a single way of naming the server certificate');
  }
  const terminates = mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
  // Certificates (and the client CA) come from the credential's Secret.
  if (terminates && (tls.credentialName || credentialNames.length > 0)) return;
  if (terminates) {
    const prefix = mode === 'SIMPLE' ? 'SIMPLE TLS' : 'MUTUAL TLS';
    if (mode !== 'SIMPLE' && !tls.caCertificates) issues.add(`${where}: ${prefix} requires a client CA bundle`, 'set tls.caCertificates, or use a credentialName whose Secret has ca.crt');
    if (tlsCertificates.length > 2) issues.warn(`${where}: ${prefix} can support up to 2 server certificates`, 'keep at most one RSA and one ECDSA certificate');
    const certs = tlsCertificates.length > 0 ? tlsCertificates : [{ serverCertificate: tls.serverCertificate, privateKey: tls.privateKey }];
    for (const cert of certs) {
      if (!cert?.serverCertificate) issues.add(`${where}: ${prefix} requires a server certificate`, 'set tls.credentialName to the Secret holding the certificate (or serverCertificate and privateKey)');
      if (!cert?.privateKey) issues.add(`${where}: ${prefix} requires a private key`, 'set tls.credentialName to the Secret holding the key (or serverCertificate and privateKey)');
    }
  }
  if (tls.caCrl) {
    if (tls.credentialName) issues.add(`${where}: CRL is not supported with credentialName. CRL has to be specified in the credential`, 'put the CRL in the credential Secret (ca.crl)');
    if (mode === 'SIMPLE') issues.add(`${where}: CRL is not supported with SIMPLE TLS`, 'drop caCrl, or verify clients with mode MUTUAL');
  }
}
