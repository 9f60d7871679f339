/**
 * The shape of what the API-server layer reads from a CRD: one served version of one kind, with
 * its OpenAPI v3 schema, indexed by group/version/kind. Nothing here reads files: the installed
 * bundles come from the generated modules (istio-crds.ts, gateway-api-crds.ts), test CRDs from
 * their own YAML.
 */

/** The subset of a CRD's OpenAPI v3 schema node that validation reads. */
export interface CrdSchema {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, CrdSchema>;
  additionalProperties?: CrdSchema | boolean;
  items?: CrdSchema;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  default?: unknown;
  oneOf?: CrdSchema[];
  anyOf?: CrdSchema[];
  allOf?: CrdSchema[];
  not?: CrdSchema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-validations'?: CelRuleSpec[];
  [other: string]: unknown;
}

/** One `x-kubernetes-validations` entry, as written in the CRD. */
export interface CelRuleSpec {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
  optionalOldSelf?: boolean;
}

/** One served version of one CRD: all the API server needs to validate a create. */
export interface CrdVersion {
  group: string;
  version: string;
  kind: string;
  scope: 'Namespaced' | 'Cluster';
  /** With a status subresource the API server drops `status` from a create request. */
  hasStatusSubresource: boolean;
  schema: CrdSchema;
}

export interface CrdBundle {
  /** Where the CRDs came from, for messages: `Istio 1.30.3 CRDs`. */
  source: string;
  /** The release that installs them, for messages: `Istio 1.30.3`; defaults to `source`. */
  release?: string;
  /** Served versions only: an unserved version is as unknown to the API server as a missing one. */
  versions: CrdVersion[];
  /** key: `${group}/${version}/${kind}` */
  byGvk: Map<string, CrdVersion>;
  /** Every API group with at least one CRD. */
  groups: Set<string>;
}

export function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

export function indexCrdVersions(versions: CrdVersion[], source: string, release?: string): CrdBundle {
  return {
    source,
    release,
    versions,
    byGvk: new Map(versions.map((v) => [gvkKey(v.group, v.version, v.kind), v])),
    groups: new Set(versions.map((v) => v.group)),
  };
}

/** `networking.istio.io/v1` → group and version; a core `v1` has group `''`. */
export function splitApiVersion(apiVersion: unknown): { group: string; version: string } {
  const s = typeof apiVersion === 'string' ? apiVersion : '';
  const i = s.lastIndexOf('/');
  return i < 0 ? { group: '', version: s } : { group: s.slice(0, i), version: s.slice(i + 1) };
}

/** A generated module (`*.gen.json`): versions point into `schemas` by index, so shared schemas are stored once. */
export interface GeneratedCrdSchemas {
  generatedFrom: string;
  versions: (Omit<CrdVersion, 'schema'> & { schema: number })[];
  schemas: CrdSchema[];
}

/** Indexes a generated module; versions sharing a schema share the object. */
export function bundleFromGenerated(data: GeneratedCrdSchemas, source: string, release: string): CrdBundle {
  const versions = data.versions.map((v) => ({ ...v, schema: data.schemas[v.schema]! }));
  return indexCrdVersions(versions, source, release);
}
