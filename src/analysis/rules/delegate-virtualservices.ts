/**
 * Delegate VirtualServices, as istiod merges them (pilot/pkg/model/virtualservice.go
 * mergeVirtualServicesIfNeeded). istiod only logs what goes wrong, and no analyzer reports it:
 * CIT123 an `http[].delegate` naming no delegate — absent, one with `hosts` (so not a delegate),
 * or not exported to the root's namespace — drops the root route; CIT124 a delegate route whose
 * match conflicts with the root route's match (mergeHTTPMatchRequests) is dropped.
 */
import { isExportedTo, MeshModel } from '../../model';
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

/** Whether mergeHTTPMatchRequests reports a conflict: some delegate match fits inside no root match. */
function conflicts(root: any[], delegate: any[]): boolean {
  if (root.length === 0 || delegate.length === 0) return false;
  return delegate.some((leaf) => root.every((r) => hasConflict(r ?? {}, leaf ?? {})));
}

/** virtualservice.go hasConflict: the delegate match `leaf` cannot narrow the root match. */
function hasConflict(root: any, leaf: any): boolean {
  for (const field of ['uri', 'scheme', 'method', 'authority']) if (stringMatchConflict(root[field], leaf[field])) return true;
  for (const field of ['headers', 'withoutHeaders', 'queryParams']) {
    for (const [key, value] of Object.entries(leaf[field] ?? {})) if (stringMatchConflict(root[field]?.[key], value)) return true;
  }
  if (Boolean(root.ignoreUriCase) !== Boolean(leaf.ignoreUriCase)) return true;
  if (root.port > 0 && leaf.port > 0 && root.port !== leaf.port) return true;
  if (root.sourceNamespace && leaf.sourceNamespace !== root.sourceNamespace) return true;
  for (const [key, value] of Object.entries(leaf.sourceLabels ?? {})) {
    if (root.sourceLabels && key in root.sourceLabels && root.sourceLabels[key] !== value) return true;
  }
  const rootGateways = arr(root.gateways);
  const leafGateways = arr(leaf.gateways);
  if (rootGateways.length > 0 && leafGateways.length > 0) {
    if (rootGateways.length < leafGateways.length || leafGateways.some((g) => !rootGateways.includes(g))) return true;
  }
  return false;
}

/** virtualservice.go stringMatchConflict. */
function stringMatchConflict(root: any, leaf: any): boolean {
  if (!root || !leaf) return false;
  if (root.regex && (leaf.regex || leaf.prefix || leaf.exact)) return true;
  if (leaf.regex && (root.regex || root.prefix || root.exact)) return true;
  if (root.exact) return Boolean(leaf.prefix) || leaf.exact !== root.exact;
  if (root.prefix) {
    if (leaf.prefix) return !String(leaf.prefix).startsWith(root.prefix);
    if (leaf.exact) return !String(leaf.exact).startsWith(root.prefix);
  }
  return true;
}

