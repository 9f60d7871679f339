/**
 * RE2 patterns that stand for plain strings: Istio's `prefix` string matches have no Gateway API
 * form except a regex (`<quoted prefix>.*`, full match as Envoy's safe_regex runs it), and the
 * precedence check must still see such a regex as the prefix it is.
 */
import { RE2JS } from 're2js';

/** Characters RE2 treats as syntax outside a class. */
const META = new Set(['\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$']);

/** `value` as an RE2 literal (Go's regexp.QuoteMeta). */
export function quoteRe2(value: string): string {
  return RE2JS.quote(value);
}

/** The full-match regex of "starts with `prefix`". */
export function prefixRegex(prefix: string): string {
  return `${quoteRe2(prefix)}.*`;
}

/** The full-match regex of "equals `value`" (for values a Gateway API Exact match cannot carry). */
export function exactRegex(value: string): string {
  return value === '' ? '^$' : quoteRe2(value);
}

/** The literal `L` when `pattern` is exactly `exactRegex(L)` (it matches `L` alone), else undefined. */
export function literalOf(pattern: string): string | undefined {
  if (pattern === '^$') return '';
  const literal = unquote(pattern);
  return literal !== undefined && literal !== '' ? literal : undefined;
}

/**
 * The literal `L` when `pattern` is exactly `quoteRe2(L) + '.*'` (so it means "starts with L"),
 * else undefined. Anything else is treated as an opaque regex.
 */
export function literalPrefixOf(pattern: string): string | undefined {
  if (!pattern.endsWith('.*')) return undefined;
  return unquote(pattern.slice(0, -2));
}

/** `body` read as an RE2 literal when it is exactly `quoteRe2` of something, else undefined. */
function unquote(body: string): string | undefined {
  let literal = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      const next = body[i + 1];
      if (next === undefined || /[0-9A-Za-z]/.test(next)) return undefined; // \d, \Q, \1 …: syntax
      literal += next;
      i++;
    } else if (META.has(c)) {
      return undefined;
    } else {
      literal += c;
    }
  }
  return quoteRe2(literal) === body ? literal : undefined;
}
