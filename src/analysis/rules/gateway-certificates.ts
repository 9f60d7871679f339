/**
 * IST0138: two Gateways on the same gateway pods serve the same certificate
 * (gateway.CertificateAnalyzer). Browsers reuse an HTTP/2 connection for every host the
 * certificate covers, and the other Gateway's hosts then answer 404 (envoyproxy/envoy#6767).
 */
import { MeshModel, Resource } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { selectorOf } from '../support/gateways';
import { arr } from '../support/schema';

export const gatewayCertificates: Rule = {
  code: 'IST0138',
  description: 'Gateways on the same pods do not share a server certificate',
  run(model: MeshModel): Finding[] {
    const gateways = model.ofKind('Gateway');
    const out: Finding[] = [];
    for (const gateway of gateways) {
      const selector = selectorOf(gateway);
      for (const other of gateways) {
        // getGatewaysWithSelector: the other Gateway's selector includes every label of this one's.
        if (other === gateway || !selectorSubset(selector, selectorOf(other))) continue;
        const shared = arr(gateway.spec.servers).some((a: any) => arr(other.spec.servers).some((b: any) => a?.tls && b?.tls && sameCertificate(a.tls, b.tls)));
        if (!shared) continue;
        out.push(finding(gateway, 'IST0138', 'warning',
          `Duplicate certificate in multiple gateways [${fullName(gateway)} ${fullName(other)}] may cause 404s if clients re-use HTTP2 connections.`,
          'serve the hosts that share a certificate from one Gateway (one server with all the hosts), or give each Gateway its own certificate'));
      }
    }
    return out;
  },
};

/** haveSameCertificate: the same credentialName, or the same serverCertificate and privateKey files. */
function sameCertificate(a: any, b: any): boolean {
  if (a.credentialName && b.credentialName) return a.credentialName === b.credentialName;
  if (!a.credentialName && !b.credentialName && a.serverCertificate && a.serverCertificate === b.serverCertificate) {
    return Boolean(a.privateKey && b.privateKey) && a.privateKey === b.privateKey;
  }
  return false;
}

function selectorSubset(x: Readonly<Record<string, string>>, y: Readonly<Record<string, string>>): boolean {
  return Object.entries(x).every(([key, value]) => y[key] === value);
}

function fullName(resource: Resource): string {
  return `${resource.namespace}/${resource.name}`;
}
