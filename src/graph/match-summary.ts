/**
 * One-line summaries of VirtualService rules for diagram labels: `prefix /svc1/`,
 * `cookie user=jason`, `default`. Written for people reading a picture, not to round-trip:
 * the gateways a match names are left out because the diagram's edges already show them.
 */

/** The catch-all summary: a rule without match conditions. */
export const DEFAULT_MATCH = 'default';

/**
 * The cookie idiom `HeaderMatch.cookieIs` writes (`^(.*?;\s*)?(name=value)(;.*)?$`) and the one
 * in Istio's bookinfo sample (`^(.*?;)?(name=value)(;.*)?$`): shown as `cookie name=value`
 * because nobody should have to read the regex to see who gets the canary.
 */
const COOKIE_IDIOM = /^\^\(\.\*\?;(?:\\s\*)?\)\?\((.+)\)\(;\.\*\)\?\$$/;

/** `exact`/`prefix`/`regex` of an Istio StringMatch, as `=v`, ` prefix v`, ` ~ v`. */
function stringMatch(match: any): string {
  if (!match || typeof match !== 'object') return '';
  if (typeof match.exact === 'string') return `=${match.exact}`;
  if (typeof match.prefix === 'string') return ` prefix ${match.prefix}`;
  if (typeof match.regex === 'string') return ` ~ ${match.regex}`;
  return ' present';
}

/** Undoes RE2 quoting (`\Q…\E` and backslash escapes) so `user=jason` reads as written. */
function unquoteRe2(text: string): string {
  return text.replace(/\\Q(.*?)\\E/g, '$1').replace(/\\(.)/g, '$1');
}

export function headerPart(name: string, match: any): string {
  if (name.toLowerCase() === 'cookie' && typeof match?.regex === 'string') {
    const cookie = COOKIE_IDIOM.exec(match.regex);
    if (cookie) return `cookie ${unquoteRe2(cookie[1])}`;
  }
  return `header ${name}${stringMatch(match)}`;
}

function uriPart(match: any): string {
  if (typeof match?.exact === 'string') return `exact ${match.exact}`;
  if (typeof match?.prefix === 'string') return `prefix ${match.prefix}`;
  if (typeof match?.regex === 'string') return `regex ${match.regex}`;
  return 'any path';
}

function entries(value: unknown): [string, any][] {
  return value && typeof value === 'object' ? Object.entries(value).sort(([a], [b]) => a.localeCompare(b)) : [];
}

/** One `match` entry of an `http` rule, its conditions joined by `and`. */
export function summarizeHttpMatch(match: any): string {
  const parts: string[] = [];
  if (match.uri) parts.push(uriPart(match.uri) + (match.ignoreUriCase ? ' (any case)' : ''));
  if (match.method) parts.push(`method${stringMatch(match.method)}`);
  if (match.authority) parts.push(`authority${stringMatch(match.authority)}`);
  if (match.scheme) parts.push(`scheme${stringMatch(match.scheme)}`);
  for (const [name, m] of entries(match.headers)) parts.push(headerPart(name, m));
  for (const [name, m] of entries(match.withoutHeaders)) parts.push(`not ${headerPart(name, m)}`);
  for (const [name, m] of entries(match.queryParams)) parts.push(`query ${name}${stringMatch(m)}`);
  if (typeof match.port === 'number') parts.push(`port ${match.port}`);
  if (match.sourceNamespace) parts.push(`from namespace ${match.sourceNamespace}`);
  for (const [key, value] of entries(match.sourceLabels)) parts.push(`from ${key}=${value}`);
  return parts.length > 0 ? parts.join(' and ') : DEFAULT_MATCH;
}

/** One `match` entry of a `tls` or `tcp` rule. */
export function summarizeL4Match(match: any): string {
  const parts: string[] = [];
  const sni: unknown = match.sniHosts;
  if (Array.isArray(sni) && sni.length > 0) parts.push(`sni ${sni.join(', ')}`);
  if (typeof match.port === 'number') parts.push(`port ${match.port}`);
  const subnets: unknown = match.destinationSubnets;
  if (Array.isArray(subnets) && subnets.length > 0) parts.push(`to ${subnets.join(', ')}`);
  if (match.sourceNamespace) parts.push(`from namespace ${match.sourceNamespace}`);
  for (const [key, value] of entries(match.sourceLabels)) parts.push(`from ${key}=${value}`);
  return parts.length > 0 ? parts.join(' and ') : DEFAULT_MATCH;
}

/**
 * A rule's match list as label lines: one line per alternative, continuation lines prefixed
 * with `or`, so `prefix /svc1/` / `or exact /svc1` reads top to bottom.
 */
export function summarizeMatches(matches: unknown, protocol: 'http' | 'tls' | 'tcp'): string[] {
  const list = Array.isArray(matches) ? matches.filter((m) => m && typeof m === 'object') : [];
  if (list.length === 0) return [DEFAULT_MATCH];
  const summarize = protocol === 'http' ? summarizeHttpMatch : summarizeL4Match;
  const lines = [...new Set(list.map(summarize))];
  return lines.map((line, i) => (i === 0 ? line : `or ${line}`));
}

/** What an `http` rule does besides routing, worth a line in the diagram. */
export function summarizeHttpActions(rule: any): string[] {
  const lines: string[] = [];
  if (rule.redirect) {
    const r = rule.redirect;
    const target = `${r.scheme ? `${r.scheme}://` : ''}${r.authority ?? ''}${r.uri ?? ''}` || 'same URL';
    lines.push(`redirect ${r.redirectCode ?? 301} to ${target}`);
  }
  if (rule.directResponse) lines.push(`responds ${rule.directResponse.status}`);
  if (rule.rewrite?.uri !== undefined) lines.push(`rewrite path to ${rule.rewrite.uri}`);
  if (rule.rewrite?.uriRegexRewrite) lines.push(`rewrite path ~ ${rule.rewrite.uriRegexRewrite.match}`);
  if (rule.rewrite?.authority) lines.push(`rewrite host to ${rule.rewrite.authority}`);
  if (rule.timeout) lines.push(`timeout ${rule.timeout}`);
  if (rule.retries && typeof rule.retries.attempts === 'number') lines.push(`retries ${rule.retries.attempts}`);
  if (rule.fault) lines.push('fault injection');
  return lines;
}
