/**
 * IST0106: every webhook rule of SEMANTICS §2 that a manifest can break, each with a near miss
 * that istiod accepts. Each kind's webhook rules have their own table, in istiod's shape, in
 * test/analysis/validation/; what is left here is exportTo (shared by every kind).
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

interface Case { readonly name: string; readonly bad: string; readonly good: string; readonly reason: string }

const CASES: Case[] = [
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
