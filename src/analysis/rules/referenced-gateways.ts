/**
 * IST0101 (gateway not found) and IST0132 (VirtualService host not served by its Gateway), as
 * Istio's virtualservice.GatewayAnalyzer: a bare gateway name means the VirtualService's namespace.
 */
import { hostsIntersect, MeshModel, Resource, splitServerHost } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { arr } from '../support/schema';

export const referencedGateways: Rule = {
  code: 'IST0101/IST0132',
  description: 'VirtualService gateways exist and serve at least one of its hosts',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const vs of model.ofKind('VirtualService')) {
      for (const ref of arr(vs.spec.gateways)) {
        if (typeof ref !== 'string' || ref === 'mesh') continue;
        const [ns, name] = ref.includes('/') ? ref.split('/', 2) : [vs.namespace, ref];
        const gateway = model.get('Gateway', ns, name);
        if (!gateway) {
          const sameName = model.ofKind('Gateway').filter((g) => g.name === name).map((g) => `${g.namespace}/${g.name}`);
          out.push(finding(vs, 'IST0101', 'error', `Referenced gateway not found: "${ref}" (looked for Gateway ${ns}/${name}).`,
            sameName.length > 0 ? `reference it as "${sameName[0]}" (a bare name means the VirtualService's own namespace)` : `create Gateway ${ns}/${name} or fix spec.gateways`));
        }
        if (!hostInGateway(gateway, arr(vs.spec.hosts))) {
          out.push(finding(vs, 'IST0132', 'warning',
            `one or more host [${arr(vs.spec.hosts).join(' ')}] defined in VirtualService ${vs.namespace}/${vs.name} not found in Gateway ${ns}/${name}.`,
            `add a matching host to a server of Gateway ${ns}/${name} (allowing namespace ${vs.namespace}), or change the VirtualService hosts`));
        }
      }
    }
    return out;
  },
};

/**
 * Whether any VirtualService host intersects a Gateway server host, whatever namespace the server
 * host reserves it for. istioctl's vsHostInGateway also drops hosts reserved for other
 * namespaces; here that case is CIT104 (gateway-binding-namespace.ts, an error naming the
 * namespace), so that one binding is not reported twice.
 */
function hostInGateway(gateway: Resource | undefined, vsHosts: unknown[]): boolean {
  if (!gateway) return false;
  for (const server of arr(gateway.spec.servers)) {
    for (const serverHost of arr(server?.hosts)) {
      if (typeof serverHost !== 'string') continue;
      const { dnsName } = splitServerHost(serverHost);
      if (vsHosts.some((h) => typeof h === 'string' && hostsIntersect(dnsName, h))) return true;
    }
  }
  return false;
}
