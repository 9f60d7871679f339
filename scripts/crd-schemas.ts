/**
 * Build-time half of the API-server layer: turns CRD YAML into what validation needs and nothing
 * more — each served version's group, version, kind, scope, status subresource and
 * openAPIV3Schema with the `description`s stripped — with identical schemas stored once (Istio
 * serves v1, v1beta1 and v1alpha3 of most kinds with one schema, Gateway API v1 and v1beta1).
 * The product reads the results from src/analysis/apiserver/*.gen.json, never the YAML.
 */
import { parseAllDocuments } from 'yaml';
import { indexCrdVersions, type CrdBundle, type CrdSchema, type CrdVersion } from '../src/analysis/apiserver/crd-types';
import type { GeneratedCrdSchemas } from '../src/analysis/apiserver/istio-crds';

export const ISTIO_BUNDLE = 'vendor/istio-1.30.3/crd-all.gen.yaml';
export const GENERATED_FILE = 'src/analysis/apiserver/istio-crds.gen.json';
export const GATEWAY_API_BUNDLE = 'vendor/gateway-api-v1.5.1/standard-install.yaml';
export const GATEWAY_API_GENERATED_FILE = 'src/analysis/apiserver/gateway-api-crds.gen.json';

/** Every vendored CRD bundle and the module generated from it (`npm run generate` writes them all). */
export const GENERATED_MODULES: readonly { bundle: string; file: string }[] = [
  { bundle: ISTIO_BUNDLE, file: GENERATED_FILE },
  { bundle: GATEWAY_API_BUNDLE, file: GATEWAY_API_GENERATED_FILE },
];

/** Schema keywords whose value is itself a schema (or a list or map of schemas). */
const SCHEMA_KEYWORDS = new Set(['items', 'additionalProperties', 'not']);
const SCHEMA_LIST_KEYWORDS = new Set(['oneOf', 'anyOf', 'allOf']);

/** Copies a schema node without `description`; data-valued keywords (enum, default...) verbatim. */
export function stripDescriptions(node: CrdSchema): CrdSchema {
  const out: CrdSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description') continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, CrdSchema>).map(([k, v]) => [k, stripDescriptions(v)]));
    } else if (SCHEMA_KEYWORDS.has(key) && typeof value === 'object' && value !== null) {
      out[key] = stripDescriptions(value as CrdSchema);
    } else if (SCHEMA_LIST_KEYWORDS.has(key)) {
      out[key] = (value as CrdSchema[]).map(stripDescriptions);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Every served version of every CRD in `yamlText`, in document order. */
export function readCrdVersions(yamlText: string, source: string): CrdVersion[] {
  const versions: CrdVersion[] = [];
  for (const doc of parseAllDocuments(yamlText)) {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors[0]!.message}`);
    const crd = doc.toJS() as any;
    if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
    const spec = crd.spec;
    for (const v of spec.versions ?? []) {
      if (v.served !== true) continue;
      const schema = v.schema?.openAPIV3Schema;
      if (!schema) throw new Error(`${source}: ${spec.names.kind} ${v.name} has no openAPIV3Schema`);
      versions.push({
        group: spec.group,
        version: v.name,
        kind: spec.names.kind,
        scope: spec.scope,
        hasStatusSubresource: v.subresources?.status !== undefined,
        schema: stripDescriptions(schema),
      });
    }
  }
  return versions;
}

/** Parses CRD YAML straight into a bundle (tests with CRDs of their own). */
export function parseCrdBundle(yamlText: string, source: string): CrdBundle {
  return indexCrdVersions(readCrdVersions(yamlText, source), source);
}

/** The generated module's content, schemas deduplicated by their JSON text. */
export function generateCrdSchemas(yamlText: string, source: string): GeneratedCrdSchemas {
  const schemas: CrdSchema[] = [];
  const indexByJson = new Map<string, number>();
  const versions = readCrdVersions(yamlText, source).map(({ schema, ...gvk }) => {
    const json = JSON.stringify(schema);
    let index = indexByJson.get(json);
    if (index === undefined) {
      index = schemas.push(schema) - 1;
      indexByJson.set(json, index);
    }
    return { ...gvk, schema: index };
  });
  return { generatedFrom: `${source} by scripts/generate-crd-schemas.ts (npm run generate); do not edit`, versions, schemas };
}

/** The exact bytes of the committed file. */
export function renderCrdSchemas(yamlText: string, source: string): string {
  return `${JSON.stringify(generateCrdSchemas(yamlText, source), null, 1)}\n`;
}
