/**
 * "did you mean …?" for an unknown field: the declared sibling fields closest to the typo, from
 * the CRD schema at the field's parent. Only computed for a finding, never per object.
 */
import type { CrdSchema } from './crd-types';

/** The schema node at a field path's segments (array indexes and map keys step into items/values). */
export function schemaAt(root: CrdSchema, segments: readonly string[]): CrdSchema | undefined {
  let node: CrdSchema | undefined = root;
  for (const segment of segments) {
    if (!node) return undefined;
    if (node.properties?.[segment]) node = node.properties[segment];
    else if (node.items && /^[0-9]+$/.test(segment)) node = node.items;
    else node = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
  }
  return node;
}

/** Levenshtein distance, with an early exit above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The declared field of `parent` nearest to `unknown` (case-insensitive edit distance ≤ 2, or
 * ≤ 1 for names of up to 4 characters), ties broken alphabetically; undefined when none is close.
 */
export function closestField(parent: CrdSchema | undefined, unknown: string): string | undefined {
  const max = unknown.length <= 4 ? 1 : 2;
  let best: { name: string; d: number } | undefined;
  for (const name of Object.keys(parent?.properties ?? {}).sort()) {
    const d = distance(unknown.toLowerCase(), name.toLowerCase(), max);
    if (d <= max && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}
