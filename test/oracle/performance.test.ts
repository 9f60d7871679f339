/**
 * The oracle will run over thousands of generated objects in property tests: schemas and CEL
 * programs must be compiled once and reused, not per object.
 */
import { VALID_OBJECTS } from './fixtures';
import { validateAgainstCrds } from './oracle';
import { describeWithBundle } from './with-bundle';

describeWithBundle('oracle performance', () => {
  it('validates 3,500 objects at well under 5 ms each once warm', () => {
    const makers = Object.values(VALID_OBJECTS);
    for (const make of makers) validateAgainstCrds(make()); // compile everything once
    const start = process.hrtime.bigint();
    let failures = 0;
    for (let i = 0; i < 3500; i++) {
      const obj = makers[i % makers.length]!();
      if (i % 2 === 1) obj.metadata.name = `n-${i}`;
      if (!validateAgainstCrds(obj).ok) failures++;
    }
    const msEach = Number(process.hrtime.bigint() - start) / 1e6 / 3500;
    expect(failures).toBe(0);
    expect(msEach).toBeLessThan(5);
  });
});
