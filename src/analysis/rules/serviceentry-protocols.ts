/**
 * IST0177: ServiceEntries visible in the same namespace declare one host and port with different
 * protocols (serviceentry.ConflictingServiceEntryProtocolAnalyzer); istiod can use only one.
 */
import { MeshModel, Resource } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { append } from '../../model/per-model';
import { arr } from '../support/schema';

const ALL = '*';

interface Declared { readonly protocol: string; readonly entry: Resource }

export const serviceEntryProtocols: Rule = {
  code: 'IST0177',
  description: 'ServiceEntries visible together give a host and port one protocol',
  run(model: MeshModel): Finding[] {
    // scope \0 host \0 port → what each entry declares there; hosts are compared as written.
    const index = new Map<string, Declared[]>();
    for (const entry of model.ofKind('ServiceEntry')) {
      for (const scope of exportScopes(entry)) {
        for (const host of arr(entry.spec.hosts).filter((h): h is string => typeof h === 'string')) {
          for (const port of arr(entry.spec.ports)) {
            if (typeof port?.number !== 'number') continue;
            const key = [scope, host, port.number].join('\u0000');
            append(index, key, { protocol: String(port.protocol ?? '').toUpperCase(), entry });
          }
        }
      }
    }
    const reported = new Set<Resource>();
    const out: Finding[] = [];
    // Sorted keys, so which conflict an entry is reported for does not depend on map order.
    for (const key of [...index.keys()].sort()) {
      const [scope, host, port] = key.split('\u0000');
      const declared = [...index.get(key)!, ...(scope === ALL ? [] : index.get([ALL, host, port].join('\u0000')) ?? [])];
      const protocols = [...new Set(declared.map((d) => d.protocol))].sort();
      if (protocols.length < 2) continue;
      const names = [...new Set(declared.map((d) => `${d.entry.namespace}/${d.entry.name}`))].sort().join(', ');
      for (const { entry } of declared) {
        if (reported.has(entry)) continue;
        reported.add(entry);
        out.push(finding(entry, 'IST0177', 'warning',
          `Multiple ServiceEntries (${names}) define the same host "${host}" and port ${port} with conflicting protocols (${protocols.join(', ')}).`,
          'use the same protocol for the port in every ServiceEntry, or declare the host in one ServiceEntry'));
      }
    }
    return out;
  },
};

/** exportToScopes: `*` when exported everywhere (absent, empty or containing `*`), else the namespaces. */
function exportScopes(entry: Resource): string[] {
  const exportTo = arr(entry.spec.exportTo).filter((e): e is string => typeof e === 'string');
  if (exportTo.length === 0 || exportTo.includes(ALL)) return [ALL];
  return [...new Set(exportTo.map((e) => (e === '.' ? entry.namespace : e)))];
}
