import { MeshApp } from '../../src/synth';
import { buildThreeTeams } from './topology';

const app = new MeshApp();
buildThreeTeams(app);
app.synth();
