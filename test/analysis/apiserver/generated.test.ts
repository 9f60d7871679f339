/**
 * The committed schema modules are exactly what the generator makes of the vendored bundles, so
 * they cannot drift from them (after changing vendor/, run `npm run generate`).
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  GATEWAY_API_BUNDLE, GATEWAY_API_GENERATED_FILE, GENERATED_FILE, GENERATED_MODULES, generateCrdSchemas, ISTIO_BUNDLE, renderCrdSchemas,
} from '../../../scripts/crd-schemas';
import { GATEWAY_API_CRD_GROUPS } from '../../../src/analysis/apiserver/installed-crds';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const bundleText = fs.readFileSync(path.join(ROOT, ISTIO_BUNDLE), 'utf8');
const gatewayApiText = fs.readFileSync(path.join(ROOT, GATEWAY_API_BUNDLE), 'utf8');

describe('generated Istio CRD schemas', () => {
  it('the committed file equals a fresh generation from the vendored bundle', () => {
    const committed = fs.readFileSync(path.join(ROOT, GENERATED_FILE), 'utf8');
    expect(committed === renderCrdSchemas(bundleText, ISTIO_BUNDLE)).toBe(true);
  });

  it('npm run generate writes one module per vendored bundle', () => {
    expect(GENERATED_MODULES).toEqual([
      { bundle: ISTIO_BUNDLE, file: GENERATED_FILE },
      { bundle: GATEWAY_API_BUNDLE, file: GATEWAY_API_GENERATED_FILE },
    ]);
  });

  it('keeps every served version of the four Istio groups and strips descriptions only', () => {
    const generated = generateCrdSchemas(bundleText, ISTIO_BUNDLE);
    expect([...new Set(generated.versions.map((v) => v.group))].sort()).toEqual([
      'extensions.istio.io', 'networking.istio.io', 'security.istio.io', 'telemetry.istio.io',
    ]);
    expect(generated.versions.filter((v) => v.kind === 'VirtualService').map((v) => v.version)).toEqual(['v1', 'v1alpha3', 'v1beta1']);
    const json = JSON.stringify(generated.schemas);
    expect(json).not.toMatch(/"description":"/);
    expect(json).toContain('"x-kubernetes-validations"');
    // v1, v1beta1 and v1alpha3 of VirtualService serve one schema, stored once.
    const vsSchemas = new Set(generated.versions.filter((v) => v.kind === 'VirtualService').map((v) => v.schema));
    expect(vsSchemas.size).toBe(1);
  });

  it('does not mistake a field named "description" for the keyword', () => {
    const { schemas } = generateCrdSchemas(`
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: notes.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Note, plural: notes }
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        description: a note
        properties:
          description: { type: string, description: the text }
  - name: v0
    served: false
    storage: false
    schema: { openAPIV3Schema: { type: object } }
`, 'inline');
    expect(schemas).toEqual([{ type: 'object', properties: { description: { type: 'string' } } }]);
  });
});

describe('generated Gateway API CRD schemas', () => {
  const generated = generateCrdSchemas(gatewayApiText, GATEWAY_API_BUNDLE);

  it('the committed file equals a fresh generation from the vendored v1.5.1 standard install', () => {
    const committed = fs.readFileSync(path.join(ROOT, GATEWAY_API_GENERATED_FILE), 'utf8');
    expect(committed === renderCrdSchemas(gatewayApiText, GATEWAY_API_BUNDLE)).toBe(true);
  });

  it('keeps the served versions only: TLSRoute v1alpha2/v1alpha3 and BackendTLSPolicy v1alpha3 are not served in 1.5.1', () => {
    expect(generated.versions.map((v) => `${v.kind}/${v.version}`)).toEqual([
      'GatewayClass/v1', 'GatewayClass/v1beta1', 'Gateway/v1', 'Gateway/v1beta1', 'HTTPRoute/v1', 'HTTPRoute/v1beta1',
      'GRPCRoute/v1', 'ReferenceGrant/v1', 'ReferenceGrant/v1beta1', 'BackendTLSPolicy/v1', 'ListenerSet/v1', 'TLSRoute/v1',
    ]);
  });

  it('is in the groups installed-crds.ts routes to it without loading it', () => {
    expect([...new Set(generated.versions.map((v) => v.group))]).toEqual([...GATEWAY_API_CRD_GROUPS]);
  });

  it('stores the schema v1 and v1beta1 share once and strips descriptions', () => {
    const schemaOf = (kind: string, version: string) => generated.versions.find((v) => v.kind === kind && v.version === version)!.schema;
    for (const kind of ['GatewayClass', 'Gateway', 'HTTPRoute', 'ReferenceGrant']) expect(schemaOf(kind, 'v1beta1')).toBe(schemaOf(kind, 'v1'));
    expect(generated.schemas).toHaveLength(8);
    expect(JSON.stringify(generated.schemas)).not.toMatch(/"description":"/);
  });
});
