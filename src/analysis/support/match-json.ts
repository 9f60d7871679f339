/**
 * A route match serialised the way istiod compares matches for duplicates (validation
 * virtualservice asJSON: Go's encoding/json over the protobuf struct, `name` cleared). Go omits
 * unset and zero fields (`omitempty`), so `ignoreUriCase: false`, `port: 0` and `headers: {}`
 * equal their absence; a present string-match struct (`uri: {}`) is kept; map keys are sorted.
 */

/** Fields that are protobuf messages (pointers): present even when empty. */
const MESSAGE_FIELDS = new Set(['uri', 'scheme', 'method', 'authority']);

/** The comparison key of one match entry of an http, tcp or tls rule. */
export function canonicalMatch(match: unknown): string {
  if (match === null || typeof match !== 'object' || Array.isArray(match)) return JSON.stringify(match ?? null);
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(match as Record<string, unknown>)) {
    if (key === 'name' || value === undefined || value === null) continue;
    if (!MESSAGE_FIELDS.has(key) && isZero(value)) continue;
    kept[key] = value;
  }
  return JSON.stringify(sortKeys(kept));
}

function isZero(value: unknown): boolean {
  if (value === false || value === 0 || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

function sortKeys(value: any): any {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  return value;
}
