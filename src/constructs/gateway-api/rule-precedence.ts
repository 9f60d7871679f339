/**
 * Rule order on the two APIs. A VirtualService answers with its FIRST matching rule, in the order
 * written. istiod splits every HTTPRoute rule into one route per match and sorts them
 * (conversion.go sortHTTPRoutes, stable): path Exact > PathPrefix > RegularExpression, then the
 * longer path value, then a method match before none, then more header matches, then more query
 * matches; equal keys keep the rule order. A converted route therefore gives the same answer only
 * if every pair of matches the sort swaps can never match the same request. This check proves
 * that pairwise, conservatively (an unprovable pair is a conflict), and fails with CIT020 naming
 * both rules otherwise.
 *
 * Why pairwise suffices: let `a` be the first match in VS order for a request and `b` the first
 * in istiod's order. If `b` ≠ `a` then `a` comes before `b` in VS order (a is first there) and
 * after it in istiod's, and both match the request — exactly the pairs this check rejects
 * unless both belong to the same rule (same filters and backends, so the same answer).
 *
 * Every match is taken as the API server stores it: a rule without matches has the CRD default
 * `[{ path: { type: PathPrefix, value: / } }]` and a match without path `PathPrefix /`, so a
 * catch-all is NOT last for istiod: it ranks with the prefixes, above every regex.
 */
import { compileRe2, fullMatch } from '../../simulate/regex';
import { KEEP_ISTIO, noGatewayApiForm } from './no-form';
import { literalOf, literalPrefixOf } from './re2-literal';

type Json = Record<string, unknown>;

/** A Gateway API rule with, per match, the construct paths of the Istio match entries it stands for. */
export interface SourcedRule {
  readonly rule: Json;
  readonly sources: readonly (readonly string[])[];
}

/** One (rule, match) pair as istiod routes it. */
export interface RankedMatch {
  /** Index of the rule in the route. */
  readonly rule: number;
  /** Index of the match in the rule. */
  readonly match: number;
  readonly pathType: string;
  readonly pathValue: string;
  readonly method?: string;
  readonly headers: readonly Condition[];
  readonly queryParams: readonly Condition[];
}

interface Condition {
  readonly name: string;
  readonly type: string;
  readonly value: string;
}

const DEFAULT_PATH = { type: 'PathPrefix', value: '/' };

/** The (rule, match) pairs of `rules` in rule order, each match defaulted as the API server does. */
export function rankedMatches(rules: readonly Json[]): RankedMatch[] {
  return rules.flatMap((rule, r) => {
    const matches = (rule.matches as Json[] | undefined) ?? [];
    return (matches.length === 0 ? [{}] : matches).map((m, i) => {
      const path = { ...DEFAULT_PATH, ...(m.path as Json | undefined) } as { type: string; value: string };
      return {
        rule: r,
        match: i,
        pathType: path.type,
        pathValue: path.value,
        method: m.method as string | undefined,
        headers: conditions(m.headers),
        queryParams: conditions(m.queryParams),
      };
    });
  });
}

function conditions(list: unknown): Condition[] {
  return ((list as Json[] | undefined) ?? []).map((c) => ({ name: c.name as string, type: (c.type as string | undefined) ?? 'Exact', value: c.value as string }));
}

/** istiod conversion.go getURIRank: Exact 3, Prefix 2, Regex 1. */
function uriRank(m: RankedMatch): number {
  return m.pathType === 'Exact' ? 3 : m.pathType === 'PathPrefix' ? 2 : 1;
}

/** istiod conversion.go getURILength, of the Istio match createURIMatch made (a prefix loses one trailing `/`). */
function uriLength(m: RankedMatch): number {
  if (m.pathType === 'PathPrefix' && m.pathValue !== '/' && m.pathValue.endsWith('/')) return m.pathValue.length - 1;
  return m.pathValue.length;
}

/** The matches in the order istiod's Envoy routes try them (conversion.go sortHTTPRoutes, stable). */
export function istiodOrder(matches: readonly RankedMatch[]): RankedMatch[] {
  return matches
    .map((m, position) => ({ m, position }))
    .sort((x, y) => compareIstiod(x.m, y.m) || x.position - y.position)
    .map(({ m }) => m);
}

function compareIstiod(a: RankedMatch, b: RankedMatch): number {
  return (uriRank(b) - uriRank(a))
    || (uriLength(b) - uriLength(a))
    || (Number(b.method !== undefined) - Number(a.method !== undefined))
    || (b.headers.length - a.headers.length)
    || (b.queryParams.length - a.queryParams.length);
}

/**
 * Throws CIT020 when istiod's order can give a request another rule than the VirtualService's
 * first match would. `rules` are in VirtualService order; `where` names the route.
 */
