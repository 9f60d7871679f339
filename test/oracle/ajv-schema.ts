/**
 * An independent oracle for src/analysis/apiserver/structural-schema.ts (which walks the schema
 * itself, without compiling): the CRD version's OpenAPI v3 schema translated to draft-07 JSON
 * Schema and checked by real ajv, the way the API server checks a create with
 * `fieldValidation=Strict` (kubectl's default):
 *  - every object node without `x-kubernetes-preserve-unknown-fields` rejects unknown fields;
 *  - `x-kubernetes-int-or-string` accepts an integer or a string;
 *  - `nullable` admits null (non-nullable nulls are pruned before validation, see prune-nulls.ts);
 *  - only the string formats Kubernetes checks are checked (formats.ts);
 *  - `pattern` is Go RE2 and unanchored, so it runs on re2js, not on JS RegExp;
 *  - `default`s are applied by ajv (`useDefaults`), an implementation of its own of the API
 *    server's structural defaulting (src/analysis/apiserver/defaulting.ts), before validation.
 * oneOf/anyOf/allOf/not are value validations only (structural schemas declare fields outside
 * them), so unknown-field rejection is never injected into their branches.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { RE2JS } from 're2js';
import type { CrdSchema, CrdVersion } from '../../src/analysis/apiserver/crd-types';
import { checkedFormat, STRING_FORMATS } from '../../src/analysis/apiserver/formats';
import { shareRepeatedSubschemas } from './shared-subschemas';

export interface SchemaViolation {
  path: string;
  message: string;
  /** Kubernetes skips all CEL rules when one of these is present (strategy.go hasBlockingErr). */
  blocking: boolean;
}

type JsonSchema = Record<string, unknown>;

const COPIED_KEYWORDS = [
  'default', 'enum', 'required', 'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'pattern',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties',
] as const;

