/**
 * Every Istio object of every example passes what the API server applies before istiod sees it:
 * the CRD's structural schema in strict mode (unknown fields rejected) and every CEL rule.
 */
import { formatViolation, validateManifest } from '../src/analysis/apiserver/validate';
import { buildExample, EXAMPLES, synthObjects } from './support/examples';

describe('Istio 1.30.3 CRD schemas and CEL rules', () => {
  test.each(Object.keys(EXAMPLES))('example %s is accepted', (name) => {
    const objects = synthObjects(buildExample(name));
    const istioObjects = objects.filter((o) => o.apiVersion.includes('istio.io'));
    expect(istioObjects.length).toBeGreaterThan(3);
    const result = validateManifest(objects);
    expect(result.violations.map(formatViolation)).toEqual([]);
    expect(result.pruned).toEqual([]);
  });
});
