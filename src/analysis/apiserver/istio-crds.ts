/**
 * The Istio 1.30.3 CRDs the API server would have installed, from the generated module (see
 * scripts/crd-schemas.ts): the product never reads the vendored YAML at run time.
 */
import { bundleFromGenerated, type CrdBundle, type GeneratedCrdSchemas } from './crd-types';
import generated from './istio-crds.gen.json';

export type { GeneratedCrdSchemas } from './crd-types';

let bundle: CrdBundle | undefined;

/** The Istio bundle, indexed once per process (versions sharing a schema share the object). */
export function loadIstioBundle(): CrdBundle {
  return (bundle ??= bundleFromGenerated(generated as unknown as GeneratedCrdSchemas, 'Istio 1.30.3 CRDs', 'Istio 1.30.3'));
}
