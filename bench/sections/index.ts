/**
 * The registry of benchmark sections, in report order. Add a section by writing
 * `bench/sections/<name>.ts` (a `BenchSection`, see types.ts) and listing it here.
 */
import { CHECK_SECTION } from './check';
import { EXPLAIN_SECTION } from './explain';
import { SYNTH_SECTION } from './synth';
import { BenchSection } from './types';

export const SECTIONS: readonly BenchSection[] = [SYNTH_SECTION, CHECK_SECTION, EXPLAIN_SECTION];
