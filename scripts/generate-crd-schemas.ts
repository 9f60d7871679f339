/**
 * `npm run generate`: rewrites src/analysis/apiserver/istio-crds.gen.json from the vendored
 * Istio CRD bundle. test/analysis/apiserver/generated.test.ts fails when the two disagree.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GENERATED_FILE, ISTIO_BUNDLE, renderCrdSchemas } from './crd-schemas';

const root = path.resolve(__dirname, '..');
const text = renderCrdSchemas(fs.readFileSync(path.join(root, ISTIO_BUNDLE), 'utf8'), ISTIO_BUNDLE);
fs.writeFileSync(path.join(root, GENERATED_FILE), text);
console.log(`wrote ${GENERATED_FILE} (${text.length} bytes)`);
