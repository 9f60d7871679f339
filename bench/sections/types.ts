/**
 * What a benchmark section is. A section plans measurements (parent side), takes each one in a
 * fresh child process (child side), and summarises them. To add one (e.g. a new CLI command's
 * throughput): write `bench/sections/<name>.ts` exporting a `BenchSection` and list it in
 * `bench/sections/index.ts`; `npm run bench -- --only <name>` runs it alone.
 */

/** One measurement: printed as one JSON line with `--json`. Sections add their own fields. */
export interface Measurement {
  readonly section: string;
  /** Objects (manifests) the measured work handled. */
  readonly objects: number;
  /** Wall time of the measured work inside the child (module loading excluded). */
  readonly wallMs: number;
  /** The child's peak resident memory (`process.resourceUsage().maxRSS`). */
  readonly peakMB: number;
  readonly [field: string]: unknown;
}

/** Options of a run, from the command line. */
export interface BenchOptions {
  /** Team counts of the topologies (default 10, 100, 1000). */
  readonly teams: readonly number[];
  /** A temp folder for this run; removed afterwards unless `--keep`. */
  readonly workdir: string;
}

/** Runs one measurement of a section in a fresh child process and returns what it measured. */
export type RunInChild = (section: string, params: Record<string, unknown>) => Promise<Measurement>;

export interface SectionResult {
  readonly measurements: readonly Measurement[];
  /** Table rows (first row is the header) for the human-readable report. */
  readonly table: readonly (readonly string[])[];
  /** Lines printed under the table (ratios, checks, caveats). */
  readonly notes: readonly string[];
}

export interface BenchSection {
  /** Short name used by `--only` and in each JSON line's `section`. */
  readonly name: string;
  /** Heading of the section in the report. */
  readonly title: string;
  /** Parent side: plans and runs the measurements (each via `child`) and summarises them. */
  run(options: BenchOptions, child: RunInChild): Promise<SectionResult>;
  /** Child side: takes the single measurement described by `params`. */
  measure(params: Record<string, unknown>): Measurement | Promise<Measurement>;
}
