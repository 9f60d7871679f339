/**
 * A DestinationRule's client TLS settings, as istiod's webhook validates them
 * (pkg/config/validation/agent/validation.go ValidateTLS).
 */
import { arr, has, SchemaIssues } from './schema';

// istiod: agent.ValidateTLS
export function validateClientTls(issues: SchemaIssues, tls: any, where: string): void {
  if (!has(tls)) return;
  const mode = tls.mode ?? 'DISABLE';
  const insecure = tls.insecureSkipVerify === true || tls.insecureSkipVerify?.value === true;
  const hasSans = arr(tls.subjectAltNames).length > 0;
  if (insecure && mode === 'SIMPLE' && (tls.caCertificates || tls.credentialName || hasSans)) {
    issues.add(`${where}: cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true`,
      'drop insecureSkipVerify to verify the server, or drop the CA/credentialName/subjectAltNames');
  }
  if (insecure && mode === 'MUTUAL' && (tls.caCertificates || hasSans)) {
    issues.add(`${where}: cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true`,
      'drop insecureSkipVerify to verify the server, or drop caCertificates/subjectAltNames');
  }
  if ((mode === 'SIMPLE' || mode === 'MUTUAL') && tls.credentialName) {
    if (tls.clientCertificate || tls.caCertificates || tls.privateKey || tls.caCrl) {
      issues.add(`${where}: cannot specify client certificates or CA certificate or CA CRL If credentialName is set`,
        'keep the certificates in the credentialName Secret, or drop credentialName and use the file paths');
    }
    // Certificates come from the Secret: nothing else is required.
    return;
  }
  if (mode === 'MUTUAL') {
    if (!tls.clientCertificate) issues.add(`${where}: client certificate required for mutual tls`, 'set clientCertificate and privateKey, or credentialName');
    if (!tls.privateKey) issues.add(`${where}: private key required for mutual tls`, 'set clientCertificate and privateKey, or credentialName');
  }
}
