/**
 * Whether one HTTP match entry takes every request another one would take (SEMANTICS §4:
 * first matching rule wins; conditions in one entry are ANDed). Sound, not complete: when the
 * answer cannot be read from the two entries, it is "no" — a rule is only called shadowed when
 * it surely is.
 */
import { resolveGatewayRef } from '../../model';
import { compileRe2, fullMatch as re2FullMatch } from '../../simulate/regex';

/** A string match as written: `{exact}`, `{prefix}`, `{regex}`, or `{}` (any value / present). */
type StringMatch = { exact?: unknown; prefix?: unknown; regex?: unknown };

/** Match fields this comparison understands; an earlier entry using another field covers nothing. */
const KNOWN_FIELDS = new Set(['name', 'uri', 'scheme', 'method', 'authority', 'headers', 'port', 'sourceLabels', 'gateways',
  'queryParams', 'ignoreUriCase', 'withoutHeaders', 'sourceNamespace', 'statPrefix']);

/**
 * Whether every request `later` matches is matched by `earlier`, for entries of one
 * VirtualService in `namespace` whose own gateways are `vsGateways` (`ns/name` or `mesh`).
 */
export function matchCovers(earlier: any, later: any, namespace: string, vsGateways: readonly string[]): boolean {
  const e = earlier ?? {};
  const l = later ?? {};
  if (!Object.keys(e).every((k) => KNOWN_FIELDS.has(k))) return false;
  if (e.uri !== undefined && !stringMatchCovers(e.uri, l.uri, e.ignoreUriCase === true, l.ignoreUriCase === true)) return false;
  for (const field of ['scheme', 'method', 'authority']) {
    if (e[field] !== undefined && !stringMatchCovers(e[field], l[field], false, false)) return false;
  }
  if (!conditionsCover(e.headers, l.headers, (k) => k.toLowerCase())) return false;
  if (!conditionsCover(e.queryParams, l.queryParams, (k) => k)) return false;
  if (!exclusionsCover(e.withoutHeaders, l.withoutHeaders)) return false;
  if (e.port !== undefined && e.port !== l.port) return false;
  if (e.sourceNamespace !== undefined && e.sourceNamespace !== l.sourceNamespace) return false;
  if (!Object.entries(e.sourceLabels ?? {}).every(([k, v]) => (l.sourceLabels ?? {})[k] === v)) return false;
  // match.gateways replaces the VirtualService's gateways for that entry.
  const gatewaysOf = (m: any) => (Array.isArray(m.gateways) && m.gateways.length > 0 ? m.gateways.map((g: string) => resolveGatewayRef(String(g), namespace)) : vsGateways);
  const earlierGateways = new Set(gatewaysOf(e));
  return gatewaysOf(l).every((g: string) => earlierGateways.has(g));
}

/** A catch-all entry (URI absent, prefix `/` or regex `.*`, no request condition): gateways move these last. */
export function isCatchAll(match: any): boolean {
  const m = match ?? {};
  const uri = m.uri;
  const uriAny = uri === undefined || uri.prefix === '/' || uri.regex === '.*' || Object.keys(uri).length === 0;
  const conditions = ['headers', 'withoutHeaders', 'queryParams'].some((f) => Object.keys(m[f] ?? {}).length > 0)
    || ['method', 'authority', 'scheme'].some((f) => m[f] !== undefined);
  return uriAny && !conditions;
}

/** Every condition of `earlier` (by key) is implied by a condition of `later` on the same key. */
function conditionsCover(earlier: any, later: any, key: (k: string) => string): boolean {
  const laterByKey = new Map<string, any>(Object.entries<any>(later ?? {}).map(([k, v]) => [key(k), v]));
  return Object.entries<any>(earlier ?? {}).every(([k, v]) => laterByKey.has(key(k)) && stringMatchCovers(v, laterByKey.get(key(k)), false, false));
}

