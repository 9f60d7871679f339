/**
 * Route nodes for the VirtualService rules istiod derives from an HTTPRoute or TLSRoute. istiod
 * splits a rule per match, sorts the pieces, and repeats them in one VirtualService per parent
 * and hostname; the diagram draws one node per rule the user wrote (`svc-router: svc-1`),
 * labelled in the Gateway API's own words (`PathPrefix /svc1`, `rewrite ReplacePrefixMatch /`).
 */
import { MeshModel } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { routeOriginOf } from '../simulate/route-origin';
import { DEFAULT_MATCH, headerPart, summarizeMatches } from './match-summary';

export interface DerivedRuleNode {
  readonly id: string;
  readonly lines: readonly string[];
  /** The route's namespace (the node is drawn there). */
  readonly namespace: string;
}

function list(value: unknown): any[] {
  return Array.isArray(value) ? value.filter((v) => v && typeof v === 'object') : [];
}

/** A Gateway API string match (`type` defaults to Exact) in the Istio shape headerPart reads. */
function istioStringMatch(match: any): any {
  return match?.type === 'RegularExpression' ? { regex: String(match.value) } : { exact: String(match?.value) };
}

function valuePart(match: any): string {
  return match?.type === 'RegularExpression' ? ` ~ ${match.value}` : `=${match?.value}`;
}

/** One HTTPRouteMatch, its conditions joined by `and`; the path as the spec writes it (the CRD defaults it to `PathPrefix /`). */
export function summarizeHttpRouteMatch(match: any): string {
  const parts: string[] = [];
  const path = match.path ?? { type: 'PathPrefix', value: '/' };
  parts.push(`${path.type ?? 'PathPrefix'} ${path.value ?? '/'}`);
  if (typeof match.method === 'string') parts.push(`method=${match.method}`);
  for (const h of list(match.headers).sort((a, b) => String(a.name).localeCompare(String(b.name)))) parts.push(headerPart(String(h.name), istioStringMatch(h)));
  for (const q of list(match.queryParams).sort((a, b) => String(a.name).localeCompare(String(b.name)))) parts.push(`query ${q.name}${valuePart(q)}`);
  return parts.join(' and ');
}

/** A rule's `matches` as label lines, alternatives prefixed with `or` (as summarizeMatches does). */
function httpRouteMatchLines(rule: any): string[] {
  const matches = Array.isArray(rule?.matches) ? list(rule.matches) : [{}];
  if (matches.length === 0) return [DEFAULT_MATCH];
  return [...new Set(matches.map(summarizeHttpRouteMatch))].map((line, i) => (i === 0 ? line : `or ${line}`));
}

function pathModifier(path: any): string {
  if (path?.type === 'ReplaceFullPath') return `ReplaceFullPath ${path.replaceFullPath}`;
  if (path?.type === 'ReplacePrefixMatch') return `ReplacePrefixMatch ${path.replacePrefixMatch}`;
  return '';
}

/** What the rule does besides routing, from its filters, timeouts and retry. */
function httpRouteActionLines(rule: any, derived: any): string[] {
  const lines: string[] = [];
  for (const filter of list(rule?.filters)) {
    if (filter.type === 'RequestRedirect') {
      const r = filter.requestRedirect ?? {};
      const target = `${r.scheme ? `${r.scheme}://` : ''}${r.hostname ?? ''}${typeof r.port === 'number' ? `:${r.port}` : ''}${pathModifier(r.path) ? ` ${pathModifier(r.path)}` : ''}`.trim() || 'same URL';
      // The CRD defaults statusCode to 302.
      lines.push(`redirect ${r.statusCode ?? 302} to ${target}`);
    }
    if (filter.type === 'URLRewrite') {
      const path = pathModifier(filter.urlRewrite?.path);
      if (path) lines.push(`rewrite ${path}`);
      if (filter.urlRewrite?.hostname) lines.push(`rewrite host to ${filter.urlRewrite.hostname}`);
    }
  }
  // A rule without backends (or with weight 0 only) answers istiod's directResponse.
  if (derived?.directResponse) lines.push(`responds ${derived.directResponse.status}`);
  if (rule?.timeouts?.request) lines.push(`timeout ${rule.timeouts.request}`);
  if (rule?.retry && typeof rule.retry.attempts === 'number') lines.push(`retries ${rule.retry.attempts}`);
  return lines;
}

/**
 * The node of the user's rule behind `derived` (one entry of `vs`'s `http` or `tls`). Its id names
 * the route and the rule index, so every split piece and every parent's copy lands on one node.
 */
export function derivedRuleNode(model: MeshModel, vs: Resource, section: 'http' | 'tls' | 'tcp', derived: any): DerivedRuleNode {
  const owner = vs.derivedFrom as Resource;
  const origin = routeOriginOf(model, vs, derived);
  const rules: any[] = Array.isArray(owner.spec?.rules) ? owner.spec.rules : [];
  const index = origin?.ruleIndex;
  const rule = index !== undefined ? rules[index] : undefined;
  const name: string | undefined = typeof rule?.name === 'string' && rule.name !== '' ? rule.name : undefined;
  const title = name ? `${owner.name}: ${name}` : rules.length > 1 && index !== undefined ? `${owner.name} #${index + 1}` : owner.name;
  const lines = section === 'http'
    ? [title, ...httpRouteMatchLines(rule ?? {}), ...httpRouteActionLines(rule, derived)]
    // A TLSRoute has no matches: istiod matches its hostnames as SNI, which the derived rule says.
    : [`${title} (${section})`, ...summarizeMatches(derived?.match, section)];
  return {
    id: `route:${owner.namespace}/${owner.name}/${owner.kind.toLowerCase()}/${index ?? name ?? 0}`,
    lines,
    namespace: owner.namespace,
  };
}

/** A derived destination's share of the rule, as a percentage: Gateway API weights are relative. */
export function derivedWeightLabel(route: readonly any[], entry: any): string | undefined {
  if (route.length <= 1) return undefined;
  const weightOf = (r: any) => (typeof r.weight === 'number' ? r.weight : 0);
  const sum = route.reduce((s, r) => s + weightOf(r), 0);
  const percent = sum > 0 ? Math.round((weightOf(entry) * 1000) / sum) / 10 : 0;
  return `${percent}%`;
}
