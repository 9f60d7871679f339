/**
 * IST0109: two VirtualServices bound to the mesh claim the same host where both are visible.
 * Sidecars do not merge them (SEMANTICS §4: one VirtualService per host, the oldest wins).
 * As Istio's virtualservice.ConflictingMeshGatewayHostsAnalyzer (initMeshGatewayHosts, Analyze,
 * getExportToAllNamespacesVSListForScopedHost):
 * - each host is filed under its FQDN and a scope: `*` when the VirtualService has no exportTo
 *   or exports to `*`, else each exportTo namespace (`.` = its own);
 * - VirtualServices filed under the same scope and host conflict (an exact host string match);
 * - a host filed under a namespace also conflicts with every `*`-scoped host that overlaps it
 *   (host.Name.Matches: `*.d` covers `*.productpage.d`);
 * - exportTo sets that do not overlap (`[foo]` and `[.]` in bar) never conflict.
 * Each VirtualService is reported once.
 */
import { hostsIntersect, isWildcard, MeshModel, Resource } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { arr } from '../support/schema';
import { convertHostToFqdn } from '../support/scoped-registry';
import { isMeshBound } from '../support/virtualservice';

const ALL = '*';

export const conflictingMeshHosts: Rule = {
  code: 'IST0109',
  description: 'No two mesh VirtualServices visible in the same namespace define the same host',
  run(model: MeshModel): Finding[] {
    const filed = fileMeshHosts(model.ofKind('VirtualService'));
    const exportedToAll = indexExportedToAll([...filed.values()].filter((e) => e.scope === ALL));
    const reported = new Set<Resource>();
    const out: Finding[] = [];
    for (const { scope, host, list } of filed.values()) {
      const conflicting = scope === ALL
        ? list
        : unique([...list, ...exportedToAll.overlapping(host)]);
      if (conflicting.length < 2) continue;
      const names = conflicting.map((v) => `${v.namespace}/${v.name}`).join(',');
      const where = scope === ALL ? 'all namespaces' : `namespace ${scope}`;
      for (const vs of conflicting) {
        if (reported.has(vs)) continue;
        reported.add(vs);
        out.push(finding(vs, 'IST0109', 'error',
          `The VirtualServices ${names} associated with mesh gateway define the same host ${host} (visible in ${where}) which can lead to undefined behavior.`,
          'merge the conflicting VirtualServices into a single resource (sidecars use only one VirtualService per host), or export them to namespaces that do not overlap'));
      }
    }
    return out;
  },
};

interface Filed {
  readonly scope: string;
  readonly host: string;
  readonly list: Resource[];
}

/** The `*`-scoped entries, looked up by overlap: exact names hashed, wildcards scanned. */
function indexExportedToAll(entries: readonly Filed[]): { overlapping(host: string): Resource[] } {
  const exact = new Map<string, Filed>();
  const wildcards = entries.filter((e) => isWildcard(e.host));
  for (const e of entries) if (!isWildcard(e.host)) exact.set(e.host, e);
  return {
    overlapping(host: string): Resource[] {
      const candidates = isWildcard(host) ? entries : [...(exact.has(host) ? [exact.get(host)!] : []), ...wildcards];
      return candidates.filter((e) => hostsIntersect(e.host, host)).flatMap((e) => e.list);
    },
  };
}

/** Mesh-bound VirtualServices by `<scope>/<fqdn>`, in input order. */
function fileMeshHosts(virtualServices: readonly Resource[]): Map<string, Filed> {
  const filed = new Map<string, Filed>();
  for (const vs of virtualServices) {
    if (!isMeshBound(vs)) continue;
    for (const scope of scopesOf(vs)) {
      for (const h of arr(vs.spec.hosts)) {
        if (typeof h !== 'string') continue;
        const host = convertHostToFqdn(vs.namespace, h);
        const key = `${scope}/${host}`;
        const entry = filed.get(key) ?? { scope, host, list: [] };
        if (!entry.list.includes(vs)) entry.list.push(vs);
        filed.set(key, entry);
      }
    }
  }
  return filed;
}

/** util.IsExportToAllNamespaces: no exportTo or one `*` means all; else the named namespaces (`.` = its own). */
function scopesOf(vs: Resource): string[] {
  const exportTo = arr(vs.spec.exportTo).filter((e): e is string => typeof e === 'string');
  if (exportTo.length === 0 || exportTo.includes(ALL)) return [ALL];
  return [...new Set(exportTo.map((e) => (e === '.' ? vs.namespace : e)))];
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
