/**
 * Before validating, the API server deletes object fields whose value is null when the field's
 * schema is not `nullable` and has no default (apiextensions defaulting/prunenulls.go). Such a
 * manifest is accepted, but the field silently disappears, so validation reports the pruned
 * paths separately instead of failing on them. Nulls inside arrays are not pruned; the schema
 * then rejects them.
 */
import type { CrdSchema } from './crd-types';

function fieldSchema(s: CrdSchema | undefined, key: string): CrdSchema | undefined {
  if (!s) return undefined;
  if (s.properties && key in s.properties) return s.properties[key];
  return typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
}

/** Mutates `value` in place; returns the pruned field paths. */
export function pruneNonNullableNulls(value: unknown, schema: CrdSchema | undefined, path = ''): string[] {
  const pruned: string[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => pruned.push(...pruneNonNullableNulls(item, schema?.items, `${path}[${i}]`)));
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      const s = fieldSchema(schema, key);
      const childPath = path === '' ? key : `${path}.${key}`;
      if (obj[key] === null && s && !s.nullable && s.default === undefined) {
        delete obj[key];
        pruned.push(childPath);
      } else {
        pruned.push(...pruneNonNullableNulls(obj[key], s, childPath));
      }
    }
  }
  return pruned;
}
