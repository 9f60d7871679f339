/**
 * Bad requests are caller errors (IstioTrafficError CIT200–CIT249) that name the value and the fix;
 * configuration outcomes are never thrown.
 */
import { IstioTrafficError } from '../../src/errors';
import { MeshModel } from '../../src/model';
import { explain, ExplainRequest } from '../../src/simulate';
import { base, deployment, vs } from './topology';

const model = MeshModel.fromObjects([
  ...base(),
  vs('site', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ match: [{ uri: { regex: '(?=x)' } }], route: [{ destination: { host: 'web' } }] }] }),
  { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'orphan', namespace: 'shop' }, spec: { selector: { istio: 'nothing-here' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } },
  deployment('lonely', 'shop', { app: 'lonely' }),
]);

function errorOf(request: Partial<ExplainRequest>): IstioTrafficError {
  try {
    explain(model, { from: { gateway: 'shop/public' }, host: 'shop.example.com', path: '/', ...request } as ExplainRequest);
  } catch (error) {
    expect(error).toBeInstanceOf(IstioTrafficError);
    return error as IstioTrafficError;
  }
  throw new Error('expected an IstioTrafficError');
}

describe('request errors', () => {
  it.each([
    ['unknown gateway', { from: { gateway: 'shop/nope' } }, 'CIT200', '"shop/nope"', 'shop/public'],
    ['gateway not written ns/name', { from: { gateway: 'public' } }, 'CIT201', '"public"', 'namespace and name'],
    ['gateway selecting no pods', { from: { gateway: 'shop/orphan' } }, 'CIT202', 'nothing-here', 'selector'],
    ['source that is neither', { from: { name: 'x' } as any }, 'CIT203', '{"name":"x"}', 'namespace'],
    ['path without leading slash', { path: 'orders' }, 'CIT210', '"orders"', '"/orders"'],
    ['port 0', { port: 0 }, 'CIT211', '0', '1 to 65535'],
    ['port 70000', { port: 70000 }, 'CIT211', '70000', '1 to 65535'],
    ['port 80.5', { port: 80.5 }, 'CIT211', '80.5', 'integer'],
    ['empty host', { host: '' }, 'CIT212', '""', 'Host'],
    ['header name with a space', { headers: { 'x user': 'a' } }, 'CIT213', 'x user', 'headers'],
    ['cookie value with ";"', { cookies: { user: 'a;b' } }, 'CIT215', 'a;b', 'cookies'],
    ['unknown scheme', { scheme: 'ftp' }, 'CIT216', '"ftp"', 'https'],
  ])('%s', (_name, request, code, received, fixMentions) => {
    const error = errorOf(request as Partial<ExplainRequest>);
    expect(error.code).toBe(code);
    expect(error.message).toContain(received);
    expect(error.message).toContain(fixMentions);
    expect(error.message).toMatch(/Fix: /);
  });

  it('an invalid RE2 regex in a VirtualService is reported with where it is (CIT230)', () => {
    const error = errorOf({});
    expect(error.code).toBe('CIT230');
    expect(error.where).toBe('VirtualService shop/site http[0].match[0].uri.regex');
    expect(error.received).toBe('"(?=x)"');
  });

  it('a gateway workload can be named instead of a Gateway', () => {
    const clean = MeshModel.fromObjects([...base(), vs('site', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ route: [{ destination: { host: 'web' } }] }] })]);
    const result = explain(clean, { from: { gateway: 'istio-system/istio-ingressgateway' }, host: 'shop.example.com', path: '/' });
    expect(result.outcome).toBe('routed');
    expect(result.hops[0].gateway).toBe('shop/public');
  });

  it('a plain workload named as a gateway is unknown', () => {
    expect(errorOf({ from: { gateway: 'shop/lonely' } }).code).toBe('CIT200');
  });
});
