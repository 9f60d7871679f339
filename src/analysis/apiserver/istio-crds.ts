/**
 * The Istio 1.30.3 CRDs the API server would have installed, from the generated module (see
 * scripts/crd-schemas.ts): the product never reads the vendored YAML at run time.
 */
import { indexCrdVersions, type CrdBundle, type CrdSchema, type CrdVersion } from './crd-types';
import generated from './istio-crds.gen.json';

/** The generated file: versions point into `schemas` by index, so shared schemas are stored once. */
export interface GeneratedCrdSchemas {
  generatedFrom: string;
  versions: (Omit<CrdVersion, 'schema'> & { schema: number })[];
  schemas: CrdSchema[];
}

let bundle: CrdBundle | undefined;

/** The Istio bundle, indexed once per process (versions sharing a schema share the object). */
export function loadIstioBundle(): CrdBundle {
  if (!bundle) {
    const data = generated as unknown as GeneratedCrdSchemas;
    const versions = data.versions.map((v) => ({ ...v, schema: data.schemas[v.schema]! }));
    bundle = indexCrdVersions(versions, 'Istio 1.30.3 CRDs');
  }
  return bundle;
}
