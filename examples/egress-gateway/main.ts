import { App } from 'cdk8s';
import { buildEgressGateway } from './topology';

const app = new App();
buildEgressGateway(app);
app.synth();
