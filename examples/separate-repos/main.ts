import * as path from 'path';
import { MeshApp } from '../../src';
import { REPOS } from './topology';

// One app per repo, each written to its own folder, as each repo's CI would do:
// dist/separate-repos/vamp-test1, …; `cdk8s-istio-traffic check` over the three together is clean.
for (const [repo, build] of Object.entries(REPOS)) {
  const app = new MeshApp({ outdir: path.join('dist', 'separate-repos', repo) });
  build(app);
  app.synth();
}
