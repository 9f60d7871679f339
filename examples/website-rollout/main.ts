import { MeshApp } from '../../src';
import { buildWebsiteRollout } from './topology';

// ROLLOUT_STEP picks the rollout state (0 = 90/10, 1 = 75/25, 2 = 50/50, 3 = all on version-2).
const app = new MeshApp();
buildWebsiteRollout(app, Number(process.env.ROLLOUT_STEP ?? 0));
app.synth();
