/**
 * Seed 000 as three chart repos (examples/separate-repos): each app synthesises on its own, the
 * three dist folders checked together are clean, and every seed-000 request is explained exactly
 * as in the single-app version — ownership declared by attributes means the same as by objects.
 * On both APIs: on the Gateway API the ReferenceGrant that lets team 2 route to svc-1 comes from
 * team 1's repo alone, from a grant by identity.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkFiles, explain, ExplainRequest, MeshApp, MeshModel, TrafficApi } from '../src';
import { reposOn } from '../examples/separate-repos/topology';
import { HOSTS } from '../examples/three-teams/topology';
import { buildExample, buildGatewayApiExample } from './support/examples';

const FROM_GW1 = { gateway: 'vamp-test1/gw-1' };
const FROM_GW2 = { gateway: 'vamp-test2/gw-2' };
const FROM_CLIENT = { namespace: 'vamp-test3', labels: { app: 'client' } };
const REQUESTS: ExplainRequest[] = [
  { from: FROM_GW1, host: HOSTS.team1V1, path: '/' },
  { from: FROM_GW1, host: HOSTS.team1V2, path: '/x' },
  { from: FROM_GW2, host: HOSTS.team2, path: '/svc1/orders?page=2' },
  { from: FROM_GW2, host: HOSTS.team2, path: '/svc1' },
  { from: FROM_GW2, host: HOSTS.team2, path: '/svc2/items' },
  { from: FROM_GW2, host: HOSTS.team2, path: '/svc3/x' },
  { from: FROM_GW2, host: 'other.example.com', path: '/' },
  { from: FROM_CLIENT, host: HOSTS.team2, path: '/svc2/x' },
  { from: FROM_CLIENT, host: 'example.org', path: '/' },
];

/** What a request's answer is, without where the objects were read from. */
function answer(model: MeshModel, request: ExplainRequest) {
  const result = explain(model, request);
  return {
    outcome: result.outcome,
    status: result.status,
    destinations: result.destinations.map((d) => ({ host: d.host, subset: d.subset, port: d.port, share: d.share, path: d.path, workloads: d.workloads })),
  };
}

describe.each([TrafficApi.ISTIO, TrafficApi.GATEWAY_API].map((api) => [api.name, api] as const))('on %s', (_name, api) => {
  const outdirs = Object.entries(reposOn(api)).map(([repo, build]) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `separate-${api.name}-${repo}-`));
    const app = new MeshApp({ outdir });
    build(app);
    app.synth();
    return outdir;
  });

  test('each repo writes only its own team', () => {
    expect(outdirs.map((dir) => fs.readdirSync(dir).sort())).toEqual([['vamp-test1.k8s.yaml'], ['vamp-test2.k8s.yaml'], ['vamp-test3.k8s.yaml']]);
  });

  test('check over the three dist folders together finds nothing', () => {
    expect(checkFiles(outdirs)).toEqual([]);
  });


  describe('explain gives the single app\'s answers', () => {
    const single = MeshModel.fromApp(api === TrafficApi.ISTIO ? buildExample('three-teams') : buildGatewayApiExample('three-teams'));
    const split = MeshModel.fromFiles(outdirs);
    test.each(REQUESTS.map((r) => [`${JSON.stringify(r.from)} ${r.host}${r.path}`, r] as const))('%s', (_name, request) => {
      const expected = answer(single, request);
      expect(answer(split, request)).toEqual(expected);
    });

    test('the requests cover routed, rewritten and refused answers (so the comparison means something)', () => {
      const outcomes = REQUESTS.map((r) => answer(single, r));
      expect(new Set(outcomes.map((o) => o.outcome))).toEqual(new Set(['routed', 'no-route', 'no-virtual-host', 'blocked']));
      expect(outcomes[2].destinations).toEqual([expect.objectContaining({ host: 'svc-1.vamp-test1.svc.cluster.local', path: '/orders?page=2' })]);
    });
  });
});

test("on the Gateway API, team 1's repo alone writes the ReferenceGrant that admits team 2's HTTPRoutes to svc-1", () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'separate-grant-'));
  const app = new MeshApp({ outdir });
  reposOn(TrafficApi.GATEWAY_API)['vamp-test1'](app);
  app.synth();
  const grants = MeshModel.fromFiles([outdir]).ofKind('ReferenceGrant');
  expect(grants.map((g) => ({ ns: g.namespace, from: g.spec.from, to: g.spec.to.map((t: any) => t.name) }))).toEqual([
    { ns: 'vamp-test1', from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'vamp-test2' }], to: ['svc-1', 'svc-1-v1', 'svc-1-v2'] },
  ]);
});