/** `withoutHeaders`: the later entry must exclude at least what the earlier one excludes. */
function exclusionsCover(earlier: any, later: any): boolean {
  const laterByKey = new Map<string, any>(Object.entries<any>(later ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.entries<any>(earlier ?? {}).every(([k, v]) => laterByKey.has(k.toLowerCase()) && stringMatchCovers(laterByKey.get(k.toLowerCase()), v, false, false));
}

/**
 * Whether string match `a` accepts every value `b` accepts. `b` undefined means the field is not
 * constrained (any value, or absent) — only an unconstrained `a` covers it.
 */
export function stringMatchCovers(a: StringMatch | undefined, b: StringMatch | undefined, aIgnoreCase: boolean, bIgnoreCase: boolean): boolean {
  const pa = pattern(a);
  if (pa.kind === 'any') return true;
  if (b === undefined) return false;
  const pb = pattern(b);
  if (!isValue(pa) || !isValue(pb)) return false;
  return valuesCover(pa, pb, aIgnoreCase, bIgnoreCase);
}

function valuesCover(pa: ValuePattern, pb: ValuePattern, aIgnoreCase: boolean, bIgnoreCase: boolean): boolean {
  // A case-insensitive later match takes case variants that a case-sensitive earlier one refuses,
  // unless the earlier value has no letters whose case could differ.
  if (bIgnoreCase && !aIgnoreCase && !caseless(pa.value)) return false;
  const fold = (s: string) => (aIgnoreCase ? s.toLowerCase() : s);
  if (pa.kind === 'exact') return pb.kind === 'exact' && fold(pb.value) === fold(pa.value) && (!bIgnoreCase || aIgnoreCase || caseless(pb.value));
  if (pa.kind === 'prefix') {
    if (pb.kind === 'regex') return fold(literalPrefix(pb.value)).startsWith(fold(pa.value));
    return fold(pb.value).startsWith(fold(pa.value));
  }
  // pa is a regex that is not a plain prefix: it covers exact values it fully matches.
  return pb.kind === 'exact' && !bIgnoreCase && !aIgnoreCase && fullMatch(pa.value, pb.value);
}

type ValuePattern = { kind: 'exact' | 'prefix' | 'regex'; value: string };
type Pattern = { kind: 'any' | 'unknown' } | ValuePattern;

function isValue(p: Pattern): p is ValuePattern {
  return p.kind === 'exact' || p.kind === 'prefix' || p.kind === 'regex';
}

/** A string match as a pattern; a regex of the form `^?<literal>.*$?` is a prefix, `.*` is any. */
function pattern(sm: StringMatch | undefined): Pattern {
  if (sm === undefined || sm === null || typeof sm !== 'object') return { kind: 'any' };
  if (typeof sm.exact === 'string') return { kind: 'exact', value: sm.exact };
  if (typeof sm.prefix === 'string') return sm.prefix === '' ? { kind: 'any' } : { kind: 'prefix', value: sm.prefix };
  if (typeof sm.regex === 'string') {
    const asPrefix = regexAsPrefix(sm.regex);
    if (asPrefix === '') return { kind: 'any' };
    return asPrefix !== undefined ? { kind: 'prefix', value: asPrefix } : { kind: 'regex', value: sm.regex };
  }
  return Object.keys(sm).length === 0 ? { kind: 'any' } : { kind: 'unknown' };
}

const META = new Set(['\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$']);

/** The literal every match of `regex` must start with (sound: may be shorter than the real one). */
export function literalPrefix(regex: string): string {
  if (hasTopLevelAlternation(regex)) return '';
  let i = regex.startsWith('^') ? 1 : 0;
  let literal = '';
  while (i < regex.length) {
    const c = regex[i];
    let next: string;
    let width: number;
    if (c === '\\' && i + 1 < regex.length && META.has(regex[i + 1])) {
      next = regex[i + 1];
      width = 2;
    } else if (!META.has(c)) {
      next = c;
      width = 1;
    } else {
      break;
    }
    // A quantifier after this character makes it optional or repeatable: it is not fixed.
    const after = regex[i + width];
    if (after === '*' || after === '?' || after === '{' || after === '+') {
      if (after === '+') literal += next;
      break;
    }
    literal += next;
    i += width;
  }
  return literal;
}

/** `^?<literal>.*$?` → the literal; undefined for any other regex. */
function regexAsPrefix(regex: string): string | undefined {
  let body = regex.startsWith('^') ? regex.slice(1) : regex;
  if (body.endsWith('$') && !body.endsWith('\\$')) body = body.slice(0, -1);
  if (!body.endsWith('.*') || body.endsWith('\\.*')) return undefined;
  const head = body.slice(0, -2);
  const literal = literalPrefix(head);
  return unescapedLength(head) === literal.length && !hasTopLevelAlternation(head) ? literal : undefined;
}

function unescapedLength(s: string): number {
  return s.replace(/\\(.)/g, '$1').length;
}

function hasTopLevelAlternation(regex: string): boolean {
  for (let i = 0; i < regex.length; i++) {
    if (regex[i] === '\\') i++;
    else if (regex[i] === '|') return true;
  }
  return false;
}

function caseless(s: string): boolean {
  return s.toLowerCase() === s.toUpperCase();
}

/** RE2 whole-string match, through the simulator's compile cache; an invalid regex covers nothing. */
function fullMatch(regex: string, value: string): boolean {
  try {
    return re2FullMatch(compileRe2(regex, 'uri.regex'), value);
  } catch {
    return false;
  }
}
