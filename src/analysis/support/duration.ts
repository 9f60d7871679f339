/**
 * Durations as istiod validates them (`ValidateDuration`): at least 1ms, whole milliseconds.
 */

const UNIT_NANOS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/** Parses a Go/protobuf duration string (`10s`, `1.5s`, `250ms`, `1m30s`) into nanoseconds. */
export function parseDurationNanos(value: string): number | undefined {
  if (value === '' || value === '0') return value === '0' ? 0 : undefined;
  let nanos = 0;
  PART.lastIndex = 0;
  let consumed = 0;
  while (consumed < value.length) {
    PART.lastIndex = consumed;
    const m = PART.exec(value);
    if (!m) return undefined;
    nanos += Number(m[1]) * UNIT_NANOS[m[2]];
    consumed = PART.lastIndex;
  }
  return Math.round(nanos);
}

/** The problem with a duration field, or undefined when istiod accepts it. */
export function durationProblem(value: unknown, field: string): string | undefined {
  if (typeof value !== 'string') return `${field}: duration must be a string such as "1.5s", got ${JSON.stringify(value)}`;
  const nanos = parseDurationNanos(value);
  if (nanos === undefined) return `${field}: "${value}" is not a duration (use e.g. "500ms" or "2s")`;
  if (nanos < 1e6) return `${field}: duration "${value}" must be greater than 1ms`;
  if (nanos % 1e6 !== 0) return `${field}: duration "${value}" must be an integral number of milliseconds`;
  return undefined;
}
