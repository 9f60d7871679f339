/**
 * IST0128/IST0129: TLS origination (SIMPLE/MUTUAL) without `caCertificates`, so the server's
 * certificate is not verified (destinationrule.CaCertificateAnalyzer analyzeDestinationRule).
 * A `credentialName` counts as verification only when the DestinationRule has a
 * `workloadSelector`: istiod reads credential Secrets for gateway proxies, and Istio's analyzer
 * accepts it only for a DestinationRule scoped to chosen workloads (e.g. an egress gateway).
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
      const selected = dr.spec.workloadSelector !== undefined && dr.spec.workloadSelector !== null;
      if (unverified(policy.tls, selected)) {
        out.push(finding(dr, 'IST0128', 'error',
          `DestinationRule ${dr.namespace}/${dr.name} in namespace ${dr.namespace} has TLS mode set to ${policy.tls.mode} but no caCertificates are set to validate server identity for host: ${host}`,
          `set trafficPolicy.tls.caCertificates so the server certificate is verified${credentialHint(policy.tls, selected)}`));
      }
      for (const pls of arr(policy.portLevelSettings)) {
        if (!unverified(pls?.tls, selected)) continue;
        out.push(finding(dr, 'IST0129', 'warning',
          `DestinationRule ${dr.namespace}/${dr.name} in namespace ${dr.namespace} has TLS mode set to ${pls.tls.mode} but no caCertificates are set to validate server identity for host: ${host} at port number:${pls.port?.number}`,
          `set tls.caCertificates in the portLevelSettings for port ${pls.port?.number}${credentialHint(pls.tls, selected)}`));
      }
    }
    return out;
  },
};

function unverified(tls: any, workloadSelected: boolean): boolean {
  if (tls?.mode !== 'SIMPLE' && tls?.mode !== 'MUTUAL') return false;
  if (tls.caCertificates) return false;
  return !(tls.credentialName && workloadSelected);
}

function credentialHint(tls: any, workloadSelected: boolean): string {
  if (tls?.credentialName && !workloadSelected) {
    return ` (credentialName "${tls.credentialName}" counts only for a DestinationRule with a workloadSelector, e.g. one applied to the egress gateway)`;
  }
  return ' (or use credentialName in a DestinationRule with a workloadSelector)';
}
