/**
 * The README's "Istio APIs or Gateway API" excerpts are what the constructs synthesise for seed
 * 000 — the VirtualService on Istio's APIs, the HTTPRoute and ReferenceGrant on the Gateway API —
 * so the documented mapping cannot drift from the code.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { TrafficApi } from '../../src';
import { buildThreeTeams } from '../../examples/three-teams/topology';
import { synthObjects } from '../support/examples';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const start = README.indexOf('## Istio APIs or Gateway API');
const section = README.slice(start, README.indexOf('\n## ', start + 1));
const excerpts = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].flatMap((m) => parseAllDocuments(m[1]).map((d) => d.toJS()));

function synthesised(api: TrafficApi): any[] {
  const app = Testing.app();
  buildThreeTeams(app, api);
  return synthObjects(app);
}

const byApi = { istio: synthesised(TrafficApi.ISTIO), gatewayApi: synthesised(TrafficApi.GATEWAY_API) };

test('the section shows the VirtualService, the HTTPRoute and the ReferenceGrant', () => {
  expect(excerpts.map((e) => e.kind)).toEqual(['VirtualService', 'HTTPRoute', 'ReferenceGrant']);
});

test.each(excerpts.map((e) => [`${e.kind} ${e.metadata.namespace}/${e.metadata.name}`, e]))('%s is what the constructs write', (_name, excerpt) => {
  const objects = excerpt.apiVersion.startsWith('gateway.networking.k8s.io') ? byApi.gatewayApi : byApi.istio;
  const object = objects.find((o) => o.apiVersion === excerpt.apiVersion && o.kind === excerpt.kind
    && o.metadata.name === excerpt.metadata.name && o.metadata.namespace === excerpt.metadata.namespace);
  expect(object).toBeDefined();
  expect(object.spec).toEqual(excerpt.spec);
});
