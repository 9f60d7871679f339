/**
 * istiod: validation.go `validateTLSOptions` (ServerTLSSettings), as Sidecar ingress listeners
 * use it. Returns istiod's errors and warnings separately.
 */
import { arr } from './schema';

/** pkg/config/security `ValidCipherSuites`. */
const VALID_CIPHER_SUITES = new Set([
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA', 'ECDHE-ECDSA-AES256-SHA', 'ECDHE-RSA-AES256-SHA',
  'AES128-GCM-SHA256', 'AES256-GCM-SHA384', 'AES128-SHA', 'AES256-SHA', 'DES-CBC3-SHA',
]);

export interface TlsOptionProblems {
  readonly errors: string[];
  readonly warnings: string[];
}

/** pkg/config/security `IsValidCipherSuite`: operators such as `-X`/`+X`/`!X` pass unparsed. */
function isValidCipherSuite(suite: string): boolean {
  if (suite === '' || suite === 'ALL') return true;
  if (!/^[\p{L}\p{N}]/u.test(suite)) return true;
  return VALID_CIPHER_SUITES.has(suite);
}

export function serverTlsOptionProblems(tls: any): TlsOptionProblems {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (tls === undefined || tls === null) return { errors, warnings };
  const mode = tls.mode ?? 'PASSTHROUGH';
  const ciphers = arr(tls.cipherSuites).map(String);
  if ((tls.minProtocolVersion === 'TLSV1_0' || tls.minProtocolVersion === 'TLSV1_1') && ciphers.length === 0) {
    warnings.push('TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers');
  }
  const invalid = new Set<string>();
  const seen = new Set<string>();
  const duplicate = new Set<string>();
  for (const suite of ciphers) {
    if (!isValidCipherSuite(suite)) invalid.add(suite);
    else if (seen.has(suite)) duplicate.add(suite);
    else seen.add(suite);
  }
  if (invalid.size > 0) warnings.push(`ignoring invalid cipher suites: [${[...invalid].sort().join(' ')}]`);
  if (duplicate.size > 0) warnings.push(`ignoring duplicate cipher suites: [${[...duplicate].sort().join(' ')}]`);

  if (mode === 'ISTIO_MUTUAL') {
    if (tls.serverCertificate) errors.push('ISTIO_MUTUAL TLS cannot have associated server certificate');
    if (tls.privateKey) errors.push('ISTIO_MUTUAL TLS cannot have associated private key');
    if (tls.caCertificates) errors.push('ISTIO_MUTUAL TLS cannot have associated CA bundle');
    if (tls.credentialName) errors.push('ISTIO_MUTUAL TLS cannot have associated credentialName');
    return { errors, warnings };
  }
  if ((mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH')
    && (tls.caCrl || tls.serverCertificate || tls.privateKey || tls.caCertificates || tls.credentialName)) {
    warnings.push(`${mode} mode does not use certificates, they will be ignored`);
  }
  const mutual = mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
  if ((mode === 'SIMPLE' || mutual) && tls.credentialName) return { errors, warnings };
  if (mode === 'SIMPLE') {
    if (!tls.serverCertificate) errors.push('SIMPLE TLS requires a server certificate');
    if (!tls.privateKey) errors.push('SIMPLE TLS requires a private key');
  } else if (mutual) {
    if (!tls.serverCertificate) errors.push('MUTUAL TLS requires a server certificate');
    if (!tls.privateKey) errors.push('MUTUAL TLS requires a private key');
    if (!tls.caCertificates) errors.push('MUTUAL TLS requires a client CA bundle');
  }
  if (tls.caCrl) {
    if (tls.credentialName) errors.push('CRL is not supported with credentialName. CRL has to be specified in the credential');
    if (mode === 'SIMPLE') errors.push('CRL is not supported with SIMPLE TLS');
  }
  return { errors, warnings };
}