/** Translates one CRD schema node into draft-07 JSON Schema. */
export function toJsonSchema(node: CrdSchema, opts: { structural: boolean; root?: boolean }): JsonSchema {
  const out: JsonSchema = {};
  if (node.type) out.type = node.type;
  if (node['x-kubernetes-int-or-string']) out.type = ['integer', 'string'];
  for (const k of COPIED_KEYWORDS) if (node[k] !== undefined) out[k] = node[k];
  // OpenAPI 3.0 booleans become draft-07 numbers.
  if (node.exclusiveMinimum === true) { out.exclusiveMinimum = node.minimum; delete out.minimum; }
  if (node.exclusiveMaximum === true) { out.exclusiveMaximum = node.maximum; delete out.maximum; }
  const format = checkedFormat(node.type, node.format);
  if (format) out.format = format;

  if (node.properties) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties).map(([k, v]) => [k, toJsonSchema(v, { structural: opts.structural })]),
    );
  }
  if (node.items) out.items = toJsonSchema(node.items, { structural: opts.structural });
  if (typeof node.additionalProperties === 'object') {
    out.additionalProperties = toJsonSchema(node.additionalProperties, { structural: opts.structural });
  } else if (node.additionalProperties === true) {
    out.additionalProperties = true;
  }
  for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
    if (node[k]) out[k] = node[k]!.map((b) => toJsonSchema(b, { structural: false }));
  }
  if (node.not) out.not = toJsonSchema(node.not, { structural: false });

  if (opts.root || node['x-kubernetes-embedded-resource']) {
    // apiVersion/kind/metadata are implicit at a resource root; metadata is checked by metadata.ts.
    const props = (out.properties ?? {}) as Record<string, JsonSchema>;
    // metadata last: a CRD's own `metadata: {type: object}` (the Gateway API's) is ObjectMeta all the same.
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, ...props, metadata: { type: 'object' } };
  }
  const isObject = node.type === 'object' || node.properties !== undefined;
  if (opts.structural && isObject && out.additionalProperties === undefined && !node['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  if (node.nullable) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type)) out.type = [...out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

/**
 * ajv's regexp hook: RE2 semantics, unanchored like Go's regexp.MatchString. ajv caches compiled
 * patterns under `toString()`, so the wrapper must render its pattern or all patterns collide.
 */
function re2Engine(pattern: string): { test: (s: string) => boolean; toString: () => string } {
  const re = RE2JS.compile(pattern);
  return { test: (s: string) => re.test(s), toString: () => `re2:${pattern}` };
}
re2Engine.code = 'require("re2js").RE2JS.compile';

let ajvInstance: Ajv | undefined;
function ajv(): Ajv {
  if (!ajvInstance) {
    ajvInstance = new Ajv({
      allErrors: true,
      validateSchema: false, // the schemas are generated from CRDs the API server accepted
      code: { regExp: re2Engine, optimize: false }, // generated once, run on few objects: compile time dominates
      inlineRefs: false, // shared subschemas compile once (shared-subschemas.ts)
      strictTypes: false, // oneOf branches carry `required` without a `type`, as in every CRD
      allowUnionTypes: true, // int-or-string and nullable become type unions
      useDefaults: true, // fills absent properties and items' properties, as structural defaulting does
    });
    for (const [name, validate] of Object.entries(STRING_FORMATS)) ajvInstance.addFormat(name, { type: 'string', validate });
  }
  return ajvInstance;
}

/** Keyed by schema object: versions serving one schema (v1, v1beta1, v1alpha3) share it. */
const compiled = new WeakMap<CrdSchema, ValidateFunction>();

/** The compiled validator for one CRD version; compiled once per process, on first use. */
export function schemaValidator(crd: CrdVersion): ValidateFunction {
  let v = compiled.get(crd.schema);
  if (!v) {
    v = ajv().compile(shareRepeatedSubschemas(toJsonSchema(crd.schema, { structural: true, root: true })));
    compiled.set(crd.schema, v);
  }
  return v;
}

/** `/spec/servers/0/port` → `spec.servers[0].port`, using the data to tell indexes from keys. */
export function pointerToPath(pointer: string, data: unknown): string {
  let out = '';
  let cur: any = data;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += Array.isArray(cur) ? `[${seg}]` : out === '' ? seg : `.${seg}`;
    cur = cur?.[seg];
  }
  return out;
}

/** Kubernetes' field error types that make it skip CEL; ajv keyword → blocking. */
const BLOCKING_KEYWORDS = new Set(['type', 'enum', 'required', 'maxLength', 'maxItems', 'maxProperties']);

function describe(e: ErrorObject, data: unknown): SchemaViolation {
  const at = pointerToPath(e.instancePath, data);
  const join = (child: string) => (at === '' ? child : `${at}.${child}`);
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = join(String(e.params.additionalProperty));
      return { path: field, message: `unknown field "${field}"`, blocking: false };
    }
    case 'required': {
      const field = join(String(e.params.missingProperty));
      return { path: field, message: 'Required value', blocking: true };
    }
    case 'enum':
      return { path: at, message: `Unsupported value: supported values: ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`, blocking: true };
    case 'type':
      return { path: at, message: `Invalid value: must be of type ${[e.params.type].flat().join(' or ')}`, blocking: true };
    default:
      return { path: at, message: `Invalid value: ${e.message ?? e.keyword}`, blocking: BLOCKING_KEYWORDS.has(e.keyword) };
  }
}

/** Errors from inside a oneOf/anyOf branch only explain why the branch did not match. */
const BRANCH_INTERNAL = /\/(oneOf|anyOf|not)\/(\d+\/)?/;

/**
 * Validates `object` (mutated: ajv fills in the defaults). Two passes: ajv assigns a default
 * while it evaluates `properties`, after `oneOf`/`anyOf` of the same node may already have seen
 * the field missing, whereas the API server defaults the whole object before validating any of
 * it. The first pass only fills the defaults; the second judges the defaulted object.
 */
export function ajvValidateStructure(crd: CrdVersion, object: unknown): SchemaViolation[] {
  const validate = schemaValidator(crd);
  validate(object);
  if (validate(object)) return [];
  return (validate.errors ?? [])
    .filter((e) => !BRANCH_INTERNAL.test(e.schemaPath))
    .map((e) => describe(e, object));
}
