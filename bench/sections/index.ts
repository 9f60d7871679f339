/**
 * The registry of benchmark sections, in report order. Add a section by writing
 * `bench/sections/<name>.ts` (a `BenchSection`, see types.ts) and listing it here. Sections are
 * loaded lazily, so a child process measuring one section does not load (nor count in its peak
 * memory) the modules of the others.
 */
import { BenchSection } from './types';

export interface SectionEntry {
  readonly name: string;
  load(): Promise<BenchSection>;
}

export const SECTIONS: readonly SectionEntry[] = [
  { name: 'synth', load: async () => (await import('./synth')).SYNTH_SECTION },
  { name: 'synth-api', load: async () => (await import('./synth-api')).SYNTH_API_SECTION },
  { name: 'check', load: async () => (await import('./check')).CHECK_SECTION },
  { name: 'explain', load: async () => (await import('./explain')).EXPLAIN_SECTION },
];
