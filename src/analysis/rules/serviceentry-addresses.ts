/**
 * IST0134: a ServiceEntry with TCP (or protocol-less) ports and no `addresses`. Without a VIP the
 * sidecar cannot tell such services apart on the port (serviceentry.ProtocolAddressesAnalyzer;
 * DNS auto-allocation is assumed off, Istio's default).
 */
import { MeshModel } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { arr } from '../support/schema';

export const serviceEntryAddresses: Rule = {
  code: 'IST0134',
  description: 'ServiceEntries with TCP ports declare addresses',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const se of model.ofKind('ServiceEntry')) {
      if (arr(se.spec.addresses).length > 0) continue;
      for (const port of arr(se.spec.ports)) {
        const protocol = port?.protocol ?? '';
        if (protocol !== '' && protocol !== 'TCP') continue;
        out.push(finding(se, 'IST0134', 'warning',
          `ServiceEntry addresses are required for this protocol (port ${port?.number} "${port?.name ?? ''}", protocol ${protocol || 'unset'}).`,
          'set spec.addresses to the service\'s IPs/CIDRs, or give the port an application protocol (HTTP, HTTPS, TLS, GRPC…)'));
      }
    }
    return out;
  },
};
