/**
 * Loads the Istio CRD bundle that the API server would have installed and indexes each served
 * version by group/version/kind. The bundle is vendored in `vendor/istio-1.30.3/`, so every
 * suite runs on a clean clone.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

/** The subset of a CRD's OpenAPI v3 schema node that the oracle reads. */
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

/** One served version of one CRD. */
export interface CrdVersion {
  group: string;
  version: string;
  kind: string;
  plural: string;
  scope: 'Namespaced' | 'Cluster';
  served: boolean;
  storage: boolean;
  /** With a status subresource the API server drops `status` from a create request. */
  hasStatusSubresource: boolean;
  schema: CrdSchema;
}

export interface CrdBundle {
  source: string;
  versions: CrdVersion[];
  /** key: `${group}/${version}/${kind}` */
  byGvk: Map<string, CrdVersion>;
}

/** The repo root is two levels above this file (test/oracle). */
const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const BUNDLE_PATH = path.resolve(REPO_ROOT, 'vendor', 'istio-1.30.3', 'crd-all.gen.yaml');

export function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

/** Parses CRD documents from YAML text (one or more `---`-separated documents). */
export function parseCrdBundle(yamlText: string, source: string): CrdBundle {
  const versions: CrdVersion[] = [];
  for (const doc of parseAllDocuments(yamlText)) {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors[0]!.message}`);
    const crd = doc.toJS() as any;
    if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
    const spec = crd.spec;
    for (const v of spec.versions ?? []) {
      const schema = v.schema?.openAPIV3Schema;
      if (!schema) throw new Error(`${source}: ${spec.names.kind} ${v.name} has no openAPIV3Schema`);
      versions.push({
        group: spec.group,
        version: v.name,
        kind: spec.names.kind,
        plural: spec.names.plural,
        scope: spec.scope,
        served: v.served === true,
        storage: v.storage === true,
        hasStatusSubresource: v.subresources?.status !== undefined,
        schema,
      });
    }
  }
  const byGvk = new Map(versions.map((v) => [gvkKey(v.group, v.version, v.kind), v]));
  return { source, versions, byGvk };
}

let cached: CrdBundle | undefined;

/** The shared Istio bundle, parsed once per process (it is ~18k lines). */
export function loadIstioBundle(): CrdBundle {
  if (!cached) {
    cached = parseCrdBundle(fs.readFileSync(BUNDLE_PATH, 'utf8'), BUNDLE_PATH);
  }
  return cached;
}
