import { App } from 'cdk8s';
import { buildThreeTeams } from './topology';

const app = new App();
buildThreeTeams(app);
app.synth();
