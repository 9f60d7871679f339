/**
 * IST0128/IST0129: TLS origination (SIMPLE/MUTUAL) without `caCertificates`, so the server's
 * certificate is not verified (destinationrule.CaCertificateAnalyzer). A `credentialName` supplies
 * the CA from a Secret, so it counts as verification.
 */
import { MeshModel } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { arr } from '../support/schema';

export const caCertificates: Rule = {
  code: 'IST0128/IST0129',
  description: 'DestinationRules that originate TLS verify the server certificate',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const dr of model.ofKind('DestinationRule')) {
      const policy = dr.spec.trafficPolicy ?? {};
      const host = dr.spec.host;
      if (unverified(policy.tls)) {
        out.push(finding(dr, 'IST0128', 'error',
          `DestinationRule ${dr.namespace}/${dr.name} in namespace ${dr.namespace} has TLS mode set to ${policy.tls.mode} but no caCertificates are set to validate server identity for host: ${host}`,
          'set trafficPolicy.tls.caCertificates (or credentialName) so the server certificate is verified'));
      }
      for (const pls of arr(policy.portLevelSettings)) {
        if (!unverified(pls?.tls)) continue;
        out.push(finding(dr, 'IST0129', 'warning',
          `DestinationRule ${dr.namespace}/${dr.name} in namespace ${dr.namespace} has TLS mode set to ${pls.tls.mode} but no caCertificates are set to validate server identity for host: ${host} at port number:${pls.port?.number}`,
          `set tls.caCertificates (or credentialName) in the portLevelSettings for port ${pls.port?.number}`));
      }
    }
    return out;
  },
};

function unverified(tls: any): boolean {
  return (tls?.mode === 'SIMPLE' || tls?.mode === 'MUTUAL') && !tls.caCertificates && !tls.credentialName;
}
