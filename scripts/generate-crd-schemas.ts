/**
 * `npm run generate`: rewrites each src/analysis/apiserver/*.gen.json from its vendored CRD
 * bundle (Istio, Gateway API). test/analysis/apiserver/generated.test.ts fails when they disagree.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GENERATED_MODULES, renderCrdSchemas } from './crd-schemas';

const root = path.resolve(__dirname, '..');
for (const { bundle, file } of GENERATED_MODULES) {
  const text = renderCrdSchemas(fs.readFileSync(path.join(root, bundle), 'utf8'), bundle);
  fs.writeFileSync(path.join(root, file), text);
  console.log(`wrote ${file} (${text.length} bytes)`);
}
