/**
 * The matchers answer "does this request work?", authorization and mTLS included, on the
 * three-teams example (examples/three-teams): default deny in every namespace, ALLOW policies
 * derived from the routes (svc-1 admits gw-1 and gw-2), STRICT mTLS.
 */
import { Testing } from 'cdk8s';
import { TeamGateway } from '../../src';
import { MeshModel } from '../../src/model';
import { istioMatchers } from '../../src/testing';
import { buildThreeTeams, HOSTS } from '../../examples/three-teams/topology';

expect.extend(istioMatchers);

const app = Testing.app();
const { team2, svc1 } = buildThreeTeams(app);
const gw2 = team2.node.findAll().find((c): c is TeamGateway => c instanceof TeamGateway)!;
const viaGw2 = { from: gw2, host: HOSTS.team2, path: '/svc1/orders' };

test('gw-2 → svc-1 is routed and allowed: svc-1 admits the principal of gw-2', () => {
  expect(app).toRoute(viaGw2, svc1.destination());
  expect(app).toBeAllowed(viaGw2);
  expect(app).not.toBeDenied(viaGw2);
});

test('`from` takes the TeamGateway, its ns/name text, or the Gateway source alike', () => {
  expect(app).toRoute({ ...viaGw2, from: 'vamp-test2/gw-2' }, svc1.destination());
  expect(app).toRoute({ ...viaGw2, from: { gateway: 'vamp-test2/gw-2' } }, svc1.destination());
});

test("a version of svc-1 calling svc-1 is denied: svc-1's ALLOW policy admits only the gateways", () => {
  const request = { from: svc1.subset('v1'), host: 'svc-1', path: '/' };
  expect(app).toBeDenied(request, 'no ALLOW policy matched');
  expect(app).not.toBeAllowed(request);
  expect(app).toRespond(request, 403);
  expect(app).not.toRoute(request, svc1.destination());
});

test('toRoute fails on a denied request and names the policy', () => {
  const result = istioMatchers.toRoute.call({}, app, { from: 'vamp-test1:app=svc-1,version=v2', host: 'svc-1', path: '/' }, svc1.destination());
  expect(result.pass).toBe(false);
  expect(result.message()).toContain('got denied 403 by no ALLOW policy matched at Deployment vamp-test1/svc-1-v1');
  expect(result.message()).toContain('AuthorizationPolicy vamp-test1/svc-1 (no rule matches)');
});

test("a vamp-test3 workload calling svc-1 directly: its Sidecar blocks it (502); without that Sidecar svc-1's policy denies it", () => {
  const request = { from: 'vamp-test3:app=client', host: svc1.host, path: '/' };
  expect(app).toRespond(request, 502);
  const manifests = app.charts.flatMap((c) => c.toJson()).filter((o: any) => !(o.kind === 'Sidecar' && o.metadata.namespace === 'vamp-test3'));
  const model = MeshModel.fromObjects(manifests);
  expect(model).toBeDenied(request, 'no ALLOW policy matched');
  expect(model).not.toRoute(request, svc1.destination());
});

test('toBeDenied with a policy name checks which policy decided', () => {
  const request = { from: svc1.subset('v2'), host: 'svc-1', path: '/' };
  expect(app).not.toBeDenied(request, 'vamp-test1/other-policy');
});
