/**
 * Structural defaulting, as the API server applies it while decoding a create request, before
 * any validation (apiextensions-apiserver pkg/apiserver/schema/defaulting/algorithm.go
 * `Default`): in every object node, a declared property that is absent — or null while its
 * schema is not nullable — gets a deep copy of its schema's `default`; then every property is
 * defaulted in turn, a freshly set default included. Array items follow `items`, map values
 * `additionalProperties`.
 *
 * The Gateway API CRDs lean on it (a backendRef's `group: ""` and `kind: Service`, a listener's
 * `tls.mode: Terminate`, an HTTPRoute rule's `matches: [{path: {type: PathPrefix, value: /}}]`)
 * and their CEL rules read the defaulted fields; the Istio CRDs declare no default at all.
 *
 * Copy on write: the caller's object is never mutated, and an object needing no default is
 * returned as it is, so a bundle without defaults costs one cached lookup per object.
 */
import type { CrdSchema, CrdVersion } from './crd-types';

const hasDefaultsCache = new WeakMap<CrdSchema, boolean>();

/** Whether any node at or below `schema` declares a default (memoized per schema node). */
function hasDefaults(schema: CrdSchema | undefined): boolean {
  if (!schema) return false;
  let known = hasDefaultsCache.get(schema);
  if (known === undefined) {
    known = Object.values(schema.properties ?? {}).some((p) => p.default !== undefined || hasDefaults(p))
      || hasDefaults(schema.items)
      || (typeof schema.additionalProperties === 'object' && hasDefaults(schema.additionalProperties));
    hasDefaultsCache.set(schema, known);
  }
  return known;
}

function childSchema(schema: CrdSchema, key: string): CrdSchema | undefined {
  const declared = schema.properties?.[key];
  if (declared) return declared;
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

/** `value` with the defaults of `schema` applied; `value` itself when none applies. */
export function applyDefaults(value: unknown, schema: CrdSchema | undefined): unknown {
  if (!hasDefaults(schema) || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const d = applyDefaults(item, schema!.items);
      if (d !== item) (out ??= [...value])[i] = d;
    });
    return out ?? value;
  }
  const obj = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const [key, prop] of Object.entries(schema!.properties ?? {})) {
    if (prop.default === undefined) continue;
    const current = obj[key];
    if (!(key in obj) || (current === null && !prop.nullable)) (out ??= { ...obj })[key] = structuredClone(prop.default);
  }
  const source = out ?? obj;
  for (const [key, child] of Object.entries(source)) {
    const d = applyDefaults(child, childSchema(schema!, key));
    if (d !== child) (out ??= { ...obj })[key] = d;
  }
  return out ?? obj;
}

/**
 * The create request body after defaulting. `status` is left as it is when the status
 * subresource is on: the API server drops it on create anyway.
 */
export function defaultedObject(object: Record<string, unknown>, crd: CrdVersion): Record<string, unknown> {
  if (!hasDefaults(crd.schema)) return object;
  if (!crd.hasStatusSubresource || !('status' in object)) return applyDefaults(object, crd.schema) as Record<string, unknown>;
  const { status, ...rest } = object;
  const defaulted = applyDefaults(rest, crd.schema) as Record<string, unknown>;
  return defaulted === rest ? object : { ...defaulted, status };
}
