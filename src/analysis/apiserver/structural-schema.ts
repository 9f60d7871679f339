/**
 * The structural-schema stage of the API server (apiextensions-apiserver schema validation with
 * `fieldValidation=Strict`, kubectl's default) as one walk over the object and its CRD schema:
 *  - every object node without `x-kubernetes-preserve-unknown-fields` rejects unknown fields;
 *  - `x-kubernetes-int-or-string` accepts an integer or a string; `nullable` admits null;
 *  - a null field whose schema is neither nullable nor defaulted is pruned (reported, not an
 *    error: apiextensions defaulting/prunenulls.go); nulls inside arrays are not pruned;
 *  - only the string formats Kubernetes checks are checked (formats.ts);
 *  - `pattern` is Go RE2 and unanchored, so it runs on re2js, not on JS RegExp;
 *  - oneOf/anyOf/allOf/not are value validations only (structural schemas declare fields
 *    outside them), so they never reject unknown fields;
 *  - `x-kubernetes-list-type: set | map` items are unique (apiextensions structural/listtype).
 * An interpreter rather than generated code on purpose: `check` validates a few thousand objects
 * once per process, and compiling the seven Istio schemas with ajv cost more than validating
 * them. test/oracle/ajv-schema.ts keeps the ajv translation as an independent oracle, and
 * test/oracle/structural-differential.test.ts holds the two to the same verdicts.
 * Messages are the API server's field errors, with ajv's wording for value constraints.
 */
import { isDeepStrictEqual } from 'util';
import { RE2JS } from 're2js';
import type { CrdSchema, CrdVersion } from './crd-types';
import { checkedFormat, STRING_FORMATS } from './formats';

export interface SchemaViolation {
  path: string;
  message: string;
  /** Kubernetes skips all CEL rules when one of these is present (strategy.go hasBlockingErr). */
  blocking: boolean;
  source: 'schema' | 'list-type';
}

export interface StructuralResult {
  violations: SchemaViolation[];
  /** Non-nullable nulls the API server drops before validating. */
  pruned: string[];
}

const patterns = new Map<string, RE2JS>();
/** Go's regexp.MatchString: RE2, unanchored; each pattern compiled once per process. */
function matchesPattern(pattern: string, s: string): boolean {
  let re = patterns.get(pattern);
  if (!re) patterns.set(pattern, (re = RE2JS.compile(pattern)));
  return re.test(s);
}

function child(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** apiVersion/kind/metadata: every resource root has them without declaring them (metadata.ts checks metadata). */
const RESOURCE_FIELDS: Record<string, CrdSchema> = {
  apiVersion: { type: 'string' },
  kind: { type: 'string' },
  metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
};

const metadataSchemas = new WeakMap<CrdSchema, CrdSchema>();
/**
 * A resource's `metadata` is ObjectMeta whatever the CRD declares (the Gateway API CRDs say
 * `metadata: {type: object}`, some CRDs constrain `name`): metadata.ts checks its fields, and
 * the schema walk keeps only the declared constraints, never rejecting labels or namespace.
 */
function metadataSchema(declared: CrdSchema | undefined): CrdSchema {
  if (!declared) return RESOURCE_FIELDS.metadata!;
  let s = metadataSchemas.get(declared);
  if (!s) metadataSchemas.set(declared, (s = { ...declared, 'x-kubernetes-preserve-unknown-fields': true }));
  return s;
}

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'object': return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number';
    case 'boolean': return typeof v === 'boolean';
    default: return true;
  }
}

interface Walk {
  out: SchemaViolation[];
  pruned: string[];
  /** false inside oneOf/anyOf/allOf/not branches: value validation only. */
  structural: boolean;
}

function report(w: Walk, path: string, message: string, blocking = false, source: SchemaViolation['source'] = 'schema'): void {
  w.out.push({ path, message, blocking, source });
}

