import { MeshApp } from '../../src';
import { buildCookieRouting } from './topology';

const app = new MeshApp();
buildCookieRouting(app);
app.synth();
