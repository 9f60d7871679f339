/**
 * IST0138: two Gateways on the same gateway pods serve the same certificate
 * (gateway.CertificateAnalyzer). Browsers reuse an HTTP/2 connection for every host the
 * certificate covers, and the other Gateway's hosts then answer 404 (envoyproxy/envoy#6767).
 */
import { MeshModel, Resource } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { selectorOf } from '../support/gateways';
import { append } from '../../model/per-model';
import { arr } from '../support/schema';

export const gatewayCertificates: Rule = {
  code: 'IST0138',
  description: 'Gateways on the same pods do not share a server certificate',
  run(model: MeshModel): Finding[] {
    // Only Gateways serving the same certificate can conflict: group them by certificate first.
    const byCertificate = new Map<string, Resource[]>();
    for (const gateway of model.ofKind('Gateway')) {
      for (const key of new Set(arr(gateway.spec.servers).map((s: any) => certificateKey(s?.tls)).filter((k): k is string => k !== undefined))) {
        append(byCertificate, key, gateway);
      }
    }
    const out: Finding[] = [];
    const reported = new Set<string>();
    for (const sharing of byCertificate.values()) {
      const supersetsOf = supersetIndex(sharing);
      for (const gateway of sharing) {
        for (const other of supersetsOf(gateway)) {
          if (other === gateway) continue;
          const pair = `${fullName(gateway)} ${fullName(other)}`;
          if (reported.has(pair)) continue;
          reported.add(pair);
          out.push(finding(gateway, 'IST0138', 'warning',
            `Duplicate certificate in multiple gateways [${pair}] may cause 404s if clients re-use HTTP2 connections.`,
            'serve the hosts that share a certificate from one Gateway (one server with all the hosts), or give each Gateway its own certificate'));
        }
      }
    }
    return out;
  },
};

/**
 * What haveSameCertificate compares, as one key: the credentialName, else the serverCertificate
 * and privateKey files (both needed); undefined for a server without a certificate.
 */
function certificateKey(tls: any): string | undefined {
  if (!tls || typeof tls !== 'object') return undefined;
  if (tls.credentialName) return `credential\u0000${tls.credentialName}`;
  if (tls.serverCertificate && tls.privateKey) return `files\u0000${tls.serverCertificate}\u0000${tls.privateKey}`;
  return undefined;
}

/**
 * getGatewaysWithSelector: the Gateways whose selector includes every label of `gateway`'s (all
 * of them for an empty selector), found through the rarest of its labels rather than by a scan.
 */
function supersetIndex(gateways: readonly Resource[]): (gateway: Resource) => readonly Resource[] {
  const byLabel = new Map<string, Resource[]>();
  for (const g of gateways) for (const [key, value] of Object.entries(selectorOf(g))) append(byLabel, `${key}\u0000${value}`, g);
  return (gateway) => {
    const labels = Object.entries(selectorOf(gateway));
    if (labels.length === 0) return gateways;
    const groups = labels.map(([key, value]) => byLabel.get(`${key}\u0000${value}`) ?? []);
    const smallest = groups.reduce((a, b) => (b.length < a.length ? b : a));
    return smallest.filter((other) => labels.every(([key, value]) => selectorOf(other)[key] === value));
  };
}

function fullName(resource: Resource): string {
  return `${resource.namespace}/${resource.name}`;
}
