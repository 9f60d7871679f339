/**
 * The egress gateway is the destination of the sidecar's hop: its own AuthorizationPolicies
 * decide with the caller's identity (auto mTLS to the gateway's proxy), before it routes on.
 * Namespace `echo` owns the egress gateway and may use it for httpbin.org; namespace `other`
 * may not.
 */
import { MeshModel, parseManifests } from '../../src/model';
import { explain, ExplainRequest } from '../../src/simulate';
import { egressGateway } from './ledger-topology';

const EGRESS = `${egressGateway('echo', 'echo')}---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: httpbin, namespace: echo }
spec: { hosts: [ httpbin.org ], ports: [ { number: 80, name: http, protocol: HTTP } ], resolution: DNS }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: httpbin, namespace: echo }
spec:
  hosts: [ httpbin.org ]
  gateways: [ egress, mesh ]
  http:
  - match: [ { gateways: [ mesh ], port: 80 } ]
    route: [ { destination: { host: egress.echo.svc.cluster.local, port: { number: 80 } } } ]
  - match: [ { gateways: [ egress ], port: 80 } ]
    route: [ { destination: { host: httpbin.org, port: { number: 80 } } } ]
`;

const model = MeshModel.fromLoaded(parseManifests(EGRESS, 'inline.yaml'));
const request = (namespace: string, host = 'httpbin.org'): ExplainRequest => ({ from: { namespace, labels: { app: 'client' } }, host, path: '/headers' });

test('a namespace the egress gateway admits goes through both hops to httpbin.org', () => {
  const result = explain(model, request('echo'));
  expect(result.outcome).toBe('routed');
  expect(result.destinations.map((d) => d.host)).toEqual(['httpbin.org']);
});

test('another namespace is refused at the egress gateway (hop 2), before it routes', () => {
  const result = explain(model, request('other'));
  expect(result.outcome).toBe('denied');
  expect(result.denial).toMatchObject({ policy: 'no ALLOW policy matched', at: 'Deployment echo/egress' });
  expect(result.hops).toHaveLength(2);
  expect(result.hops[1].notes.join('\n')).toContain('Deployment echo/egress refuses the request');
});

test("the gateway's policy sees the Host the sidecar forwards", () => {
  const withHost = EGRESS.replace('hosts: [ httpbin.org ] } } ] } ]', 'hosts: [ api.httpbin.org ] } } ] } ]');
  const result = explain(MeshModel.fromLoaded(parseManifests(withHost, 'inline.yaml')), request('echo'));
  expect(result.outcome).toBe('denied');
});
