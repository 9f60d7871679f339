/**
 * Bundle-backed suites run only where ../shared/istio/crd-all.gen.yaml exists; elsewhere they
 * are skipped with the reason printed, instead of failing on a missing file. The suite body is
 * not even collected then: bodies read the bundle while building their test tables.
 */
import { bundleSkipReason } from './crd-bundle';

export const bundleMissing = bundleSkipReason();
if (bundleMissing) console.warn(bundleMissing);

export function describeWithBundle(name: string, body: () => void): void {
  if (bundleMissing) {
    describe.skip(name, () => {
      test(`needs the Istio CRD bundle: ${bundleMissing}`, () => undefined);
    });
  } else {
    describe(name, body);
  }
}
