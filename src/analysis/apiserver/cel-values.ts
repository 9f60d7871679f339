/**
 * Turns a JSON value into the CEL value Kubernetes binds to `self` (apiserver/pkg/cel/common
 * values.go), driven by the schema, because the JSON alone is ambiguous:
 *  - `integer` → CEL int (bigint), `number` → CEL double even when integral;
 *  - string formats `byte` → bytes, `date`/`date-time` → timestamp, `duration` → duration;
 *  - objects with `properties` → only declared fields (unknown ones are pruned by the API server
 *    before CEL runs), keyed by the escaped name CEL sees (`namespace` → `__namespace__`,
 *    `a-b` → `a__dash__b`); maps (`additionalProperties`) keep their keys;
 *  - untyped nodes (int-or-string, preserve-unknown-fields) → dyn: integral numbers become int.
 */
import { celEnv, isCelError, parse, plan, type CelInput } from '@bufbuild/cel';
import type { CrdSchema } from './crd-types';

/** escaping.go: identifiers CEL reserves, and the escapes for `__ . - /`. */
const RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);
const ESCAPES: Record<string, string> = { '__': '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' };

/** The name under which CEL sees a property, or undefined when CEL cannot access it at all. */
export function escapeCelProperty(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name)) return undefined;
  if (RESERVED.has(name)) return `__${name}__`;
  let ok = true;
  const escaped = name.replace(/__|[-./]|[^a-zA-Z0-9\-./_]/g, (s) => {
    const e = ESCAPES[s];
    if (e === undefined) ok = false;
    return e ?? '';
  });
  return ok ? escaped : undefined;
}

const stdEnv = celEnv();
const toTimestamp = plan(stdEnv, parse('timestamp(s)'));
const toDuration = plan(stdEnv, parse('duration(s)'));

/** A conversion failure binds the raw string, as a rule reading it would fail on it anyway. */
function convertString(s: string, format: string | undefined): CelInput {
  switch (format) {
    case 'byte': return new Uint8Array(Buffer.from(s, 'base64'));
    case 'date': case 'date-time': {
      const ts = toTimestamp({ s: format === 'date' ? `${s}T00:00:00Z` : s });
      return isCelError(ts) ? s : (ts as CelInput);
    }
    case 'duration': {
      const d = toDuration({ s });
      return isCelError(d) ? s : (d as CelInput);
    }
    default: return s;
  }
}

/** Schema-free conversion for dyn-typed (untyped) nodes. */
function convertDyn(v: unknown): CelInput {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(convertDyn);
  if (v !== null && typeof v === 'object') {
    return new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, convertDyn(x)]));
  }
  return v as CelInput;
}

export function toCelValue(v: unknown, schema: CrdSchema | undefined): CelInput {
  if (v === null || v === undefined) return null;
  if (!schema || schema['x-kubernetes-int-or-string'] || (!schema.type && !schema.properties)) return convertDyn(v);
  if (Array.isArray(v)) return v.map((x) => toCelValue(x, schema.items));
  switch (typeof v) {
    case 'number': return schema.type === 'integer' && Number.isInteger(v) ? BigInt(v) : v;
    case 'string': return convertString(v, schema.type === 'string' ? schema.format : undefined);
    case 'boolean': return v;
    default: break;
  }
  const obj = v as Record<string, unknown>;
  const fields = new Map<string, [unknown, CrdSchema | undefined]>();
  if (schema.properties) {
    for (const [name, s] of Object.entries(schema.properties)) {
      if (!(name in obj) || obj[name] === undefined) continue;
      const escaped = escapedProperty(name);
      if (escaped !== undefined) fields.set(escaped, [obj[name], s]);
    }
  } else if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
    const item = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    for (const [k, x] of Object.entries(obj)) fields.set(k, [x, item]);
  } else if (schema['x-kubernetes-preserve-unknown-fields']) {
    return convertDyn(v);
  }
  return new LazyCelObject(fields);
}

const escapes = new Map<string, string | undefined>();
function escapedProperty(name: string): string | undefined {
  if (!escapes.has(name)) escapes.set(name, escapeCelProperty(name));
  return escapes.get(name);
}

/**
 * A CEL map whose values are converted on first access: a rule such as
 * `has(self.selector) ? 1 : 0` on a whole `spec` reads one field, so converting the whole
 * subtree up front was most of the CEL cost. @bufbuild/cel wraps any `Map` and reads it only
 * through get/size/keys/entries/values/forEach, which are all defined here.
 */
class LazyCelObject extends Map<string, CelInput> {
  private readonly converted = new Map<string, CelInput>();
  constructor(private readonly fields: Map<string, [unknown, CrdSchema | undefined]>) {
    super();
  }
  override get size(): number {
    return this.fields.size;
  }
  override has(key: string): boolean {
    return this.fields.has(key);
  }
  override get(key: string): CelInput | undefined {
    const field = this.fields.get(key);
    if (!field) return undefined;
    let value = this.converted.get(key);
    if (value === undefined) this.converted.set(key, (value = toCelValue(field[0], field[1])));
    return value;
  }
  override keys(): MapIterator<string> {
    return this.fields.keys();
  }
  override *entries(): MapIterator<[string, CelInput]> {
    for (const key of this.fields.keys()) yield [key, this.get(key)!];
  }
  override *values(): MapIterator<CelInput> {
    for (const key of this.fields.keys()) yield this.get(key)!;
  }
  override forEach(callback: (value: CelInput, key: string, map: Map<string, CelInput>) => void, thisArg?: unknown): void {
    for (const key of this.fields.keys()) callback.call(thisArg, this.get(key)!, key, this);
  }
  override [Symbol.iterator](): MapIterator<[string, CelInput]> {
    return this.entries();
  }
}
