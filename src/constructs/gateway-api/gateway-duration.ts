/**
 * Gateway API durations (GEP-2257): `^([0-9]{1,5}(h|m|s|ms)){1,4}$`, each part at most five
 * digits. Istio renders whole milliseconds (`250ms`, `10s`, `123456ms`), which can exceed five
 * digits, so the value is re-spelled as hours, minutes, seconds and milliseconds.
 */

/** Parses the durations src/routing renders (`<n>s` or `<n>ms`) into milliseconds. */
export function istioDurationMillis(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+)(ms|s)$/.exec(value);
  if (!m) return undefined;
  return m[2] === 's' ? Number(m[1]) * 1000 : Number(m[1]);
}

/** `ms` as a GEP-2257 duration, or undefined when it does not fit (over 99999 hours). */
export function gatewayDuration(ms: number): string | undefined {
  if (!Number.isInteger(ms) || ms < 0) return undefined;
  const parts: [number, string][] = [
    [Math.floor(ms / 3_600_000), 'h'],
    [Math.floor(ms / 60_000) % 60, 'm'],
    [Math.floor(ms / 1000) % 60, 's'],
    [ms % 1000, 'ms'],
  ];
  if (parts[0][0] > 99999) return undefined;
  const text = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n}${unit}`).join('');
  return text === '' ? '0s' : text;
}
