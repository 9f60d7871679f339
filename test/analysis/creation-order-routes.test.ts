/**
 * CIT126: VirtualServices merged on one gateway host whose rules cover one another depend on
 * the order istiod sorts them in (creation time; in the same second, name then namespace).
 */
import { AnalyzerCase, doc, itReports } from './analyzer-cases';

const vs = (name: string, rules: string[], { host = 'shop.example.com', gateways = 'public', namespace = 'shop' } = {}) => doc(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  hosts: [ ${host} ]
  gateways: [ ${gateways} ]
  http:
${rules.map((r) => `  - ${r}`).join('\n')}
`);
const to = (v: string) => `route: [ { destination: { host: web, subset: ${v} } } ]`;
const prefix = (p: string, v: string) => `{ match: [ { uri: { prefix: ${p} } } ], ${to(v)} }`;
const catchAll = (v: string) => `{ ${to(v)} }`;

const cases: AnalyzerCase[] = [
  { name: 'a prefix of one covers a longer prefix of the other', in: vs('zz-api', [prefix('/api', 'v1')]) + vs('aa-api-v2', [prefix('/api/v2', 'v2')]), valid: false,
    says: 'VirtualServices shop/zz-api and shop/aa-api-v2 are merged on Gateway shop/public for shop.example.com, and http[0] of shop/zz-api covers http[0] of shop/aa-api-v2' },
  { name: 'the name order is named (same second: by name)', in: vs('zz-api', [prefix('/api', 'v1')]) + vs('aa-api-v2', [prefix('/api/v2', 'v2')]), valid: false,
    says: 'by name, so shop/aa-api-v2 first' },
  { name: 'the covering rule may come second', in: vs('a-v2', [prefix('/api/v2', 'v2')]) + vs('b-api', [prefix('/api', 'v1')]), valid: false,
    says: 'http[0] of shop/b-api covers http[0] of shop/a-v2' },
  { name: 'disjoint prefixes do not depend on the order', in: vs('a', [prefix('/a/', 'v1')]) + vs('b', [prefix('/b/', 'v2')]), valid: true },
  { name: "another VirtualService's catch-all goes last whatever the order", in: vs('a', [catchAll('v1')]) + vs('b', [prefix('/orders', 'v2')]), valid: true },
  { name: 'two catch-alls: the first created answers everything', in: vs('b', [catchAll('v1')]) + vs('a', [catchAll('v2')]), valid: false, says: 'shop/a first' },
  { name: 'on different gateways they are not merged', in: vs('a', [prefix('/api', 'v1')]) + vs('b', [prefix('/api/v2', 'v2')], { gateways: 'other' }), valid: true },
  { name: 'for different hosts they are not merged', in: vs('a', [prefix('/api', 'v1')]) + vs('b', [prefix('/api/v2', 'v2')], { host: 'api.example.com' }), valid: true },
  { name: 'rules within one VirtualService are ordered by its author (CIT120 judges them)', in: vs('one', [prefix('/api', 'v1'), prefix('/api/v2', 'v2')]), valid: true },
  { name: 'mesh VirtualServices are not merged on a gateway', in: vs('a', [prefix('/api', 'v1')], { gateways: 'mesh', host: 'web' }) + vs('b', [prefix('/api/v2', 'v2')], { gateways: 'mesh', host: 'web' }), valid: true },
];

describe('CIT126 RoutesDependOnCreationOrder', () => {
  itReports('CIT126', cases);
});
