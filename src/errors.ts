import { reportUncaughtIstioTrafficErrors } from './uncaught';

/**
 * The one error type of the library.
 *
 * Every error carries a stable `code` (Istio's `IST0xxx` where Istio has one, `CIT…` otherwise),
 * `where` it happened (a construct path, `Kind namespace/name`, or `file:line`), the value that was
 * received and how to fix it, so that a user reads one line and knows what to change.
 */
export class IstioTrafficError extends Error {
  /** Stable error code, e.g. `CIT010` or `IST0101`. */
  public readonly code: string;
  /** Construct path, `Kind namespace/name` or `file:line`. */
  public readonly where: string;
  /** The offending value, rendered for humans. */
  public readonly received: string;
  /** What to change. */
  public readonly fix: string;

  constructor(code: string, where: string, problem: string, received: unknown, fix: string) {
    const shown = renderValue(received);
    super(`${code} ${where}: ${problem} (got ${shown}). Fix: ${fix}`);
    this.name = 'IstioTrafficError';
    this.code = code;
    this.where = where;
    this.received = shown;
    this.fix = fix;
    // When nobody catches it, the message (not the throw line's source) is what the user reads first.
    reportUncaughtIstioTrafficErrors();
  }
}

/** Renders a value the way error messages quote it: strings quoted, objects as compact JSON. */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  try {
    const json = JSON.stringify(value);
    return json.length > 200 ? json.slice(0, 197) + '...' : json;
  } catch {
    return String(value);
  }
}
