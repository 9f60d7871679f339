/**
 * The rule engine: registry, deterministic order, the Finding shape.
 */
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { check, checkApp, CODE_TITLES, RULES, sortFindings } from '../../src/analysis';
import { MeshModel } from '../../src/model';

const BAD = path.join(__dirname, '..', 'fixtures', 'check', 'cli', 'bad.yaml');

describe('rule engine', () => {
  it('every rule has a description and only known codes', () => {
    for (const rule of RULES) {
      expect(rule.description.length).toBeGreaterThan(10);
      for (const code of rule.code.split('/')) expect(Object.keys(CODE_TITLES)).toContain(code);
    }
  });

  it('every listed code is produced by some rule', () => {
    const ruleCodes = new Set(RULES.flatMap((r) => r.code.split('/')));
    for (const code of Object.keys(CODE_TITLES).filter((c) => c !== 'CIT900')) expect(ruleCodes).toContain(code);
  });

  it('output does not depend on rule order and is sorted by resource', () => {
    const model = MeshModel.fromFiles([BAD]);
    const forward = check(model);
    expect(check(model, [...RULES].reverse())).toEqual(forward);
    expect(sortFindings([...forward].reverse())).toEqual(forward);
    expect(forward.map((f) => `${f.kind}/${f.code}`)).toEqual(['Service/IST0118', 'VirtualService/IST0101', 'VirtualService/IST0101']);
  });

  it('findings carry kind, namespace, name, severity, a message with its fix, and the source line', () => {
    const [, f] = check(MeshModel.fromFiles([BAD]));
    expect(f).toEqual({
      code: 'IST0101', severity: 'error', kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews',
      message: 'Referenced host not found: "ratings" (at http[0].route[0].destination). Fix: create a Service or ServiceEntry for "ratings" visible to namespace bookinfo, or use the service\'s FQDN <name>.<namespace>.svc.cluster.local',
      source: { file: BAD, line: 9 },
    });
  });

  it('checkApp checks a cdk8s chart in-process', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'team-a' });
    new ApiObject(chart, 'gw', {
      apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw' },
      spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['a.example.com'] }] },
    });
    const findings = checkApp(chart);
    expect(findings.map((f) => `${f.code} ${f.kind} ${f.namespace}/${f.name}`)).toEqual(['IST0106 Gateway team-a/gw', 'CIT122 Gateway team-a/gw']);
    expect(findings[0].source).toBeUndefined();
    expect(checkApp(chart, { defaultIngressGateway: false }).map((f) => f.code)).toEqual(['IST0101', 'IST0106', 'CIT122']);
  });
});