/** Whether `value` satisfies a branch schema (value validation, unknown fields allowed). */
function branchErrors(node: CrdSchema, value: unknown, path: string): SchemaViolation[] {
  const w: Walk = { out: [], pruned: [], structural: false };
  validateNode(node, value, path, w, false);
  return w.out;
}

function validateNode(node: CrdSchema, value: unknown, path: string, w: Walk, resourceRoot: boolean): void {
  if (value === null && node.nullable) return;
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const typeMatches = intOrString ? typeOk('integer', value) || typeof value === 'string' : !node.type || typeOk(node.type, value);
  if (!typeMatches) {
    const expected = intOrString ? 'integer or string' : node.type;
    report(w, path, `Invalid value: must be of type ${expected}${node.nullable ? ' or null' : ''}`, true);
  }
  // As kube-openapi's validators, enum and the branches apply whatever the type; the rest is per type.
  if (node.enum && !node.enum.some((e) => isDeepStrictEqual(e, value))) {
    report(w, path, `Unsupported value: supported values: ${node.enum.map((v) => JSON.stringify(v)).join(', ')}`, true);
  }
  if (typeMatches) {
    if (typeof value === 'number') validateNumber(node, value, path, w);
    else if (typeof value === 'string') validateString(node, value, path, w);
    else if (Array.isArray(value)) validateArray(node, value, path, w);
    else if (value !== null && typeof value === 'object') validateObject(node, value as Record<string, unknown>, path, w, resourceRoot);
  }
  if (node.oneOf || node.anyOf || node.allOf || node.not) validateBranches(node, value, path, w);
}

function validateNumber(node: CrdSchema, v: number, path: string, w: Walk): void {
  const min = node.minimum as number | undefined;
  const max = node.maximum as number | undefined;
  if (min !== undefined && (node.exclusiveMinimum === true ? !(v > min) : !(v >= min))) {
    report(w, path, `Invalid value: must be ${node.exclusiveMinimum === true ? '>' : '>='} ${min}`);
  }
  if (max !== undefined && (node.exclusiveMaximum === true ? !(v < max) : !(v <= max))) {
    report(w, path, `Invalid value: must be ${node.exclusiveMaximum === true ? '<' : '<='} ${max}`);
  }
  const step = node.multipleOf as number | undefined;
  if (step !== undefined && !Number.isInteger(v / step)) report(w, path, `Invalid value: must be multiple of ${step}`);
}

/** ajv and Go both count code points, not UTF-16 units. */
function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function validateString(node: CrdSchema, s: string, path: string, w: Walk): void {
  if (typeof node.maxLength === 'number' && codePoints(s) > node.maxLength) report(w, path, `Invalid value: must NOT have more than ${node.maxLength} characters`, true);
  if (typeof node.minLength === 'number' && codePoints(s) < node.minLength) report(w, path, `Invalid value: must NOT have fewer than ${node.minLength} characters`);
  if (typeof node.pattern === 'string' && !matchesPattern(node.pattern, s)) report(w, path, `Invalid value: must match pattern "${node.pattern}"`);
  const format = node.format === undefined ? undefined : checkedFormat(node.type, node.format);
  if (format && !STRING_FORMATS[format]!(s)) report(w, path, `Invalid value: must match format "${format}"`);
}

function validateArray(node: CrdSchema, items: unknown[], path: string, w: Walk): void {
  if (typeof node.maxItems === 'number' && items.length > node.maxItems) report(w, path, `Invalid value: must NOT have more than ${node.maxItems} items`, true);
  if (typeof node.minItems === 'number' && items.length < node.minItems) report(w, path, `Invalid value: must NOT have fewer than ${node.minItems} items`);
  if (node.uniqueItems === true) {
    for (let i = 1; i < items.length; i++) {
      const j = items.slice(0, i).findIndex((x) => isDeepStrictEqual(x, items[i]));
      if (j >= 0) { report(w, path, `Invalid value: must NOT have duplicate items (items ## ${j} and ${i} are identical)`); break; }
    }
  }
  if (node.items) for (let i = 0; i < items.length; i++) validateNode(node.items, items[i], `${path}[${i}]`, w, false);
  if (w.structural) validateListType(node, items, path, w);
}

