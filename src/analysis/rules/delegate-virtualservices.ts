/**
 * Delegate VirtualServices, as istiod merges them (pilot/pkg/model/virtualservice.go
 * mergeVirtualServicesIfNeeded). istiod only logs what goes wrong, and no analyzer reports it:
 * CIT123 an `http[].delegate` naming no delegate — absent, one with `hosts` (so not a delegate),
 * or not exported to the root's namespace — drops the root route; CIT124 a delegate route whose
 * match conflicts with the root route's match (mergeHTTPMatchRequests) is dropped.
 */
import { isExportedTo, MeshModel } from '../../model';
import { mergeMatches } from '../../simulate/delegate-merge';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { arr } from '../support/schema';

export const delegateVirtualServices: Rule = {
  code: 'CIT123/CIT124',
  description: 'Delegated routes name an exported delegate VirtualService whose matches fit the root\'s',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const root of model.ofKind('VirtualService')) {
      if (arr(root.spec.hosts).length === 0) continue; // a delegate itself; istiod does not nest them
      arr(root.spec.http).forEach((route: any, i) => {
        const ref = route?.delegate;
        if (!ref || typeof ref.name !== 'string') return;
        const namespace = typeof ref.namespace === 'string' && ref.namespace !== '' ? ref.namespace : root.namespace;
        const delegate = model.get('VirtualService', namespace, ref.name);
        const problem = !delegate ? 'does not exist'
          : arr(delegate.spec.hosts).length > 0 ? 'has hosts, so it is not a delegate'
            : !isExportedTo(delegate, root.namespace) ? `is not exported to namespace ${root.namespace}` : undefined;
        if (problem) {
          out.push(finding(root, 'CIT123', 'error',
            `http[${i}].delegate names VirtualService ${namespace}/${ref.name}, which ${problem}; istiod drops the route.`,
            `create VirtualService ${namespace}/${ref.name} without hosts (exported to ${root.namespace}), or correct the delegate reference`));
          return;
        }
        arr(delegate!.spec.http).forEach((sub: any, j) => {
          if (!conflicts(arr(route.match), arr(sub?.match))) return;
          out.push(finding(delegate!, 'CIT124', 'warning',
            `http[${j}] of delegate VirtualService ${delegate!.namespace}/${delegate!.name} matches nothing inside the match of http[${i}] of its root ${root.namespace}/${root.name}; istiod drops it.`,
            'make each delegate match a narrowing of a root match (same exact value, or a longer prefix), or widen the root match'));
        });
      });
    }
    return out;
  },
};

/** Whether mergeHTTPMatchRequests reports a conflict: some delegate match fits inside no root match (the same merge `explain` applies). */
function conflicts(root: any[], delegate: any[]): boolean {
  return mergeMatches(root, delegate) === undefined;
}
