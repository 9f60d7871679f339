/**
 * The product's structural-schema interpreter (src/analysis/apiserver/structural-schema.ts) and
 * an independent translation of the same CRD schemas to JSON Schema run by ajv
 * (ajv-schema.ts) must agree, on the valid objects and on thousands of mechanical mutations of
 * them: every field replaced by a value of another type, by null, by an empty list or map, and
 * an unknown field added to every object. Istio objects and Gateway API objects alike; for the
 * latter, the product's defaulting (defaulting.ts) is held to ajv's `useDefaults` on the way.
 */
import { gvkKey, splitApiVersion, type CrdSchema, type CrdVersion } from '../../src/analysis/apiserver/crd-types';
import { defaultedObject } from '../../src/analysis/apiserver/defaulting';
import { bundleForGroup } from '../../src/analysis/apiserver/installed-crds';
import { pruneNonNullableNulls } from '../../src/analysis/apiserver/prune-nulls';
import { validateStructure } from '../../src/analysis/apiserver/structural-schema';
import { ajvValidateStructure } from './ajv-schema';
import { VALID_OBJECTS } from './fixtures';
import { GATEWAY_API_VALID_OBJECTS } from './gateway-api-fixtures';

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
  const valid = [...Object.entries(VALID_OBJECTS), ...Object.entries(GATEWAY_API_VALID_OBJECTS).map(([k, make]) => [`Gateway API ${k}`, make] as const)];
  for (const [kind, make] of valid) {
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

function crdOf(obj: any): CrdVersion {
  const { group, version } = splitApiVersion(obj.apiVersion);
  return bundleForGroup(group)!.byGvk.get(gvkKey(group, version, obj.kind))!;
}

/**
 * Structural defaulting treats a non-nullable null like an absent field (it gets the default);
 * ajv's useDefaults fills absent fields only, so such nulls are removed first.
 */
function dropDefaultedNulls(value: unknown, schema: CrdSchema | undefined): void {
  if (value === null || typeof value !== 'object' || !schema) return;
  if (Array.isArray(value)) { value.forEach((item) => dropDefaultedNulls(item, schema.items)); return; }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const s = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (obj[key] === null && s && !s.nullable && s.default !== undefined) delete obj[key];
    else dropDefaultedNulls(obj[key], s);
  }
}

/** What ajv sees: the API server's request body after status is dropped and nulls are pruned; ajv applies the defaults. */
function ajvVerdict(obj: any): string[] {
  const crd = crdOf(obj);
  const body = structuredClone(obj);
  delete body.status;
  dropDefaultedNulls(body, crd.schema);
  pruneNonNullableNulls(body, crd.schema);
  return ajvValidateStructure(crd, body).map((v) => `${v.path}: ${v.message}`).sort();
}

/** The product's stages: defaulting, then the schema walk (which prunes nulls itself). */
function interpreterVerdict(obj: any): string[] {
  const crd = crdOf(obj);
  return validateStructure(crd, defaultedObject(obj, crd)).violations.filter((v) => v.source === 'schema').map((v) => `${v.path}: ${v.message}`).sort();
}

describe('structural schema: interpreter and ajv agree', () => {
  const all = cases();

  it('generates thousands of mutations, most of them rejected, a third of them of Gateway API objects', () => {
    expect(all.length).toBeGreaterThan(1000);
    expect(all.filter(([name]) => name.startsWith('Gateway API ')).length).toBeGreaterThan(all.length / 3);
    expect(all.filter(([, obj]) => ajvVerdict(obj).length > 0).length).toBeGreaterThan(all.length / 2);
  });

  it('every case gets the same violations from both', () => {
    const disagreements = all
      .map(([name, obj]) => ({ name, ajv: ajvVerdict(obj), interpreter: interpreterVerdict(obj) }))
      .filter((c) => JSON.stringify(c.ajv) !== JSON.stringify(c.interpreter));
    expect(disagreements.slice(0, 5)).toEqual([]);
  });
});