/** set: no repeated item; map: no repeated tuple of the list-map keys. */
function validateListType(node: CrdSchema, items: unknown[], path: string, w: Walk): void {
  const listType = node['x-kubernetes-list-type'];
  if (listType !== 'set' && listType !== 'map') return;
  const keys = node['x-kubernetes-list-map-keys'] ?? [];
  const seen: unknown[] = [];
  items.forEach((item, i) => {
    const identity = listType === 'map' && item !== null && typeof item === 'object'
      ? keys.map((k) => (item as Record<string, unknown>)[k])
      : item;
    if (seen.some((s) => isDeepStrictEqual(s, identity))) report(w, `${path}[${i}]`, `Duplicate value: ${JSON.stringify(identity)}`, false, 'list-type');
    seen.push(identity);
  });
}

function validateObject(node: CrdSchema, obj: Record<string, unknown>, path: string, w: Walk, resourceRoot: boolean): void {
  const props = node.properties;
  const additional = node.additionalProperties;
  const implicit = resourceRoot || node['x-kubernetes-embedded-resource'] === true;
  const rejectUnknown = w.structural && additional === undefined && !node['x-kubernetes-preserve-unknown-fields']
    && (node.type === 'object' || props !== undefined);
  let size = 0;
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    const declared = implicit && key === 'metadata' ? metadataSchema(props?.metadata) : props?.[key] ?? (implicit ? RESOURCE_FIELDS[key] : undefined);
    const schema = declared ?? (typeof additional === 'object' ? additional : undefined);
    if (value === null && schema && w.structural && !schema.nullable && schema.default === undefined) {
      w.pruned.push(child(path, key));
      continue;
    }
    size++; // pruned fields do not count towards min/maxProperties
    if (schema) validateNode(schema, value, child(path, key), w, false);
    else if (rejectUnknown) report(w, child(path, key), `unknown field "${child(path, key)}"`);
  }
  for (const name of node.required ?? []) {
    if (!(name in obj) || w.pruned.includes(child(path, name))) report(w, child(path, name), 'Required value', true);
  }
  if (typeof node.maxProperties === 'number' && size > node.maxProperties) report(w, path, `Invalid value: must NOT have more than ${node.maxProperties} properties`, true);
  if (typeof node.minProperties === 'number' && size < node.minProperties) report(w, path, `Invalid value: must NOT have fewer than ${node.minProperties} properties`);
}

function validateBranches(node: CrdSchema, value: unknown, path: string, w: Walk): void {
  if (node.oneOf && node.oneOf.filter((b) => branchErrors(b, value, path).length === 0).length !== 1) {
    report(w, path, 'Invalid value: must match exactly one schema in oneOf');
  }
  if (node.anyOf && !node.anyOf.some((b) => branchErrors(b, value, path).length === 0)) report(w, path, 'Invalid value: must match a schema in anyOf');
  if (node.not && branchErrors(node.not, value, path).length === 0) report(w, path, 'Invalid value: must NOT be valid');
  // An allOf branch's errors are the value's own errors.
  for (const b of node.allOf ?? []) w.out.push(...branchErrors(b, value, path));
}

/**
 * Validates a create request body against one CRD version's schema; never throws. `status` is
 * passed over when the status subresource is on (the API server drops it on create).
 */
export function validateStructure(crd: CrdVersion, object: unknown): StructuralResult {
  const w: Walk = { out: [], pruned: [], structural: true };
  let body = object;
  if (crd.hasStatusSubresource && body !== null && typeof body === 'object' && !Array.isArray(body) && 'status' in body) {
    const { status: _dropped, ...rest } = body as Record<string, unknown>;
    body = rest;
  }
  validateNode(crd.schema, body, '', w, true);
  return { violations: w.out, pruned: w.pruned };
}
