/**
 * Objects written after the Istio docs examples must be accepted: schema, metadata and every
 * CEL rule that applies to them. The coverage check proves the rules actually ran (a stub
 * that evaluates nothing would also "accept" them).
 */
import { VALID_OBJECTS } from './fixtures';
import { formatViolation, validateAgainstCrds, validateManifest } from '../../src/analysis/apiserver/validate';
import { RuleCoverage } from './rule-stats';

describe('valid Istio objects pass the CRD oracle', () => {
  const coverage = new RuleCoverage();

  it.each(Object.keys(VALID_OBJECTS))('%s is accepted', (kind) => {
    const result = validateAgainstCrds(VALID_OBJECTS[kind]!(), { observe: coverage.observe });
    expect(result.violations.map(formatViolation)).toEqual([]);
    expect(result).toMatchObject({ ok: true, pruned: [], celSkipped: false });
  });

  it('evaluated CEL rules on them, all passing', () => {
    expect(coverage.failed.size).toBe(0);
    // 89 rules; the 7 not reached need fields these examples do not set (cross-namespace
    // targetRef(s), ServiceEntry workloadSelector, VirtualService exponentialDelay, UDS ports...).
    expect(coverage.passed.size).toBeGreaterThanOrEqual(80);
  });

  it('validateManifest checks the Istio objects of a manifest and passes over the rest', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { anything: true } };
    const objects = [service, ...Object.values(VALID_OBJECTS).map((make) => make())];
    expect(validateManifest(objects)).toMatchObject({ ok: true, violations: [] });
    objects[1].spec.bogus = 1;
    expect(validateManifest(objects).violations.map(formatViolation)).toEqual(['Gateway/my-gateway spec.bogus: unknown field "spec.bogus"']);
  });

  it('validation does not mutate the caller\'s object', () => {
    const obj = { ...VALID_OBJECTS.Gateway!(), status: { conditions: [] } };
    const before = JSON.stringify(obj);
    validateAgainstCrds(obj);
    expect(JSON.stringify(obj)).toBe(before);
  });
});
