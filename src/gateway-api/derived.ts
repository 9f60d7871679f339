/**
 * Derived objects as Resources: built like read ones, marked `derivedFrom` the Gateway API object
 * they come from, with its `source`, so every `file:line` points at what the user wrote.
 */
import { Resource, toResource } from '../model/resource';

export function derivedResource(object: any, from: Resource, order: number = from.order): Resource {
  return { ...toResource(object, order, from.source), derivedFrom: from };
}

/** `Kind/name.namespace` (parentMeta): how istiod names a parent in `internal.istio.io/parents`. */
export function parentMeta(resource: Resource, section?: string): string {
  return section === undefined
    ? `${resource.kind}/${resource.name}.${resource.namespace}`
    : `${resource.kind}/${resource.name}/${section}.${resource.namespace}`;
}

export function arr(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}
