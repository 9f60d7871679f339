/**
 * CIT106: two objects with one identity — API group, kind, namespace and name — in the input.
 * Kubernetes keeps one object per identity, so applying both (from one folder, or from several
 * repositories' dist folders) makes the later replace the earlier; when they are equal, the two
 * sources still both own it, and whichever deletes it deletes it for the other. Typical cause:
 * two `Team` charts for one namespace, which synthesise the same object names. The model keeps
 * the later object only; this rule says so instead of losing the earlier one silently.
 */
import { MeshModel, Resource } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';

export const duplicateObjects: Rule = {
  code: 'CIT106',
  description: 'No two objects in the input share API group, kind, namespace and name',
  run(model: MeshModel): Finding[] {
    const first = new Map<string, Resource>();
    const out: Finding[] = [];
    for (const resource of model.resources) {
      const id = identityOf(resource);
      const earlier = first.get(id);
      if (!earlier) {
        first.set(id, resource);
        continue;
      }
      const group = apiGroupOf(resource.apiVersion);
      const what = `${resource.kind}${group ? `.${group}` : ''} ${resource.namespace ? `${resource.namespace}/` : ''}${resource.name}`;
      const same = canonical(earlier.object) === canonical(resource.object);
      out.push(finding(resource, 'CIT106', 'error',
        `${what} is in the input twice (also at ${whereOf(earlier)}); Kubernetes keeps one object per identity, so ${same
          ? 'the two identical copies are owned by two sources and deleting either removes both'
          : 'applying both makes this copy replace the other, and the two differ'}.`,
        `keep a single owner for ${what}: rename one of them, or give each team its own namespace (two Team charts for one namespace synthesise the same names)`));
    }
    return out;
  },
};

/** The API group of an `apiVersion` (`''` for the core group's `v1`); versions of one group name one object. */
function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function identityOf(resource: Resource): string {
  return [apiGroupOf(resource.apiVersion), resource.kind, resource.namespace, resource.name].join('\u0000');
}

function whereOf(resource: Resource): string {
  return resource.source ? `${resource.source.file}:${resource.source.line}` : `input object #${resource.order + 1}`;
}

/** JSON with sorted keys, so that equal objects written in another key order compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: any): any {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted(value[k])]));
  return value;
}
