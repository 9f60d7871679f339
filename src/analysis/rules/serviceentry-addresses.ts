/**
 * IST0134: a ServiceEntry with TCP (or protocol-less) ports and no `addresses`. Without a VIP the
 * sidecar cannot tell such services apart on the port, as Istio's
 * serviceentry.ProtocolAddressesAnalyzer (analyzeProtocolAddresses, addressAllocated):
 * - the protocol is compared case-insensitively (`tcp` is TCP);
 * - addresses already allocated in `status.addresses` count;
 * - with DNS auto-allocation on (MeshConfig proxyMetadata ISTIO_META_DNS_CAPTURE with
 *   ISTIO_META_DNS_AUTO_ALLOCATE or PILOT_ENABLE_IP_AUTOALLOCATE: `environment.dnsAutoAllocate`)
 *   nothing is reported.
 */
import { MeshModel } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { arr } from '../support/schema';

export const serviceEntryAddresses: Rule = {
  code: 'IST0134',
  description: 'ServiceEntries with TCP ports declare addresses (unless DNS auto-allocation gives them one)',
  run(model: MeshModel): Finding[] {
    if (model.environment.dnsAutoAllocate) return [];
    const out: Finding[] = [];
    for (const se of model.ofKind('ServiceEntry')) {
      if (arr(se.spec.addresses).length > 0) continue;
      if (arr(se.object.status?.addresses).length > 0) continue;
      for (const port of arr(se.spec.ports)) {
        const protocol = typeof port?.protocol === 'string' ? port.protocol : '';
        if (protocol !== '' && protocol.toUpperCase() !== 'TCP') continue;
        out.push(finding(se, 'IST0134', 'warning',
          `ServiceEntry addresses are required for this protocol (port ${port?.number} "${port?.name ?? ''}", protocol ${protocol || 'unset'}).`,
          'set spec.addresses to the service\'s IPs/CIDRs, give the port an application protocol (HTTP, HTTPS, TLS, GRPC…), or turn on DNS auto-allocation in MeshConfig'));
      }
    }
    return out;
  },
};
