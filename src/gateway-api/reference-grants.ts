/**
 * ReferenceGrants as istiod indexes them (convertReferencePolicies / ReferenceGrants): which
 * kinds in which namespaces may refer to Secrets and Services of the grant's namespace.
 * Grants naming other kinds are ignored ("may be for another controller").
 */
import { GATEWAY_API_GROUP } from '../model/kinds';
import type { MeshModel } from '../model/mesh-model';
import { perModel } from '../model/per-model';
import { Resource } from '../model/resource';
import { arr } from './derived';

/** The `from` kinds istiod reads (all in the Gateway API group). */
const FROM_KINDS = new Set(['Gateway', 'HTTPRoute', 'TLSRoute', 'TCPRoute', 'GRPCRoute']);
/** The `to` kinds istiod reads (core group). */
const TO_KINDS = new Set(['Secret', 'Service']);

export interface ReferenceGrants {
  /**
   * BackendAllowed / SecretAllowed: whether a `fromKind` in `fromNamespace` may refer to the
   * `toKind` named `toName` in `toNamespace`. Same-namespace references need no grant.
   */
  allows(fromKind: string, fromNamespace: string, toKind: string, toNamespace: string, toName: string): boolean;
  /** The grants that name `from`/`to` kinds istiod reads, for messages. */
  readonly grants: readonly Resource[];
}

export const referenceGrants = perModel((model: MeshModel): ReferenceGrants => {
  // from-key → to-key → { all, names }
  const index = new Map<string, { all: boolean; names: Set<string> }>();
  const grants = model.ofGroupKind(GATEWAY_API_GROUP, 'ReferenceGrant');
  for (const grant of grants) {
    for (const from of arr(grant.spec.from)) {
      if ((from?.group ?? '') !== GATEWAY_API_GROUP || !FROM_KINDS.has(from?.kind)) continue;
      for (const to of arr(grant.spec.to)) {
        if ((to?.group ?? '') !== '' || !TO_KINDS.has(to?.kind)) continue;
        const key = `${from.kind}\u0000${from.namespace}\u0000${to.kind}\u0000${grant.namespace}`;
        const entry = index.get(key) ?? { all: false, names: new Set<string>() };
        if (typeof to.name === 'string' && to.name !== '') entry.names.add(to.name);
        else entry.all = true;
        index.set(key, entry);
      }
    }
  }
  return {
    grants,
    allows(fromKind, fromNamespace, toKind, toNamespace, toName) {
      if (fromNamespace === toNamespace) return true;
      const entry = index.get(`${fromKind}\u0000${fromNamespace}\u0000${toKind}\u0000${toNamespace}`);
      return entry !== undefined && (entry.all || entry.names.has(toName));
    },
  };
});
