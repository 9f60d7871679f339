/**
 * CIT110–CIT112: what `kubectl apply` (strict field validation) rejects before istiod sees
 * anything — the CRD's structural schema and its CEL rules (apiextensions-apiserver; Istio has
 * no code for these). Table in Istio's test shape: each rejected manifest with a near miss the
 * API server accepts; each rejection is one finding naming the field path and its line.
 */
import { check, Finding } from '../../../src/analysis';
import { MeshModel } from '../../../src/model';
import { buildExample, EXAMPLES, synthObjects } from '../../support/examples';
import { findingsOf } from '../helpers';

const API_SERVER_CODES = ['CIT110', 'CIT111', 'CIT112'];
const apiServerFindings = (findings: readonly Finding[]) => findings.filter((f) => API_SERVER_CODES.includes(f.code));

/** A VirtualService for reviews whose first route entry is `route` (YAML flow mapping). */
const vs = (http: string, apiVersion = 'networking.istio.io/v1') => `apiVersion: ${apiVersion}
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts: [reviews]
  http:
${http}`;

const dr = (trafficPolicy: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec:
  host: reviews
  trafficPolicy:
${trafficPolicy}`;

interface Case {
  readonly name: string;
  readonly in: string;
  readonly valid: boolean;
  /** For rejected input: the one finding's code, and text its message must contain. */
  readonly code?: string;
  readonly says?: string;
}

const CASES: Case[] = [
  // Strict decoding (kubectl apply --validate=strict): unknown fields.
  { name: 'typo destinaton', in: vs('  - route:\n    - destinaton:\n        host: reviews\n'), valid: false, code: 'CIT110', says: 'spec.http[0].route[0].destinaton (inline.yaml:10): unknown field' },
  { name: 'destination spelt right', in: vs('  - route:\n    - destination:\n        host: reviews\n'), valid: true },
  { name: 'unknown metadata field', in: vs('  - route: [ { destination: { host: reviews } } ]\n').replace('  namespace: bookinfo', '  namespace: bookinfo\n  label: { a: b }'), valid: false, code: 'CIT110', says: 'metadata.label (inline.yaml:6): unknown field' },
  // Structural schema: type, enum, bounds, format.
  { name: 'attempts as a string', in: vs('  - route: [ { destination: { host: reviews } } ]\n    retries: { attempts: "3" }\n'), valid: false, code: 'CIT110', says: 'spec.http[0].retries.attempts (inline.yaml:10): Invalid value: must be of type integer' },
  { name: 'attempts as an integer', in: vs('  - route: [ { destination: { host: reviews } } ]\n    retries: { attempts: 3 }\n'), valid: true },
  { name: 'loadBalancer FASTEST', in: dr('    loadBalancer: { simple: FASTEST }\n'), valid: false, code: 'CIT110', says: 'spec.trafficPolicy.loadBalancer.simple (inline.yaml:7): Unsupported value: supported values: "UNSPECIFIED", "LEAST_CONN", "RANDOM", "PASSTHROUGH", "ROUND_ROBIN", "LEAST_REQUEST"' },
  { name: 'loadBalancer LEAST_REQUEST', in: dr('    loadBalancer: { simple: LEAST_REQUEST }\n'), valid: true },
  { name: 'port number above uint32', in: vs('  - route: [ { destination: { host: reviews, port: { number: 4294967296 } } } ]\n'), valid: false, code: 'CIT110', says: 'spec.http[0].route[0].destination.port.number (inline.yaml:9): Invalid value: must be <= 4294967295' },
  { name: 'port number 9080', in: vs('  - route: [ { destination: { host: reviews, port: { number: 9080 } } } ]\n'), valid: true },
  { name: 'direct response body not base64', in: vs('  - directResponse: { status: 200, body: { bytes: "not base64!" } }\n'), valid: false, code: 'CIT110', says: 'must match format "byte"' },
  { name: 'direct response body base64', in: vs('  - directResponse: { status: 200, body: { bytes: "aGVsbG8=" } }\n'), valid: true },
  // CEL rules (x-kubernetes-validations).
  { name: 'timeout below 1ms', in: vs('  - route: [ { destination: { host: reviews } } ]\n    timeout: 500us\n'), valid: false, code: 'CIT111', says: 'spec.http[0].timeout (inline.yaml:10): must be a valid duration greater than 1ms' },
  { name: 'timeout of 1ms', in: vs('  - route: [ { destination: { host: reviews } } ]\n    timeout: 1ms\n'), valid: true },
  { name: 'connectTimeout below 1ms', in: dr('    connectionPool: { tcp: { connectTimeout: 10us } }\n'), valid: false, code: 'CIT111', says: 'spec.trafficPolicy.connectionPool.tcp.connectTimeout (inline.yaml:7): must be a valid duration greater than 1ms' },
  // CRD version lookup.
  { name: 'apiVersion not served', in: vs('  - route: [ { destination: { host: reviews } } ]\n', 'networking.istio.io/v2'), valid: false, code: 'CIT112', says: 'no matches for kind "VirtualService" in version "networking.istio.io/v2"' },
  { name: 'older served apiVersion', in: vs('  - route: [ { destination: { host: reviews } } ]\n', 'networking.istio.io/v1beta1'), valid: true },
];

describe('API-server layer in check (CIT110–CIT112)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const found = apiServerFindings(findingsOf(c.in));
    if (c.valid) {
      expect(found).toEqual([]);
      return;
    }
    expect(found.map((f) => f.code)).toEqual([c.code]);
    expect(found[0]!.severity).toBe('error');
    expect(found[0]!.message).toContain(c.says);
    expect(found[0]!.message).toContain(' Fix: ');
    expect(found[0]!.source).toEqual({ file: 'inline.yaml', line: 1 });
  });

  it('suggests the declared field nearest to a typo', () => {
    const [typo] = apiServerFindings(findingsOf(CASES[0]!.in));
    expect(typo!.message).toContain('Fix: did you mean "destination"?');
  });

  it('reports only the unknown fields while there are any, as strict decoding fails first', () => {
    const both = vs('  - route:\n    - destinaton: { host: reviews }\n    retries: { attempts: "3" }\n');
    expect(apiServerFindings(findingsOf(both)).map((f) => f.message.split(' (')[0])).toEqual([
      'The API server rejects it: spec.http[0].route[0].destinaton',
    ]);
  });

  it('reports a repeated bad value at each of its paths (CEL outcomes are remembered per value)', () => {
    const se = (ports: string) => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: api, namespace: bookinfo }
spec:
  hosts: [api.example.com]
  resolution: DNS
  ports:
${ports}`;
    const bad = se('  - { number: 80, targetPort: 0, name: http, protocol: HTTP }\n  - { number: 81, targetPort: 0, name: grpc, protocol: GRPC }\n');
    expect(apiServerFindings(findingsOf(bad)).map((f) => f.message.split(': ')[1])).toEqual([
      'spec.ports[0].targetPort (inline.yaml:8)', 'spec.ports[1].targetPort (inline.yaml:9)',
    ]);
    expect(apiServerFindings(findingsOf(se('  - { number: 80, name: http, protocol: HTTP }\n')))).toEqual([]);
  });

  it('passes over objects outside the Istio groups', () => {
    expect(apiServerFindings(findingsOf('apiVersion: v1\nkind: Service\nmetadata: { name: a, namespace: b }\nspec: { bogus: 1 }\n'))).toEqual([]);
  });

  it.each(Object.keys(EXAMPLES))('the library\'s example %s gives no API-server finding', (name) => {
    const model = MeshModel.fromObjects(synthObjects(buildExample(name)));
    expect(model.resources.filter((r) => r.apiVersion.includes('istio.io')).length).toBeGreaterThan(3);
    expect(apiServerFindings(check(model))).toEqual([]);
  });
});
