import { MeshApp } from '../../src/synth';
import { buildCookieRouting } from './topology';

const app = new MeshApp();
buildCookieRouting(app);
app.synth();
