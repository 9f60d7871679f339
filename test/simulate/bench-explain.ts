/**
 * Sanity measurement (not a jest test, no timing assertions): explain() throughput on a
 * 1,000-team topology (one Gateway, VirtualService, DestinationRule, Service and two Deployments
 * per team) after the model is built.
 *   npx ts-node --transpile-only test/simulate/bench-explain.ts
 */
import { MeshModel } from '../../src/model';
import { explain, ExplainRequest } from '../../src/simulate';
const objs: any[] = [];
const N = 1000;
for (let i = 0; i < N; i++) {
  const ns = `team-${i}`;
  for (const v of ['v1', 'v2']) objs.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app-${v}`, namespace: ns }, spec: { template: { metadata: { labels: { app: 'app', version: v } }, spec: { containers: [] } } } });
  objs.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'app', namespace: ns }, spec: { selector: { app: 'app' }, ports: [{ name: 'http', port: 80 }] } });
  objs.push({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'app', namespace: ns }, spec: { host: 'app', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] } });
  objs.push({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: ns }, spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [`team-${i}.example.com`] }] } });
  objs.push({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'app', namespace: ns }, spec: { hosts: [`team-${i}.example.com`, 'app'], gateways: ['gw', 'mesh'], http: [
    { match: [{ headers: { cookie: { regex: '^(.*?;)?(user=jason)(;.*)?$' } } }], route: [{ destination: { host: 'app', subset: 'v2' } }] },
    { match: [{ uri: { prefix: '/api' } }], rewrite: { uri: '/' }, route: [{ destination: { host: 'app', subset: 'v1' }, weight: 90 }, { destination: { host: 'app', subset: 'v2' }, weight: 10 }] },
    { match: [{ uri: { regex: '/items/[0-9]+' } }], route: [{ destination: { host: 'app', subset: 'v1' } }] },
    { route: [{ destination: { host: 'app', subset: 'v1' } }] },
  ] } });
}
let t = Date.now();
const model = MeshModel.fromObjects(objs);
console.log('model built', Date.now() - t, 'ms', objs.length, 'objects');
const reqs: ExplainRequest[] = [];
for (let k = 0; k < 2000; k++) {
  const i = (k * 7919) % N;
  const paths = ['/api/x', '/items/12', '/other', '/'];
  reqs.push(k % 2 === 0
    ? { from: { gateway: `team-${i}/gw` }, host: `team-${i}.example.com`, path: paths[k % 4], headers: k % 3 === 0 ? { cookie: 'user=jason' } : {} }
    : { from: { namespace: `team-${i}`, labels: { app: 'app', version: 'v1' } }, host: 'app', path: paths[k % 4] });
}
t = Date.now();
for (const r of reqs) explain(model, r); // warm: builds indexes
console.log('warm-up (index build)', Date.now() - t, 'ms');
const n = 500_000;
t = performance.now();
for (let k = 0; k < n; k++) explain(model, reqs[k % reqs.length]);
const ms = performance.now() - t;
console.log(`${n} explains in ${ms.toFixed(0)} ms → ${Math.round(n / (ms / 1000))} req/s`);
