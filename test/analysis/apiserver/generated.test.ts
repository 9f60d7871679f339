/**
 * The committed schema module is exactly what the generator makes of the vendored bundle, so it
 * cannot drift from it (after changing vendor/, run `npm run generate`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { GENERATED_FILE, generateCrdSchemas, ISTIO_BUNDLE, renderCrdSchemas } from '../../../scripts/crd-schemas';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const bundleText = fs.readFileSync(path.join(ROOT, ISTIO_BUNDLE), 'utf8');

describe('generated Istio CRD schemas', () => {
  it('the committed file equals a fresh generation from the vendored bundle', () => {
    const committed = fs.readFileSync(path.join(ROOT, GENERATED_FILE), 'utf8');
    expect(committed === renderCrdSchemas(bundleText, ISTIO_BUNDLE)).toBe(true);
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
