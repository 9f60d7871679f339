/**
 * IST0130 (rule never used) and IST0131 (match never used), exactly as istiod's validation
 * reports them (pkg/config/validation virtualservice analyzeUnreachableHTTPRules,
 * analyzeUnreachableTCPRules, analyzeUnreachableTLSRules, genMatchHTTPRoutes,
 * coveredValidation):
 * - IST0130: a second rule without matches; every match of a rule after a match-less rule; a
 *   rule whose matches all repeat earlier ones exactly (`name` aside);
 * - IST0131: a match that repeats an earlier one exactly; and, for HTTP, a URI-prefix match
 *   after another prefix match that "covers" it by Istio's string comparison (other prefix a
 *   prefix of this one, same port, and method, authority, headers, query parameters and
 *   withoutHeaders equal or the EARLIER value starting with the later one; a missing method
 *   counts as `exact:GET`; regex values count as empty; other fields are not compared).
 * Broader shadowing (a prefix or regex that swallows a later rule) is CIT120, shadowed-rules.ts.
 */
import { MeshModel, Resource } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { arr } from '../support/schema';
import { canonicalMatch } from '../support/match-json';

export const unreachableRules: Rule = {
  code: 'IST0130/IST0131',
  description: 'Every VirtualService rule and match can be reached (istiod\'s duplicate and prefix-overlap checks)',
  run(model: MeshModel): Finding[] {
    return model.ofKind('VirtualService').flatMap((vs) => (['http', 'tcp', 'tls'] as const).flatMap((via) => analyze(vs, via)));
  },
};

type Via = 'http' | 'tcp' | 'tls';

function analyze(vs: Resource, via: Via): Finding[] {
  const out: Finding[] = [];
  const unreachable = (rule: string, reason: string, fix: string) =>
    out.push(finding(vs, 'IST0130', 'warning', `VirtualService rule ${rule} not used (${reason}) in ${via}.`, fix));
  const ineffective = (rule: string, match: string, dup: string) =>
    out.push(finding(vs, 'IST0131', 'info', `VirtualService rule ${rule} match ${match} is not used (duplicate/overlapping match in rule ${dup}) in ${via}.`,
      'remove the match, or move the more specific rule before the one that covers it'));

  const rules = arr(vs.spec[via]);
  const seen = new Map<string, number>();
  const prefixMatches: PrefixMatch[] = [];
  let matchless = -1;
  rules.forEach((route: any, i: number) => {
    if (route === null || route === undefined) return;
    const name = ruleName(via, route, i);
    const matches = arr(route.match);
    if (matches.length === 0) {
      if (matchless >= 0) unreachable(name, 'only the last rule can have no matches', `give ${via}[${i}] a match or merge it into ${via}[${matchless}]; a rule without match catches everything`);
      matchless = i;
      return;
    }
    let duplicates = 0;
    matches.forEach((m: any, j: number) => {
      if (matchless >= 0) {
        unreachable(name, 'route without matches defined before', `move ${via}[${matchless}] (no match, catches everything) to the end of ${via}`);
        return;
      }
      const key = canonicalMatch(m);
      const dup = seen.get(key);
      if (dup !== undefined) {
        ineffective(name, matchName(via, m, j), ruleName(via, rules[dup], dup));
        duplicates++;
        return;
      }
      seen.set(key, i);
      const pm = via === 'http' ? prefixMatchOf(name, matchName(via, m, j), m) : undefined;
      if (pm) prefixMatches.push(pm);
    });
    if (duplicates === matches.length) {
      unreachable(name, 'all matches used by prior rules', `remove ${via}[${i}] or move it before the rules whose matches it repeats`);
    }
  });

  prefixMatches.forEach((earlier, a) => {
    for (const later of prefixMatches.slice(a + 1)) {
      if (later.prefix === earlier.prefix || !covered(earlier, later)) continue;
      ineffective(later.rule, `${later.match} of prefix ${later.prefix}`, `${earlier.match} of prefix ${earlier.prefix} on ${earlier.rule}`);
    }
  });
  return out;
}

/** routeName: an HTTP route's quoted name, else `#<index>`. */
function ruleName(via: Via, route: any, i: number): string {
  return via === 'http' && typeof route?.name === 'string' && route.name !== '' ? JSON.stringify(route.name) : `#${i}`;
}

/** requestName: an HTTP match's quoted name, else `#<index>`. */
function matchName(via: Via, match: any, j: number): string {
  return via === 'http' && typeof match?.name === 'string' && match.name !== '' ? JSON.stringify(match.name) : `#${j}`;
}

/** OverlappingMatchValidationForHTTPRoute: a prefix match with its other conditions as `exact:`/`prefix:` strings. */
interface PrefixMatch {
  readonly rule: string;
  readonly match: string;
  readonly prefix: string;
  readonly port: number;
  readonly method: string;
  readonly authority: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly queryParams: ReadonlyMap<string, string>;
  readonly withoutHeaders: ReadonlyMap<string, string>;
}

/** genMatchHTTPRoutes: only matches whose `uri` is a non-empty prefix take part. */
function prefixMatchOf(rule: string, match: string, m: any): PrefixMatch | undefined {
  const prefix = m?.uri?.prefix;
  if (typeof prefix !== 'string' || prefix === '') return undefined;
  const conditions = (o: any) => new Map(Object.entries(o && typeof o === 'object' ? o : {}).map(([k, v]) => [k, exactOrPrefix(v)]));
  return {
    rule,
    match,
    prefix,
    port: typeof m.port === 'number' ? m.port : 0,
    method: exactOrPrefix(m.method) || 'exact:GET',
    authority: exactOrPrefix(m.authority),
    headers: conditions(m.headers),
    queryParams: conditions(m.queryParams),
    withoutHeaders: conditions(m.withoutHeaders),
  };
}

/** assignExactOrPrefix: `exact:<v>`, `prefix:<v>`, or `''` (regex, presence, nothing). */
function exactOrPrefix(sm: any): string {
  if (typeof sm?.exact === 'string' && sm.exact !== '') return `exact:${sm.exact}`;
  if (typeof sm?.prefix === 'string' && sm.prefix !== '') return `prefix:${sm.prefix}`;
  return '';
}

/** coveredValidation(vA = earlier, vB = later), comparisons in Istio's direction. */
function covered(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix)) return false;
  if (a.port !== b.port) return false;
  if (a.method !== b.method && !a.method.startsWith(b.method)) return false;
  if (a.authority !== b.authority && !a.authority.startsWith(b.authority)) return false;
  return mapCovered(a.headers, b.headers) && mapCovered(a.queryParams, b.queryParams) && mapCovered(a.withoutHeaders, b.withoutHeaders);
}

function mapCovered(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) {
    const other = b.get(key);
    if (other === undefined) return false;
    if (value !== other && !value.startsWith(other)) return false;
  }
  return true;
}
