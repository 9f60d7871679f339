/**
 * The product's structural-schema interpreter (src/analysis/apiserver/structural-schema.ts) and
 * an independent translation of the same CRD schemas to JSON Schema run by ajv
 * (ajv-schema.ts) must agree, on the valid objects and on hundreds of mechanical mutations of
 * them: every field replaced by a value of another type, by null, by an empty list or map, and
 * an unknown field added to every object.
 */
import { gvkKey, splitApiVersion } from '../../src/analysis/apiserver/crd-types';
import { loadIstioBundle } from '../../src/analysis/apiserver/istio-crds';
import { pruneNonNullableNulls } from '../../src/analysis/apiserver/prune-nulls';
import { validateStructure } from '../../src/analysis/apiserver/structural-schema';
import { ajvValidateStructure } from './ajv-schema';
import { VALID_OBJECTS } from './fixtures';

type Path = (string | number)[];

function allPaths(value: unknown, at: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [at];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [at, ...keys.flatMap((k) => allPaths((value as any)[k], [...at, k]))];
}

function mutated(obj: any, path: Path, replacement: unknown): any {
  const copy = structuredClone(obj);
  if (path.length === 0) return copy;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k];
  cur[path[path.length - 1]!] = structuredClone(replacement);
  return copy;
}

const REPLACEMENTS: unknown[] = [7, 2.5, 'text', true, null, [], {}, -1, 99999999999];

function cases(): [string, any][] {
  const out: [string, any][] = [];
  for (const [kind, make] of Object.entries(VALID_OBJECTS)) {
    const valid = make();
    out.push([`${kind} as is`, valid]);
    for (const path of allPaths(valid.spec, ['spec'])) {
      for (const r of REPLACEMENTS) out.push([`${kind} ${path.join('.')} = ${JSON.stringify(r)}`, mutated(valid, path, r)]);
      const target = path.reduce((v: any, k) => v[k], valid);
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
        out.push([`${kind} ${path.join('.')} + bogus`, mutated(valid, [...path, 'bogusField'], 1)]);
      }
    }
  }
  return out;
}

/** What ajv sees: the API server's request body after status is dropped and nulls are pruned. */
function ajvVerdict(obj: any): string[] {
  const { group, version } = splitApiVersion(obj.apiVersion);
  const crd = loadIstioBundle().byGvk.get(gvkKey(group, version, obj.kind))!;
  const body = structuredClone(obj);
  delete body.status;
  pruneNonNullableNulls(body, crd.schema);
  return ajvValidateStructure(crd, body).map((v) => `${v.path}: ${v.message}`).sort();
}

function interpreterVerdict(obj: any): string[] {
  const { group, version } = splitApiVersion(obj.apiVersion);
  const crd = loadIstioBundle().byGvk.get(gvkKey(group, version, obj.kind))!;
  return validateStructure(crd, obj).violations.filter((v) => v.source === 'schema').map((v) => `${v.path}: ${v.message}`).sort();
}

describe('structural schema: interpreter and ajv agree', () => {
  const all = cases();

  it('generates hundreds of mutations, most of them rejected', () => {
    expect(all.length).toBeGreaterThan(1000);
    expect(all.filter(([, obj]) => ajvVerdict(obj).length > 0).length).toBeGreaterThan(all.length / 2);
  });

  it('every case gets the same violations from both', () => {
    const disagreements = all
      .map(([name, obj]) => ({ name, ajv: ajvVerdict(obj), interpreter: interpreterVerdict(obj) }))
      .filter((c) => JSON.stringify(c.ajv) !== JSON.stringify(c.interpreter));
    expect(disagreements.slice(0, 5)).toEqual([]);
  });
});
