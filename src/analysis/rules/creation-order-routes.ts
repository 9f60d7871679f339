/**
 * CIT126 (this library's check): two VirtualServices bound to one gateway for the same host are
 * merged into one Envoy virtual host, their rules one after the other in the order istiod sorts
 * the VirtualServices: creation time, and for objects created in the same second (one
 * `kubectl apply`, one GitOps sync) name, then namespace (push_context.go
 * sortConfigByCreationTime). When a rule of one covers a rule of the other, which one answers
 * depends on that order — something no manifest says. Catch-all routes go after all others
 * whatever the order (route.go SortVHostRoutes), so a catch-all only counts against another
 * catch-all. Only certain overlaps are reported (one match covering the other, as CIT120 decides
 * it); partly overlapping matches are not. `explain` notes the same per request.
 */
import { MeshModel, Resource } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { isCatchAll, matchCovers } from '../support/match-coverage';
import { arr } from '../support/schema';
import { vsGateways } from '../support/virtualservice';

export const CREATION_ORDER_ROUTES = 'CIT126';

export const creationOrderRoutes: Rule = {
  code: CREATION_ORDER_ROUTES,
  description: 'VirtualServices merged on one gateway host do not depend on their creation order',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const [key, group] of mergedGroups(model)) {
      for (let j = 1; j < group.length; j++) {
        for (let i = 0; i < j; i++) {
          const overlap = overlapOf(group[i], group[j]);
          if (!overlap) continue;
          const [gateway, host] = key.split(' ');
          const [a, b] = [group[i], group[j]];
          const byName = a.name !== b.name ? (a.name < b.name ? a : b) : (a.namespace <= b.namespace ? a : b);
          out.push(finding(b, CREATION_ORDER_ROUTES, 'warning',
            `VirtualServices ${a.namespace}/${a.name} and ${b.namespace}/${b.name} are merged on Gateway ${gateway} for ${host}, and ${overlap}: ` +
            `istiod tries them in creation order (created in the same second: by name, so ${byName.namespace}/${byName.name} first), which the manifests do not fix.`,
            `make the two rules' matches disjoint, or put both rules into one VirtualService in the order you mean`));
        }
      }
    }
    return out;
  },
};

/** Own VirtualServices by `gateway host` (gateway `ns/name`, a host string as written), in input order. */
function mergedGroups(model: MeshModel): Map<string, Resource[]> {
  const groups = new Map<string, Resource[]>();
  for (const vs of model.ofKind('VirtualService')) {
    for (const gateway of vsGateways(vs)) {
      if (gateway === 'mesh') continue;
      for (const host of new Set(arr(vs.spec.hosts).filter((h): h is string => typeof h === 'string'))) {
        const key = `${gateway} ${host}`;
        const group = groups.get(key);
        if (group) group.push(vs);
        else groups.set(key, [vs]);
      }
    }
  }
  return groups;
}

/** `http[i] of A covers http[j] of B` (or the reverse) when one's match takes every request of the other's. */
function overlapOf(a: Resource, b: Resource): string | undefined {
  const entries = (vs: Resource) => arr(vs.spec.http).flatMap((rule: any, i: number) =>
    (arr(rule?.match).length === 0 ? [{}] : arr(rule.match)).map((match: any) => ({ i, match })));
  for (const x of entries(a)) {
    for (const y of entries(b)) {
      const catchAll = [isCatchAll(x.match), isCatchAll(y.match)];
      if (catchAll[0] !== catchAll[1]) continue;
      if (matchCovers(x.match, y.match, a.namespace, vsGateways(a))) return `http[${x.i}] of ${a.namespace}/${a.name} covers http[${y.i}] of ${b.namespace}/${b.name}`;
      if (matchCovers(y.match, x.match, b.namespace, vsGateways(b))) return `http[${y.i}] of ${b.namespace}/${b.name} covers http[${x.i}] of ${a.namespace}/${a.name}`;
    }
  }
  return undefined;
}
