/**
 * The Gateway API v1.5.1 standard-channel CRDs (the version Istio 1.30.3 implements), from the
 * generated module (see scripts/crd-schemas.ts): the product never reads the vendored YAML.
 * Only installed-crds.ts loads this module, and only on the first Gateway API object, so that
 * checking an Istio-only manifest never parses its schemas.
 */
import { bundleFromGenerated, type CrdBundle, type GeneratedCrdSchemas } from './crd-types';
import generated from './gateway-api-crds.gen.json';

let bundle: CrdBundle | undefined;

/** The Gateway API bundle, indexed once per process. */
export function gatewayApiBundle(): CrdBundle {
  return (bundle ??= bundleFromGenerated(generated as unknown as GeneratedCrdSchemas, 'Gateway API v1.5.1 standard CRDs', 'Gateway API v1.5.1'));
}
