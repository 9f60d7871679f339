/**
 * RE2 as Envoy runs it: whole-string matches and global substitution, through re2js (never
 * JavaScript RegExp, whose backtracking and syntax differ). Compiled patterns are cached because
 * the same few patterns are evaluated for every simulated request.
 */
import { RE2JS } from 're2js';
import { IstioTrafficError } from '../errors';

const cache = new Map<string, RE2JS | Error>();
/** Bound on cached patterns so a fuzzing loop cannot grow memory without limit. */
const MAX_CACHED = 10_000;

/** Compiles (once) an RE2 pattern; throws CIT230 naming `where` when it is not valid RE2. */
export function compileRe2(pattern: string, where: string): RE2JS {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = RE2JS.compile(pattern);
    } catch (error) {
      compiled = error instanceof Error ? error : new Error(String(error));
    }
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(pattern, compiled);
  }
  if (compiled instanceof Error) {
    throw new IstioTrafficError('CIT230', where, `invalid RE2 regex: ${compiled.message}`, pattern,
      'use RE2 syntax (no look-around, no back-references); Istio rejects this resource');
  }
  return compiled;
}

/** Whether `pattern` matches the WHOLE of `value` (Envoy safe_regex semantics). */
export function fullMatch(pattern: RE2JS, value: string): boolean {
  return pattern.matches(value);
}

/**
 * Envoy `regex_rewrite`: every match of `pattern` in `value` is replaced by `substitution`, whose
 * `\1`…`\9` name capture groups (RE2 GlobalReplace syntax).
 */
export function regexReplaceAll(pattern: RE2JS, value: string, substitution: string): string {
  return pattern.matcher(value).replaceAll(toRe2jsReplacement(substitution));
}

/** RE2's `\N` group references become re2js's `$N`; a literal `$` is escaped. */
function toRe2jsReplacement(substitution: string): string {
  let out = '';
  for (let i = 0; i < substitution.length; i++) {
    const c = substitution[i];
    const next = substitution[i + 1];
    if (c === '\\' && next !== undefined && next >= '0' && next <= '9') {
      out += '$' + next;
      i++;
    } else if (c === '\\' && next === '\\') {
      out += '\\\\';
      i++;
    } else if (c === '$') {
      out += '\\$';
    } else {
      out += c;
    }
  }
  return out;
}
