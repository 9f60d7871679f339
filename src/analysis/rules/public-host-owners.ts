/**
 * CIT105: one public host name is served by Gateways of two namespaces — two teams claim the
 * same name. Unlike IST0145 (same gateway pods, same port: Envoy keeps one server), this holds
 * across different gateway workloads and ports too: which team really gets `shop.example.com`
 * then depends on where DNS points, not on the manifests, and either team can take over the other's
 * traffic by changing it. Exact names and wildcard coverage (`*.example.com` covers
 * `a.example.com`) both count.
 *
 * Not counted: egress gateways (their server hosts are the outside services the mesh calls, which
 * several teams may legitimately call) and AUTO_PASSTHROUGH servers (east-west gateways carry
 * mesh-internal names, not public ones).
 */
import { hostsIntersect, isWildcard, MeshModel, Resource } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { isEgressGateway, ServerHost, serverHostsOf } from '../support/server-hosts';

interface Claim {
  readonly gateway: Resource;
  readonly host: ServerHost;
}

export const publicHostOwners: Rule = {
  code: 'CIT105',
  description: 'No public host name is served by Gateways of two different namespaces',
  run(model: MeshModel): Finding[] {
    const claims = model.ofKind('Gateway')
      .filter((g) => !isEgressGateway(model, g))
      .flatMap((gateway) => serverHostsOf(gateway)
        .filter((host) => String(host.server?.tls?.mode ?? '').toUpperCase() !== 'AUTO_PASSTHROUGH')
        .map((host) => ({ gateway, host })));
    const index = indexClaims(claims);
    const byGateway = new Map<Resource, Claim[]>();
    for (const claim of claims) {
      const list = byGateway.get(claim.gateway);
      if (list) list.push(claim);
      else byGateway.set(claim.gateway, [claim]);
    }
    const out: Finding[] = [];
    for (const [gateway, own] of byGateway) {
      // Per other Gateway: the names both serve.
      const shared = new Map<Resource, Set<string>>();
      for (const mine of own) {
        for (const theirs of index.overlapping(mine.host.dnsName)) {
          if (theirs.gateway.namespace === gateway.namespace) continue;
          const pairs = shared.get(theirs.gateway) ?? new Set<string>();
          pairs.add(mine.host.dnsName === theirs.host.dnsName ? mine.host.dnsName : `${mine.host.dnsName} (theirs: ${theirs.host.dnsName})`);
          shared.set(theirs.gateway, pairs);
        }
      }
      for (const [other, names] of [...shared].sort((a, b) => a[0].order - b[0].order)) {
        out.push(finding(gateway, 'CIT105', 'error',
          `Gateway ${gateway.namespace}/${gateway.name} and Gateway ${other.namespace}/${other.name} (another namespace) both serve the public host ${[...names].sort().join(', ')}; two namespaces claim one name, and which one gets the traffic depends on DNS, not on these manifests.`,
          `serve each public host from the Gateways of one namespace only: remove or narrow the host here or in ${other.namespace}/${other.name} (a wildcard must not cover another team's names)`));
      }
    }
    return out;
  },
};

/** Claims by exact name (hashed) and wildcard (scanned), so a lookup does not read every Gateway. */
function indexClaims(claims: readonly Claim[]): { overlapping(dnsName: string): Claim[] } {
  const exact = new Map<string, Claim[]>();
  const wildcards: Claim[] = [];
  for (const claim of claims) {
    const name = claim.host.dnsName.toLowerCase();
    if (isWildcard(name)) wildcards.push(claim);
    else if (exact.has(name)) exact.get(name)!.push(claim);
    else exact.set(name, [claim]);
  }
  return {
    overlapping(dnsName: string): Claim[] {
      const name = dnsName.toLowerCase();
      const found = [...wildcards.filter((w) => hostsIntersect(w.host.dnsName, name))];
      if (isWildcard(name)) {
        for (const [exactName, list] of exact) if (hostsIntersect(name, exactName)) found.push(...list);
      } else {
        found.push(...(exact.get(name) ?? []));
      }
      return found;
    },
  };
}
