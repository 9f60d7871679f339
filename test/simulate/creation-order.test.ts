/**
 * VirtualServices merged into one gateway virtual host are tried in creation order, and objects
 * created in the same second by name (istiod push_context.go sortConfigByCreationTime). Manifests
 * have no creation time: explain takes their order and, when another merged VirtualService also
 * matches the request, says that the answer rests on that order.
 */
import { MeshModel } from '../../src/model';
import { explain } from '../../src/simulate';
import { base, vs, web } from './topology';

const prefix = (p: string) => ({ uri: { prefix: p } });
const explainPath = (objects: any[], path: string) =>
  explain(MeshModel.fromObjects([...base(), ...objects]), { from: { gateway: 'shop/public' }, host: 'shop.example.com', path });
const orderNotes = (result: ReturnType<typeof explain>) => result.hops.flatMap((h) => h.notes).filter((n) => n.includes('creation order'));

const overlapping = [
  vs('zz-api', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ match: [prefix('/api')], route: [web('v1')] }] }),
  vs('aa-api-v2', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ match: [prefix('/api/v2')], route: [web('v2')] }] }),
];

test('two merged VirtualServices match: the answer follows the manifests, and the note names the other one and the name order', () => {
  const result = explainPath(overlapping, '/api/v2/orders');
  expect(result.hops[0].virtualService).toBe('shop/zz-api');
  expect(orderNotes(result)).toEqual([
    expect.stringMatching(/^VirtualService shop\/aa-api-v2 http\[0\] matches this request too: .*by name, so shop\/aa-api-v2 first.*shop\/zz-api first/),
  ]);
});

test('a request only one of them matches carries no note', () => {
  expect(orderNotes(explainPath(overlapping, '/api/v1/orders'))).toEqual([]);
});

test("another VirtualService's catch-all does not make the answer order-dependent: catch-alls always go last", () => {
  const objects = [
    vs('a-catch-all', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ route: [web('v1')] }] }),
    vs('b-orders', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ match: [prefix('/orders')], route: [web('v2')] }] }),
  ];
  const result = explainPath(objects, '/orders/7');
  expect(result.hops[0].virtualService).toBe('shop/b-orders');
  expect(orderNotes(result)).toEqual([]);
});

test('two catch-alls are order-dependent', () => {
  const objects = [
    vs('b-first', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ route: [web('v1')] }] }),
    vs('a-second', { hosts: ['shop.example.com'], gateways: ['public'], http: [{ route: [web('v2')] }] }),
  ];
  expect(orderNotes(explainPath(objects, '/x'))).toEqual([expect.stringContaining('VirtualService shop/a-second http[0] matches this request too')]);
});

test('rules of one VirtualService are ordered by the author, not by creation: no note', () => {
  const objects = [vs('one', { hosts: ['shop.example.com'], gateways: ['public'], http: [
    { match: [prefix('/api')], route: [web('v1')] }, { match: [prefix('/api/v2')], route: [web('v2')] }] })];
  expect(orderNotes(explainPath(objects, '/api/v2'))).toEqual([]);
});
