/**
 * A VersionedService runs real apps: each version's Deployment is a cdk8s-plus-27 Deployment
 * built from the team's container options over the hardened defaults, reachable for further
 * customisation; and a version without an image is traffic-only (pods deployed elsewhere).
 */
import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { CanaryRoute, HttpAction, Team, TeamGateway, VersionedService } from '../../src';
import { check } from '../../src/analysis';
import { MeshModel } from '../../src/model';
import { formatViolation, validateManifest } from '../../src/analysis/apiserver/validate';

const find = (objects: any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

function shop(configure: (team: Team) => VersionedService) {
  const app = Testing.app();
  const team = new Team(app, 'shop', { namespace: 'shop' });
  const service = configure(team);
  const gw = new TeamGateway(team, 'edge', { servers: [{ port: 80, hosts: ['shop.example.com'] }] });
  new CanaryRoute(team, 'public', { hosts: ['shop.example.com'], gateways: [gw], http: [{ action: HttpAction.to(service.destination()) }] });
  const objects = Testing.synth(team);
  return { app, team, service, objects };
}

function expectValid(objects: any[]): void {
  expect(check(MeshModel.fromObjects(objects)).filter((f) => f.severity === 'error')).toEqual([]);
  const result = validateManifest(objects);
  expect(result.violations.map(formatViolation)).toEqual([]);
}

test('a version with env, probes, resources and a volume synthesises to a Deployment carrying them, still hardened', () => {
  const { objects } = shop((team) => {
    const config = new kplus.ConfigMap(team, 'config', { metadata: { name: 'cart-config' }, data: { 'app.yaml': 'x: 1' } });
    return new VersionedService(team, 'cart', {
      ports: [{ port: 80, targetPort: 8080 }],
      versions: [{
        name: 'v1',
        image: 'registry.example.com/cart:1.4.0',
        volumes: [kplus.Volume.fromConfigMap(team, 'config-volume', config, { name: 'config' })],
        container: {
          envVariables: { LOG_LEVEL: kplus.EnvValue.fromValue('debug') },
          readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080, periodSeconds: Duration.seconds(5) }),
          liveness: kplus.Probe.fromHttpGet('/live', { port: 8080 }),
          resources: { cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.millis(1000) }, memory: { request: Size.mebibytes(256), limit: Size.mebibytes(1024) } },
          args: ['--config', '/etc/cart/app.yaml'],
        },
      }],
    });
  });
  const deployment = find(objects, 'Deployment', 'cart-v1');
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;
  expect(container.env).toEqual([{ name: 'LOG_LEVEL', value: 'debug' }]);
  expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 8080, scheme: 'HTTP' });
  expect(container.livenessProbe.httpGet.path).toBe('/live');
  expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1000m', memory: '1024Mi' } });
  expect(container.args).toEqual(['--config', '/etc/cart/app.yaml']);
  expect(container.ports).toEqual([{ containerPort: 8080 }]);
  expect(pod.volumes.map((v: any) => v.name).sort()).toEqual(['config', 'tmp']);
  expect(container.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
  // The hardened defaults stay under the team's options.
  expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1000 });
  expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  expect(pod.automountServiceAccountToken).toBe(false);
  expect(pod.serviceAccountName).toBe('cart');
  expect(deployment.spec.template.metadata.labels).toEqual({ app: 'cart', version: 'v1' });
  expectValid(objects);
});

test('the version\'s kplus.Deployment is reachable: scheduling without JSON patches', () => {
  const { objects } = shop((team) => {
    const cart = new VersionedService(team, 'cart', { versions: [{ name: 'v1', image: 'cart:1' }] });
    cart.deploymentOf('v1').scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('pool', 'shop')));
    return cart;
  });
  expect(find(objects, 'Deployment', 'cart-v1').spec.template.spec.affinity.nodeAffinity).toBeDefined();
  expectValid(objects);
});

test('insecure choices in the container options are still refused', () => {
  const team = new Team(Testing.app(), 'shop', { namespace: 'shop' });
  expect(() => new VersionedService(team, 'cart', { versions: [{ name: 'v1', image: 'cart:1', container: { securityContext: { user: 1337 } } }] }))
    .toThrow(/CIT019 shop\/cart\.versions\[0\]\.container\.securityContext\.user: UID 1337/);
  expect(() => new VersionedService(team, 'root', { versions: [{ name: 'v1', image: 'root:1', container: { securityContext: { user: 0 } } }] })).toThrow(/CIT019/);
});

test('a writable root filesystem, when asked for, needs no /tmp volume', () => {
  const { objects } = shop((team) => new VersionedService(team, 'cart', {
    versions: [{ name: 'v1', image: 'cart:1', container: { securityContext: { readOnlyRootFilesystem: false } } }],
  }));
  const pod = find(objects, 'Deployment', 'cart-v1').spec.template.spec;
  expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
  expect(pod.volumes).toBeUndefined();
});

describe('traffic-only versions (pods deployed by Helm, Argo CD or another repo)', () => {
  const { objects, service } = shop((team) => new VersionedService(team, 'reviews', {
    selector: { 'app.kubernetes.io/name': 'reviews' },
    serviceAccountName: 'reviews-helm',
    versions: [
      { name: 'stable', podLabels: { 'app.kubernetes.io/version': '1.8.0' } },
      { name: 'canary', podLabels: { 'app.kubernetes.io/version': '1.9.0' } },
    ],
  }));

  test('no Deployment and no ServiceAccount are written; the Service selects the given labels', () => {
    // The only Deployment is the gateway's.
    expect(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual(['edge']);
    expect(find(objects, 'ServiceAccount', 'reviews-helm')).toBeUndefined();
    expect(find(objects, 'Service', 'reviews').spec.selector).toEqual({ 'app.kubernetes.io/name': 'reviews' });
  });

  test('subsets use the pods\' labels; the policy selects them and admits the route\'s gateway', () => {
    expect(find(objects, 'DestinationRule', 'reviews').spec.subsets).toEqual([
      { name: 'stable', labels: { 'app.kubernetes.io/version': '1.8.0' } },
      { name: 'canary', labels: { 'app.kubernetes.io/version': '1.9.0' } },
    ]);
    const policy = find(objects, 'AuthorizationPolicy', 'reviews').spec;
    expect(policy.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'reviews' } });
    expect(policy.rules).toEqual([{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/edge'] } }] }]);
  });

  test('its identity, for other services\' grants, is the given ServiceAccount', () => {
    expect(service.callerIdentity.principal).toBe('cluster.local/ns/shop/sa/reviews-helm');
  });

  test('check and the CRD schemas pass', () => expectValid(objects));

  test('options that only a Deployment has are refused on a traffic-only version', () => {
    const team = new Team(Testing.app(), 'x', { namespace: 'x' });
    expect(() => new VersionedService(team, 'web', { versions: [{ name: 'v1', replicas: 3 }] })).toThrow(/CIT014 x\/web\.versions\[0\]\.replicas: a traffic-only version \(no image\) has no Deployment/);
    const web = new VersionedService(team, 'web2', { versions: [{ name: 'v1' }] });
    expect(() => web.deploymentOf('v1')).toThrow(/CIT002 .*version v1 is traffic-only/);
  });
});