export function checkRulePrecedence(rules: readonly SourcedRule[], where: string): void {
  const ranked = rankedMatches(rules.map((r) => r.rule));
  const sortedPosition = new Map<RankedMatch, number>();
  istiodOrder(ranked).forEach((m, i) => sortedPosition.set(m, i));
  for (let i = 0; i < ranked.length; i++) {
    for (let j = i + 1; j < ranked.length; j++) {
      const earlier = ranked[i];
      const later = ranked[j];
      if (earlier.rule === later.rule) continue;
      if (sortedPosition.get(later)! > sortedPosition.get(earlier)!) continue;
      if (provablyDisjoint(earlier, later)) continue;
      const sources = (m: RankedMatch) => rules[m.rule].sources[m.match] ?? [`${where}.rules[${m.rule}].matches[${m.match}]`];
      const name = (m: RankedMatch) => sources(m).join(' + ');
      throw noGatewayApiForm(sources(later)[0],
        `on the Gateway API istiod tries ${name(later)} before ${name(earlier)} (it orders Exact > PathPrefix, longer first > RegularExpression, then method, header and query counts), and both can match the same request`,
        { first: describe(earlier), then: describe(later) },
        `put the more specific rule first, make the two matches disjoint (different exact paths, separate path segments, different exact header values or methods), ${KEEP_ISTIO}`);
    }
  }
}

function describe(m: RankedMatch): string {
  const parts = [`${m.pathType} ${m.pathValue}`];
  if (m.method) parts.push(m.method);
  for (const h of m.headers) parts.push(`header ${h.name} ${h.type} ${h.value}`);
  for (const q of m.queryParams) parts.push(`query ${q.name} ${q.type} ${q.value}`);
  return parts.join(', ');
}

/** True only when no request can match both `a` and `b`. */
export function provablyDisjoint(a: RankedMatch, b: RankedMatch): boolean {
  if (a.method !== undefined && b.method !== undefined && a.method !== b.method) return true;
  if (pathsDisjoint(pathSet(a), pathSet(b))) return true;
  // Header names are case-insensitive, query parameter names are not (Envoy).
  if (conditionsDisjoint(a.headers, b.headers, (n) => n.toLowerCase())) return true;
  return conditionsDisjoint(a.queryParams, b.queryParams, (n) => n);
}

/** A path condition by what it matches, over the path without its query (Envoy with Gateway semantics). */
type PathSet =
  | { kind: 'exact'; value: string }
  /** path_separated_prefix (`/` = every path). */
  | { kind: 'segment'; value: string }
  /** A regex that is a quoted literal + `.*`: a plain string prefix. */
  | { kind: 'string'; value: string }
  | { kind: 'regex'; value: string };

function pathSet(m: RankedMatch): PathSet {
  if (m.pathType === 'Exact') return { kind: 'exact', value: m.pathValue };
  if (m.pathType === 'PathPrefix') {
    const v = m.pathValue;
    return { kind: 'segment', value: v !== '/' && v.endsWith('/') ? v.slice(0, -1) : v };
  }
  const exact = literalOf(m.pathValue);
  if (exact !== undefined) return { kind: 'exact', value: exact };
  const literal = literalPrefixOf(m.pathValue);
  return literal !== undefined ? { kind: 'string', value: literal } : { kind: 'regex', value: m.pathValue };
}

function inPathSet(set: PathSet, path: string): boolean {
  switch (set.kind) {
    case 'exact': return path === set.value;
    case 'segment': return segmentCovers(set.value, path);
    case 'string': return path.startsWith(set.value);
    default: return fullMatch(compileRe2(set.value, 'rule-precedence'), path);
  }
}

function segmentCovers(prefix: string, path: string): boolean {
  return prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
}

function pathsDisjoint(a: PathSet, b: PathSet): boolean {
  if (a.kind === 'exact') return !inPathSet(b, a.value);
  if (b.kind === 'exact') return !inPathSet(a, b.value);
  if (a.kind === 'regex' || b.kind === 'regex') return false;
  if (a.kind === 'segment' && b.kind === 'segment') return !segmentCovers(a.value, b.value) && !segmentCovers(b.value, a.value);
  if (a.kind === 'string' && b.kind === 'string') return !a.value.startsWith(b.value) && !b.value.startsWith(a.value);
  const segment = a.kind === 'segment' ? a.value : b.value;
  const prefix = a.kind === 'string' ? a.value : b.value;
  // Some path starts with `prefix` and is `segment` or under `segment/` unless neither is a
  // prefix of the other, or `prefix` runs on past `segment` with another character than `/`.
  if (segment === '/' || segment.startsWith(prefix)) return false;
  if (prefix.startsWith(segment)) return prefix[segment.length] !== '/';
  return true;
}

/** Disjoint when one name carries conditions no single value satisfies on both sides. */
function conditionsDisjoint(a: readonly Condition[], b: readonly Condition[], key: (name: string) => string): boolean {
  return a.some((x) => b.some((y) => key(x.name) === key(y.name) && valuesDisjoint(x, y)));
}

function valuesDisjoint(x: Condition, y: Condition): boolean {
  if (x.type === 'Exact' && y.type === 'Exact') return x.value !== y.value;
  if (x.type === 'Exact') return !fullMatch(compileRe2(y.value, 'rule-precedence'), x.value);
  if (y.type === 'Exact') return !fullMatch(compileRe2(x.value, 'rule-precedence'), y.value);
  const px = literalPrefixOf(x.value);
  const py = literalPrefixOf(y.value);
  return px !== undefined && py !== undefined && !px.startsWith(py) && !py.startsWith(px);
}
