import { MeshApp } from '../../src';
import { buildEgressGateway } from './topology';

const app = new MeshApp();
buildEgressGateway(app);
app.synth();
