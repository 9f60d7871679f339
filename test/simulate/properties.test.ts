/**
 * Properties over generated requests (fast-check, fixed seed): the simulator is deterministic,
 * routed shares add up to 1, only routed outcomes carry destinations, and cached answers equal
 * fresh ones (a new model has a new index).
 */
import * as fc from 'fast-check';
import { MeshModel } from '../../src/model';
import { explain, ExplainRequest } from '../../src/simulate';
import { base, vs } from './topology';

const objects = [
  ...base(),
  vs('site', {
    hosts: ['shop.example.com', '*.shop.example.com'], gateways: ['public', 'mesh'],
    http: [
      { match: [{ headers: { cookie: { regex: '^(.*?;)?(user=jason)(;.*)?$' } } }], route: [{ destination: { host: 'web', subset: 'v2' } }] },
      { match: [{ uri: { prefix: '/api' }, ignoreUriCase: true }], rewrite: { uri: '/' }, route: [{ destination: { host: 'api', port: { number: 8080 } } }] },
      { match: [{ uri: { regex: '/items/[0-9]+' } }, { queryParams: { beta: {} } }], route: [{ destination: { host: 'web', subset: 'v1' }, weight: 1 }, { destination: { host: 'web', subset: 'v2' }, weight: 2 }] },
      { match: [{ uri: { exact: '/old' } }], redirect: { uri: '/new' } },
      { match: [{ uri: { prefix: '/teapot' } }], fault: { abort: { httpStatus: 418 } }, route: [{ destination: { host: 'web' } }] },
    ],
  }),
];

const segment = fc.constantFrom('api', 'API', 'items', '12', 'old', 'teapot', 'x', '');
const request: fc.Arbitrary<ExplainRequest> = fc.record({
  from: fc.constantFrom<ExplainRequest['from']>({ gateway: 'shop/public' }, { namespace: 'shop', labels: { app: 'frontend' } }),
  host: fc.constantFrom('shop.example.com', 'a.shop.example.com', 'nope.example.org', 'web', 'shop.example.com:80'),
  path: fc.tuple(fc.array(segment, { maxLength: 4 }), fc.constantFrom('', '?beta', '?a=1')).map(([parts, q]) => `/${parts.join('/')}${q}`),
  cookies: fc.option(fc.constantFrom({ user: 'jason' }, { user: 'jasonx' }), { nil: undefined }),
});

describe('explain properties', () => {
  const model = MeshModel.fromObjects(objects);

  it('is deterministic, shares sum to 1, only routed outcomes have destinations', () => {
    fc.assert(fc.property(request, (r) => {
      const first = explain(model, r);
      const again = explain(model, r);
      const fresh = explain(MeshModel.fromObjects(objects), r);
      expect(again).toEqual(first);
      expect(fresh).toEqual(first);
      if (first.outcome === 'routed') {
        expect(first.destinations.reduce((s, d) => s + d.share, 0)).toBeCloseTo(1, 12);
        for (const d of first.destinations) expect(d.share).toBeGreaterThan(0);
      } else {
        expect(first.destinations).toEqual([]);
      }
      expect(first.hops.length).toBeGreaterThan(0);
    }), { seed: 4242, numRuns: Number(process.env.FUZZ_RUNS ?? 300) });
  });
});
