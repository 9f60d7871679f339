/**
 * Small building blocks for the indexes `check` and `explain` build over a MeshModel. A model is
 * immutable, so an index built from it never goes stale and is built once per model.
 */
import type { MeshModel } from './mesh-model';

/** `build` memoised per model (weakly held, so a dropped model drops its index). */
export function perModel<T>(build: (model: MeshModel) => T): (model: MeshModel) => T {
  const built = new WeakMap<MeshModel, T>();
  return (model) => {
    let value = built.get(model);
    if (value === undefined) {
      value = build(model);
      built.set(model, value);
    }
    return value;
  };
}

/**
 * Appends to a map of lists in place, so building an index stays linear (copying the list on
 * every insert makes it quadratic in the largest group).
 */
export function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
