/**
 * IST0130 (rule never used) and IST0131 (match never used), as istiod's
 * analyzeUnreachableHTTPRules: rules after a match-less rule, matches identical to an earlier one,
 * and URI-prefix matches that an earlier, shorter prefix with the same other conditions covers.
 */
import { MeshModel, Resource } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { arr } from '../support/schema';

export const unreachableRules: Rule = {
  code: 'IST0130/IST0131',
  description: 'Every VirtualService rule and match can be reached',
  run(model: MeshModel): Finding[] {
    return model.ofKind('VirtualService').flatMap((vs) => ['http', 'tcp', 'tls'].flatMap((via) => analyze(vs, via)));
  },
};

interface PrefixMatch {
  readonly rule: string;
  readonly match: string;
  readonly prefix: string;
  /** Every other condition, as exact-or-prefix strings (Istio's OverlappingMatchValidationForHTTPRoute). */
  readonly port: unknown;
  readonly method: string;
  readonly authority: string;
  readonly headers: Record<string, string>;
  readonly queryParams: Record<string, string>;
  readonly withoutHeaders: Record<string, string>;
}

function analyze(vs: Resource, via: string): Finding[] {
  const out: Finding[] = [];
  const rules = arr(vs.spec[via]);
  const seen = new Map<string, number>();
  const prefixMatches: PrefixMatch[] = [];
  let matchless = -1;
  const unreachable = (rule: string, reason: string, fix: string) =>
    out.push(finding(vs, 'IST0130', 'warning', `VirtualService rule ${rule} not used (${reason}) in ${via}.`, fix));
  const ineffective = (rule: string, match: string, dup: string) =>
    out.push(finding(vs, 'IST0131', 'info', `VirtualService rule ${rule} match ${match} is not used (duplicate/overlapping match in rule ${dup}) in ${via}.`,
      'remove the match, or move the more specific rule before the one that covers it'));

  rules.forEach((route: any, i: number) => {
    const name = ruleName(via, route, i);
    const matches = arr(route?.match);
    if (matches.length === 0) {
      if (matchless >= 0) unreachable(name, 'only the last rule can have no matches', `give ${via}[${i}] a match or merge it into ${via}[${matchless}]; a rule without match catches everything`);
      matchless = i;
      return;
    }
    let shadowed = 0;
    matches.forEach((m: any, j: number) => {
      if (matchless >= 0) {
        unreachable(name, 'route without matches defined before', `move ${via}[${matchless}] (no match, catches everything) to the end of ${via}`);
        shadowed++;
        return;
      }
      const key = canonical(m);
      const dup = seen.get(key);
      if (dup !== undefined) {
        ineffective(name, matchName(via, m, j), ruleName(via, rules[dup], dup));
        shadowed++;
        return;
      }
      seen.set(key, i);
      const pm = via === 'http' ? prefixMatchOf(name, matchName(via, m, j), m ?? {}) : undefined;
      if (!pm) return;
      const cover = prefixMatches.find((earlier) => earlier.prefix !== pm.prefix && covers(earlier, pm));
      if (cover) {
        ineffective(name, `${pm.match} of prefix ${pm.prefix}`, `${cover.match} of prefix ${cover.prefix} on ${cover.rule}`);
        shadowed++;
      }
      prefixMatches.push(pm);
    });
    if (shadowed === matches.length && matchless < 0) {
      unreachable(name, 'all matches used by prior rules', `remove ${via}[${i}] or move it before the rules whose matches cover it`);
    }
  });
  return out;
}

function ruleName(via: string, route: any, i: number): string {
  return via === 'http' && route?.name ? JSON.stringify(route.name) : `#${i}`;
}

function matchName(via: string, match: any, j: number): string {
  return via === 'http' && match?.name ? JSON.stringify(match.name) : `#${j}`;
}

/** A match with its `name` removed, keys sorted: equal strings mean identical conditions. */
function canonical(match: any): string {
  const { name: _name, ...rest } = match ?? {};
  return JSON.stringify(sortKeys(rest));
}

function sortKeys(value: any): any {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  return value;
}

const PREFIX_MATCH_FIELDS = new Set(['name', 'uri', 'port', 'method', 'authority', 'headers', 'queryParams', 'withoutHeaders']);

/** Only plain prefix matches with exact/prefix conditions are compared (regexes are not). */
function prefixMatchOf(rule: string, match: string, m: any): PrefixMatch | undefined {
  if (typeof m.uri?.prefix !== 'string' || Object.keys(m.uri).length !== 1) return undefined;
  if (!Object.keys(m).every((k) => PREFIX_MATCH_FIELDS.has(k))) return undefined;
  const plain = (sm: any): string | undefined => (sm === undefined ? '' : typeof sm.exact === 'string' ? sm.exact : typeof sm.prefix === 'string' ? sm.prefix : undefined);
  const map = (o: any): Record<string, string> | undefined => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(o ?? {})) {
      const s = plain(v);
      if (s === undefined) return undefined;
      out[k] = s;
    }
    return out;
  };
  const method = plain(m.method);
  const authority = plain(m.authority);
  const headers = map(m.headers);
  const queryParams = map(m.queryParams);
  const withoutHeaders = map(m.withoutHeaders);
  if (method === undefined || authority === undefined || !headers || !queryParams || !withoutHeaders) return undefined;
  return { rule, match, prefix: m.uri.prefix, port: m.port, method, authority, headers, queryParams, withoutHeaders };
}

/** Whether every request `b` matches is also matched by the earlier `a`. */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix)) return false;
  if (a.port !== b.port) return false;
  if (!b.method.startsWith(a.method) || !b.authority.startsWith(a.authority)) return false;
  return mapCovers(a.headers, b.headers) && mapCovers(a.queryParams, b.queryParams) && mapCovers(a.withoutHeaders, b.withoutHeaders);
}

function mapCovers(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => k in b && b[k].startsWith(a[k]));
}
