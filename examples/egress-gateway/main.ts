import { MeshApp } from '../../src/synth';
import { buildEgressGateway } from './topology';

const app = new MeshApp();
buildEgressGateway(app);
app.synth();
