/**
 * The library's own examples pass Istio's workload, namespace and policy analyzers and the
 * library's gateway/delegate lints: what the constructs synthesise is what istioctl analyze
 * accepts without a word.
 */
import { check, RULES } from '../../src/analysis';
import { MeshModel } from '../../src/model';
import { buildExample, EXAMPLES, synthObjects } from '../support/examples';

const CODES = ['IST0102', 'IST0107', 'IST0108', 'IST0110', 'IST0111', 'IST0116', 'IST0123', 'IST0125', 'IST0127', 'IST0137',
  'IST0138', 'IST0144', 'IST0146', 'IST0147', 'IST0167', 'IST0177', 'CIT122', 'CIT123', 'CIT124', 'CIT125'];
const rules = RULES.filter((rule) => rule.code.split('/').some((code) => CODES.includes(code)));

describe.each(Object.keys(EXAMPLES))('example %s', (name) => {
  it('is clean for the workload, namespace, policy and route-binding analyzers', () => {
    const findings = check(MeshModel.fromObjects(synthObjects(buildExample(name))), rules);
    expect(findings.map((f) => `${f.code} ${f.kind} ${f.namespace}/${f.name}: ${f.message}`)).toEqual([]);
  });

  it('has the objects those analyzers judge', () => {
    const kinds = new Set(synthObjects(buildExample(name)).map((o) => o.kind));
    for (const kind of ['Namespace', 'Deployment', 'Service', 'Gateway', 'VirtualService']) expect(kinds).toContain(kind);
  });
});
