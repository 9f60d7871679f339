/** Memory and time helpers for the child side. */

/** The process's peak resident memory so far, in MB (maxRSS is reported in kilobytes). */
export function peakMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Runs `work` and returns its wall time in milliseconds (rounded) and its result. */
export function timed<T>(work: () => T): { ms: number; result: T } {
  const start = process.hrtime.bigint();
  const result = work();
  return { ms: Math.round(Number(process.hrtime.bigint() - start) / 1e6), result };
}
