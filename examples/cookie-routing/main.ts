import { App } from 'cdk8s';
import { buildCookieRouting } from './topology';

const app = new App();
buildCookieRouting(app);
app.synth();
