/**
 * Regex validity the way Envoy sees it: RE2 (no look-around, no back-references), at most 1024
 * characters (istiod approximates Envoy's program-size limit by length).
 */
import { RE2JS } from 're2js';

export const MAX_REGEX_LENGTH = 1024;

/** The problem with a regex, or undefined when RE2 accepts it. */
export function regexProblem(pattern: unknown, field: string): string | undefined {
  if (typeof pattern !== 'string' || pattern === '') return `"${field}": regex string match should not be empty`;
  if (pattern.length > MAX_REGEX_LENGTH) return `"${field}": regex is too large, max length allowed is ${MAX_REGEX_LENGTH}`;
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (e) {
    const reason = (e as Error).message.split('\n')[0];
    return `"${field}": invalid RE2 regex ${JSON.stringify(pattern)} (${reason}); Istio uses RE2 syntax, which has no look-around or back-references`;
  }
}
