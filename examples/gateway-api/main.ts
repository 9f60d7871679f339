/**
 * Seed 000's three-team topology on the Kubernetes Gateway API: the same builders as
 * examples/three-teams, with every Team on `TrafficApi.GATEWAY_API`. Writes
 * dist/gateway-api/vamp-test{1,2,3}.k8s.yaml (Gateway, HTTPRoute, ReferenceGrant, one Service per
 * version) and the topology picture beside them:
 *
 *   npx ts-node --transpile-only examples/gateway-api/main.ts
 */
import * as path from 'path';
import { MeshApp, MeshModel, TrafficApi, writeTopologyFiles } from '../../src';
import { buildThreeTeams } from '../three-teams/topology';

const app = new MeshApp({ outdir: path.join('dist', 'gateway-api') });
buildThreeTeams(app, TrafficApi.GATEWAY_API);
app.synth();
writeTopologyFiles(MeshModel.fromApp(app), app.outdir);
