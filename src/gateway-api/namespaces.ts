/**
 * Which namespaces a listener admits routes from (`allowedRoutes.namespaces`), as istiod turns it
 * into the `ns/host` entries of the derived Gateway's server (namespacesFromSelector).
 *
 * From manifests alone, the namespaces are those the model knows (declared `Namespace` objects,
 * namespaces objects live in, and `default`/`kube-*`/the root namespace); a namespace that is in
 * none of them is assumed absent. Labels are the declared Namespace's, plus
 * `kubernetes.io/metadata.name: <name>`, which the API server puts on every Namespace (istiod's
 * toNamespaceSet adds it too), so a selector on that label works even when no Namespace is declared.
 */
import { labelSelectorMatches } from '../analysis/support/label-selector';
import type { MeshModel } from '../model/mesh-model';
import { perModel } from '../model/per-model';

/** NamespaceNameLabel: set on every Namespace by the API server. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** A namespace's labels as a selector sees them (toNamespaceSet). */
export function namespaceLabels(model: MeshModel, name: string): Record<string, string> {
  const declared: Record<string, string> = model.namespaceResource(name)?.labels ?? {};
  return { ...declared, [NAMESPACE_NAME_LABEL]: name };
}

/**
 * namespacesFromSelector: `[gatewayNamespace]` for `Same` (the default), `['*']` for `All`, else
 * the sorted names of the known namespaces the selector matches (possibly none).
 */
export function namespacesFromSelector(model: MeshModel, localNamespace: string, allowedRoutes: any): string[] {
  const from = allowedRoutes?.namespaces?.from;
  if (from === undefined || from === 'Same') return [localNamespace];
  if (from === 'All') return ['*'];
  const selector = allowedRoutes?.namespaces?.selector;
  // "Should never happen, invalid config" (the CRD's CEL rule requires a selector).
  if (!selector) return ['*'];
  // Many listeners share a selector (one per team gateway): evaluate each selector once per model.
  const cache = selected(model);
  const key = JSON.stringify(selector);
  let names = cache.get(key);
  if (!names) {
    names = model.namespaceNames().filter((ns) => ns !== '' && labelSelectorMatches(selector, namespaceLabels(model, ns))).sort();
    cache.set(key, names);
  }
  return [...names];
}

const selected = perModel((_model: MeshModel) => new Map<string, string[]>());
