/**
 * The text trace, pinned line by line for a request that exercises most of it.
 */
import { MeshModel } from '../../src/model';
import { explain, formatExplanation } from '../../src/simulate';
import { base, vs } from './topology';

describe('formatExplanation', () => {
  it('prints the request, one line per hop with notes, the outcome and one line per destination', () => {
    const model = MeshModel.fromObjects([
      ...base(),
      vs('site', {
        hosts: ['shop.example.com'], gateways: ['public'],
        http: [{
          name: 'checkout',
          match: [{ uri: { prefix: '/pay' } }, { uri: { prefix: '/checkout' } }],
          rewrite: { uri: '/v2/checkout' },
          timeout: '3s',
          retries: { attempts: 2 },
          fault: { delay: { fixedDelay: '1s', percentage: { value: 5 } } },
          mirror: { host: 'api' },
          route: [{ destination: { host: 'web', subset: 'v1' }, weight: 1 }, { destination: { host: 'web', subset: 'v2' }, weight: 3 }],
        }],
      }),
    ]);
    const text = formatExplanation(explain(model, { from: { gateway: 'shop/public' }, host: 'shop.example.com:80', method: 'post', path: '/checkout/7?x=1' }));
    expect(text.split('\n')).toEqual([
      'POST http://shop.example.com:80/checkout/7?x=1 on port 80 from gateway shop/public',
      'hop 1: gateway Deployment istio-system/istio-ingressgateway :80 host shop.example.com · Gateway shop/public server http-80 HTTP:80 [shop.example.com, *.shop.example.com] · virtual host shop.example.com · VirtualService shop/site http[0] "checkout" match[1] · DestinationRule shop/web · timeout 3s · retries {"attempts":2} · fault delay 1s (5%) · mirror api',
      '    note: 5% of requests are delayed by 1s',
      'outcome: routed',
      '   25.0% → web.shop.svc.cluster.local:80 subset v1 · workloads web-v1 · path /v2/checkout/7?x=1 · authority shop.example.com:80',
      '   75.0% → web.shop.svc.cluster.local:80 subset v2 · workloads web-v2 · path /v2/checkout/7?x=1 · authority shop.example.com:80',
    ]);
  });

  it('prints the status and location of a redirect, and notes of a 404', () => {
    const model = MeshModel.fromObjects([...base(), vs('site', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ redirect: { uri: '/moved', redirectCode: 302 } }] })]);
    expect(formatExplanation(explain(model, { from: { gateway: 'shop/public' }, host: 'shop.example.com', path: '/a' })))
      .toContain('outcome: redirect 302 → http://shop.example.com/moved');
    const missing = formatExplanation(explain(model, { from: { gateway: 'shop/public' }, host: 'other.example.org', path: '/a' }));
    expect(missing).toContain('note: no virtual host matches other.example.org (known: shop.example.com)');
    expect(missing).toContain('outcome: no-virtual-host 404');
  });
});
