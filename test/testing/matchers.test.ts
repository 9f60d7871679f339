/**
 * The jest matchers, used the way a team's chart tests would: on a cdk8s Chart or App, on
 * `Testing.synth(chart)`, or on a MeshModel built with an environment.
 */
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { MeshModel } from '../../src/model';
import { istioMatchers, meshModelOf } from '../../src/testing';
import { ExplainRequest } from '../../src/simulate';
import { Destination } from '../../src/routing';
import { base, vs } from '../simulate/topology';

expect.extend(istioMatchers);

/** A chart holding plain manifests, as a team would write with ApiObject or constructs. */
function shopChart(scope: App, extra: any[] = []): Chart {
  const chart = new Chart(scope, 'shop');
  [...base(), ...extra].forEach((manifest, i) => new ApiObject(chart, `m${i}`, manifest));
  return chart;
}

const routes = vs('site', {
  hosts: ['shop.example.com'], gateways: ['public'],
  http: [
    { match: [{ uri: { prefix: '/old' } }], redirect: { uri: '/new' } },
    { match: [{ uri: { prefix: '/canary' } }], route: [{ destination: { host: 'web', subset: 'v1' }, weight: 90 }, { destination: { host: 'web', subset: 'v2' }, weight: 10 }] },
    { route: [{ destination: { host: 'web', subset: 'v2' } }] },
  ],
});
const fromGateway = (p: string): ExplainRequest => ({ from: { gateway: 'shop/public' }, host: 'shop.example.com', path: p });
const WEB = 'web.shop.svc.cluster.local';

describe('istioMatchers', () => {
  const chart = shopChart(Testing.app(), [routes]);

  it('toRoute on a Chart', () => {
    expect(chart).toRoute(fromGateway('/'), { host: WEB, subset: 'v2' });
    expect(chart).toRoute(fromGateway('/'), { host: WEB, subset: 'v2', port: 80 });
    expect(chart).toRoute(fromGateway('/'), { host: WEB });
    expect(chart).not.toRoute(fromGateway('/'), { host: WEB, subset: 'v1' });
    expect(chart).not.toRoute(fromGateway('/canary'), { host: WEB, subset: 'v1' }); // only 90%
  });

  it('accepts the Destination objects of the routing API', () => {
    expect(chart).toRoute(fromGateway('/'), Destination.host(WEB, { subset: 'v2' }));
  });

  it('toRoute on an App, on Testing.synth output and on a MeshModel', () => {
    const app = Testing.app();
    shopChart(app, [routes]);
    expect(app).toRoute(fromGateway('/'), { host: WEB, subset: 'v2' });
    const manifests = Testing.synth(chart);
    expect(manifests).toRoute(fromGateway('/'), { host: WEB, subset: 'v2' });
    expect(MeshModel.fromObjects(manifests)).toRoute(fromGateway('/'), { host: WEB, subset: 'v2' });
  });

  it('toSplit checks every share and rejects unexpected destinations', () => {
    expect(chart).toSplit(fromGateway('/canary'), [[{ host: WEB, subset: 'v1' }, 0.9], [{ host: WEB, subset: 'v2' }, 0.1]]);
    expect(chart).not.toSplit(fromGateway('/canary'), [[{ host: WEB, subset: 'v1' }, 0.8], [{ host: WEB, subset: 'v2' }, 0.2]]);
    expect(chart).not.toSplit(fromGateway('/canary'), [[{ host: WEB, subset: 'v1' }, 0.9]]);
  });

  it('toRespond for redirect, 404 and 502', () => {
    expect(chart).toRespond(fromGateway('/old/x'), 301);
    expect(chart).toRespond({ ...fromGateway('/'), host: 'nobody.example.org' }, 404);
    expect(chart).not.toRespond(fromGateway('/'), 200);
    const registryOnly = MeshModel.fromObjects(Testing.synth(chart), { outboundTrafficPolicy: 'REGISTRY_ONLY' });
    expect(registryOnly).toRespond({ from: { namespace: 'shop' }, host: 'api.github.com', path: '/' }, 502);
  });

  it('resolves a short destination host in the namespace of a workload caller', () => {
    expect(chart).toRoute({ from: { namespace: 'shop', labels: { app: 'frontend' } }, host: 'web', path: '/' }, { host: 'web' });
  });

  it('refuses a short destination host for a gateway caller, naming the fix', () => {
    expect(() => expect(chart).toRoute(fromGateway('/'), { host: 'web' })).toThrow(/web\.<namespace>\.svc\.cluster\.local/);
  });

  it('prints the formatted trace when toRoute fails', () => {
    let message = '';
    try {
      expect(chart).toRoute(fromGateway('/canary'), { host: WEB, subset: 'v1' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('expected request to be routed entirely (100%) to web.shop.svc.cluster.local subset v1');
    expect(message).toContain('got 90.0% there');
    expect(message).toContain('hop 1: gateway Deployment istio-system/istio-ingressgateway');
    expect(message).toContain('10.0% → web.shop.svc.cluster.local:80 subset v2');
  });

  it('prints the problems and the trace when toSplit fails', () => {
    expect(() => expect(chart).toSplit(fromGateway('/canary'), [[{ host: WEB, subset: 'v1' }, 0.5], [{ host: WEB, subset: 'v2' }, 0.5]]))
      .toThrow(/web\.shop\.svc\.cluster\.local subset v1: expected 50\.0%, got 90\.0%[\s\S]*hop 1/);
  });

  it('prints the outcome when toRespond fails', () => {
    expect(() => expect(chart).toRespond(fromGateway('/'), 404)).toThrow(/got routed[\s\S]*outcome: routed/);
  });

  it('lets request errors through as IstioTrafficError', () => {
    expect(() => expect(chart).toRoute({ ...fromGateway('nope') }, { host: WEB })).toThrow(/CIT210/);
  });

  it('works on a YAML fixture through MeshModel.fromFiles', () => {
    const model = MeshModel.fromFiles([path.join(__dirname, '..', 'fixtures', 'explain', 'seed-002-cookie.yaml')]);
    const jason: ExplainRequest = { from: { namespace: 'default', labels: { app: 'productpage' } }, host: 'reviews', port: 9080, path: '/', cookies: { user: 'jason' } };
    expect(model).toRoute(jason, { host: 'reviews', subset: 'v2' });
    expect(model).toRoute({ ...jason, cookies: { user: 'jasonx' } }, { host: 'reviews', subset: 'v1' });
  });

  it('rejects a subject it cannot read', () => {
    expect(() => meshModelOf(42)).toThrow(/cdk8s App or Chart, a manifest array/);
  });
});
