/**
 * Objects written after the Istio docs examples must be accepted: schema, metadata and every
 * CEL rule that applies to them. The coverage check proves the rules actually ran (a stub
 * that evaluates nothing would also "accept" them).
 */
import { VALID_OBJECTS } from './fixtures';
import { formatViolation, RuleCoverage, validateAgainstCrds } from './oracle';
import { describeWithBundle } from './with-bundle';

describeWithBundle('valid Istio objects pass the CRD oracle', () => {
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

  it('validation does not mutate the caller\'s object', () => {
    const obj = { ...VALID_OBJECTS.Gateway!(), status: { conditions: [] } };
    const before = JSON.stringify(obj);
    validateAgainstCrds(obj);
    expect(JSON.stringify(obj)).toBe(before);
  });
});
