/**
 * `x-kubernetes-list-type: set | map` uniqueness, which the API server checks next to the schema
 * (apiextensions structural/listtype): a set must not repeat an item, a map-list must not repeat
 * the tuple of its `x-kubernetes-list-map-keys`.
 */
import type { CrdSchema } from './crd-types';
import { isDeepStrictEqual } from 'util';

export interface ListTypeViolation {
  path: string;
  message: string;
}

export function validateListTypes(value: unknown, schema: CrdSchema | undefined, path = ''): ListTypeViolation[] {
  const out: ListTypeViolation[] = [];
  if (!schema || value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    const listType = schema['x-kubernetes-list-type'];
    const keys = schema['x-kubernetes-list-map-keys'] ?? [];
    const seen: unknown[] = [];
    value.forEach((item, i) => {
      const identity = listType === 'map' && item !== null && typeof item === 'object'
        ? keys.map((k) => (item as Record<string, unknown>)[k])
        : item;
      if ((listType === 'set' || listType === 'map') && seen.some((s) => isDeepStrictEqual(s, identity))) {
        out.push({ path: `${path}[${i}]`, message: `Duplicate value: ${JSON.stringify(identity)}` });
      }
      seen.push(identity);
      out.push(...validateListTypes(item, schema.items, `${path}[${i}]`));
    });
    return out;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const s = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    out.push(...validateListTypes(child, s, path === '' ? key : `${path}.${key}`));
  }
  return out;
}
