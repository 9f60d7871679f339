/**
 * IST0106: every webhook rule of SEMANTICS §2 that a manifest can break, each with a near miss
 * that istiod accepts. VirtualService, DestinationRule and Gateway have their own tables in
 * test/analysis/validation/.
 */
import { stringify } from 'yaml';
import { findingsOf, withCode } from './helpers';

function resource(kind: string, spec: object, namespace = 'bookinfo', name = 'x'): string {
  return stringify({ apiVersion: 'networking.istio.io/v1', kind, metadata: { name, namespace }, spec });
}

const route = (host = 'reviews') => [{ destination: { host } }];
const vs = (http: object[], extra: object = {}) => resource('VirtualService', { hosts: ['reviews'], http, ...extra });
const dr = (spec: object) => resource('DestinationRule', { host: 'reviews', ...spec });
const se = (spec: object) => resource('ServiceEntry', { hosts: ['api.example.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS', ...spec });
const sidecar = (spec: object) => resource('Sidecar', spec);

interface Case { readonly name: string; readonly bad: string; readonly good: string; readonly reason: string }

const CASES: Case[] = [
  // ServiceEntry
  { name: 'ServiceEntry without hosts', bad: se({ hosts: [] }), good: se({}), reason: 'service entry must have at least one host' },
  { name: 'ServiceEntry host *', bad: se({ hosts: ['*'], resolution: 'NONE' }), good: se({ hosts: ['*.example.com'], resolution: 'NONE' }), reason: 'invalid host *' },
  { name: 'NONE with endpoints', bad: se({ resolution: 'NONE', endpoints: [{ address: '10.0.0.1' }] }), good: se({ resolution: 'STATIC', endpoints: [{ address: '10.0.0.1' }] }), reason: 'no endpoints should be provided for resolution type none' },
  { name: 'STATIC with a host name endpoint', bad: se({ resolution: 'STATIC', endpoints: [{ address: 'api.internal' }] }), good: se({ resolution: 'DNS', endpoints: [{ address: 'api.internal' }] }), reason: 'is not a valid IP address' },
  { name: 'DNS wildcard without endpoints', bad: se({ hosts: ['*.example.com'] }), good: se({ hosts: ['*.example.com'], resolution: 'NONE' }), reason: 'hosts must be FQDN if no endpoints are provided for resolution mode DNS' },
  { name: 'duplicate port numbers', bad: se({ ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }, { number: 443, name: 'tls', protocol: 'TLS' }] }), good: se({ ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }, { number: 8443, name: 'tls', protocol: 'TLS' }] }), reason: 'service entry port 443 already defined' },
  { name: 'duplicate port names (SE)', bad: se({ ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }, { number: 8443, name: 'https', protocol: 'HTTPS' }] }), good: se({}), reason: 'service entry port name https already defined' },
  // Sidecar
  { name: 'egress host without namespace', bad: sidecar({ egress: [{ hosts: ['reviews.bookinfo.svc.cluster.local'] }] }), good: sidecar({ egress: [{ hosts: ['bookinfo/reviews.bookinfo.svc.cluster.local'] }] }), reason: 'hosts must be of form namespace/dnsName' },
  { name: 'port-less egress listener not last', bad: sidecar({ egress: [{ hosts: ['./*'] }, { port: { number: 9080, protocol: 'HTTP', name: 'http' }, hosts: ['./*'] }] }), good: sidecar({ egress: [{ port: { number: 9080, protocol: 'HTTP', name: 'http' }, hosts: ['./*'] }, { hosts: ['./*'] }] }), reason: 'the egress listener with empty port should be the last listener' },
  { name: 'outbound mode unknown', bad: sidecar({ outboundTrafficPolicy: { mode: 'DENY' } }), good: sidecar({ outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } }), reason: 'outboundTrafficPolicy.mode "DENY" is not ALLOW_ANY or REGISTRY_ONLY' },
  // exportTo
  { name: 'exportTo * with others', bad: vs([{ route: route() }], { exportTo: ['*', '.'] }), good: vs([{ route: route() }], { exportTo: ['*'] }), reason: 'cannot have both public (*) and non-public exportTo values' },
  { name: 'exportTo invalid namespace', bad: dr({ exportTo: ['Team_A'] }), good: dr({ exportTo: ['team-a', '.'] }), reason: 'only .,*, or a valid DNS 1123 label is allowed as exportTo entry' },
  { name: 'exportTo ~ on a VirtualService', bad: vs([{ route: route() }], { exportTo: ['~'] }), good: se({ exportTo: ['~'] }), reason: 'exportTo ~ (none) is not allowed for Istio configuration objects' },
  { name: 'exportTo . and own namespace', bad: dr({ exportTo: ['bookinfo', '.'] }), good: dr({ exportTo: ['.', 'other'] }), reason: 'duplicate entries in exportTo: . and current namespace bookinfo' },
];

describe('IST0106 schema validation', () => {
  it.each(CASES)('$name: reported', ({ bad, reason }) => {
    const found = withCode(findingsOf(bad), 'IST0106');
    expect(found.map((f) => f.message).join('\n')).toContain(reason);
    for (const f of found) {
      expect(f.severity).toBe('error');
      expect(f.message).toMatch(/^Schema validation error: .+ Fix: .+/);
    }
  });

  it.each(CASES)('$name: near miss accepted', ({ good }) => {
    expect(withCode(findingsOf(good), 'IST0106').map((f) => f.message)).toEqual([]);
  });

  it('names the resource as kind, namespace and name, with the source line', () => {
    const [f] = withCode(findingsOf(`${resource('Gateway', { selector: { istio: 'ingressgateway' } }, 'team-a', 'gw-a')}`), 'IST0106');
    expect(f).toMatchObject({ kind: 'Gateway', namespace: 'team-a', name: 'gw-a', source: { file: 'inline.yaml', line: 1 } });
  });
});
