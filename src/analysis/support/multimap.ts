/**
 * Appending to a map of lists in place, so building an index stays linear (copying the list on
 * every insert makes it quadratic in the largest group).
 */
export function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
