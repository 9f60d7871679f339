/**
 * IST0109: two VirtualServices bound to the mesh claim the same host in the same visibility scope.
 * Sidecars do not merge them (SEMANTICS §4: one VirtualService per host, the oldest wins).
 */
import { MeshModel, Resource, resolveHost } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { arr } from '../support/schema';
import { isMeshBound } from '../support/virtualservice';

export const conflictingMeshHosts: Rule = {
  code: 'IST0109',
  description: 'No two mesh VirtualServices define the same host',
  run(model: MeshModel): Finding[] {
    const byScopedHost = new Map<string, { host: string; list: Resource[] }>();
    for (const vs of model.ofKind('VirtualService')) {
      if (!isMeshBound(vs)) continue;
      for (const scope of scopesOf(vs)) {
        for (const h of new Set(arr(vs.spec.hosts).filter((x) => typeof x === 'string'))) {
          const host = resolveHost(h, vs.namespace);
          const key = `${scope}/${host}`;
          const entry = byScopedHost.get(key) ?? { host, list: [] };
          if (!entry.list.includes(vs)) entry.list.push(vs);
          byScopedHost.set(key, entry);
        }
      }
    }
    const out: Finding[] = [];
    for (const { host, list } of byScopedHost.values()) {
      if (list.length < 2) continue;
      const names = list.map((v) => `${v.namespace}/${v.name}`).join(',');
      for (const vs of list) {
        out.push(finding(vs, 'IST0109', 'error',
          `The VirtualServices ${names} associated with mesh gateway define the same host ${host} which can lead to undefined behavior.`,
          'merge the conflicting VirtualServices into a single resource (sidecars use only one VirtualService per host)'));
      }
    }
    return out;
  },
};

/** Where the VirtualService is visible: `*`, or the namespaces named by `exportTo`. */
function scopesOf(vs: Resource): string[] {
  const exportTo = arr(vs.spec.exportTo);
  if (exportTo.length === 0 || exportTo.includes('*')) return ['*'];
  return [...new Set(exportTo.map((e) => (e === '.' ? vs.namespace : String(e))))];
}
