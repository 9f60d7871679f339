import { MeshApp, MeshModel, writeTopologyFiles } from '../../src';
import { buildThreeTeams } from './topology';

const app = new MeshApp();
buildThreeTeams(app);
app.synth();
// The picture of what was just synthesised: dist/topology.md (Mermaid) and dist/topology.svg.
writeTopologyFiles(MeshModel.fromApp(app), app.outdir);
