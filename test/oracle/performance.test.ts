/**
 * The oracle runs over thousands of generated objects in property tests: schemas must be
 * compiled once per CRD version and reused, not per object. Asserted by identity, not by a
 * timer (timings belong in `npm run bench`, not in jest on a shared machine).
 */
import { loadIstioBundle } from '../../src/analysis/apiserver/istio-crds';
import { schemaValidator } from '../../src/analysis/apiserver/structural-schema';
import { validateAgainstCrds } from '../../src/analysis/apiserver/validate';
import { VALID_OBJECTS } from './fixtures';

describe('oracle compiles once', () => {
  it('reuses the compiled schema of a CRD version across objects', () => {
    const crd = loadIstioBundle().versions.find((v) => v.kind === 'VirtualService' && v.version === 'v1')!;
    expect(schemaValidator(crd)).toBe(schemaValidator(crd));
    expect(loadIstioBundle()).toBe(loadIstioBundle());
  });

  it('validates 3,500 objects, all valid, with the same compiled artefacts', () => {
    const makers = Object.values(VALID_OBJECTS);
    let failures = 0;
    for (let i = 0; i < 3500; i++) {
      const obj = makers[i % makers.length]!();
      if (i % 2 === 1) obj.metadata.name = `n-${i}`;
      if (!validateAgainstCrds(obj).ok) failures++;
    }
    expect(failures).toBe(0);
  });
});
