/**
 * Bundle-backed suites run only where ../shared/istio/crd-all.gen.yaml exists; elsewhere they
 * are skipped with the reason printed, instead of failing on a missing file.
 */
import { bundleSkipReason } from './crd-bundle';

export const bundleMissing = bundleSkipReason();
if (bundleMissing) console.warn(bundleMissing);

export const describeWithBundle = bundleMissing ? describe.skip : describe;
