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

/** What defaulting needs of one schema node, computed once per node. */
interface DefaultingPlan {
  /** Whether any node at or below declares a default; false skips the subtree. */
  any: boolean;
  /** The node's own properties that have a default. */
  defaults: [string, CrdSchema][];
}

const plans = new WeakMap<CrdSchema, DefaultingPlan>();
const NO_DEFAULTS: DefaultingPlan = { any: false, defaults: [] };

function planOf(schema: CrdSchema | undefined): DefaultingPlan {
  if (!schema) return NO_DEFAULTS;
  let plan = plans.get(schema);
  if (!plan) {
    const props = Object.entries(schema.properties ?? {});
    const defaults = props.filter(([, p]) => p.default !== undefined);
    const any = defaults.length > 0 || props.some(([, p]) => planOf(p).any) || planOf(schema.items).any
      || (typeof schema.additionalProperties === 'object' && planOf(schema.additionalProperties).any);
    plan = any ? { any, defaults } : NO_DEFAULTS;
    plans.set(schema, plan);
  }
  return plan;
}

/** A deep copy of a default (runtime.DeepCopyJSONValue); scalars are their own copy. */
function copyOf(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}

function childSchema(schema: CrdSchema, key: string): CrdSchema | undefined {
  const declared = schema.properties?.[key];
  if (declared) return declared;
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

/** `value` with the defaults of `schema` applied; `value` itself when none applies. */
export function applyDefaults(value: unknown, schema: CrdSchema | undefined): unknown {
  const plan = planOf(schema);
  if (!plan.any || value === null || typeof value !== 'object') return value;
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
  for (const [key, prop] of plan.defaults) {
    const current = obj[key];
    if (!(key in obj) || (current === null && !prop.nullable)) (out ??= { ...obj })[key] = copyOf(prop.default);
  }
  const source = out ?? obj;
  for (const key in source) {
    const child = source[key];
    if (child === null || typeof child !== 'object') continue;
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
  if (!planOf(crd.schema).any) return object;
  if (!crd.hasStatusSubresource || !('status' in object)) return applyDefaults(object, crd.schema) as Record<string, unknown>;
  const { status, ...rest } = object;
  const defaulted = applyDefaults(rest, crd.schema) as Record<string, unknown>;
  return defaulted === rest ? object : { ...defaulted, status };
}
