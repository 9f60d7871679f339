/**
 * Delegate VirtualServices in `explain`: a root VirtualService's `http[].delegate: {name,
 * namespace}` rule is replaced by the rules of the host-less delegate VirtualService, merged with
 * it as istiod does before building any proxy's routes (pilot/pkg/model/push_context.go
 * initVirtualServices → virtualservice.go mergeVirtualServicesIfNeeded). Because the merge happens
 * on the VirtualService itself, it holds for gateway-bound and mesh roots alike.
 * - the delegate is looked up by name in `namespace` (the root's when unset) among VirtualServices
 *   without hosts; one that is missing, has hosts, or is not exported to the root's namespace is
 *   skipped: the root rule yields no routes (istiod logs and continues);
 * - each delegate rule is merged with the root rule (delegate-merge.ts); one whose match conflicts
 *   with the root's is dropped;
 * - short names were resolved in each VirtualService's own namespace before the merge
 *   (resolveVirtualServiceShortnames), so delegate destinations and match gateways resolve in the
 *   delegate's namespace;
 * - delegation is one level deep: a `delegate` inside a delegate is copied, not followed.
 */
import { resolveGatewayRef } from '../model/hosts';
import { isExportedTo, MeshModel } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { MergedMatch, mergeMatches, mergeRule } from './delegate-merge';
import { routingConfigFor, usesGatewaySemantics } from './routing-config';
import { compileHttpRoutes, compileMatch, CompiledRoute, DelegateOrigin } from './route-match';

/** A VirtualService's routes after delegation, and why some root rules lost routes. */
export interface DelegatedRoutes {
  readonly routes: readonly CompiledRoute[];
  /** For the trace: delegations istiod skips or trims, e.g. `http[1] delegates to shop/reviews, which does not exist: …`. */
  readonly issues: readonly string[];
}

export function isRootVirtualService(vs: Resource): boolean {
  return Array.isArray(vs.spec.http) && vs.spec.http.some((rule: any) => rule?.delegate);
}

/** The compiled routes of `vs`, delegate rules merged in (or `compileHttpRoutes(vs)` when it delegates nothing). */
export function compileWithDelegates(model: MeshModel, vs: Resource): DelegatedRoutes {
  const plain = compileHttpRoutes(vs);
  // istiod classifies host-less VirtualServices as delegates first: they are never roots.
  const hosts: unknown[] = Array.isArray(vs.spec.hosts) ? vs.spec.hosts : [];
  // A VirtualService derived from a Gateway API route is never merged (virtualservice.go: UseGatewaySemantics).
  if (hosts.length === 0 || !isRootVirtualService(vs) || usesGatewaySemantics(vs)) return { routes: plain, issues: [] };
  const routes: CompiledRoute[] = [];
  const issues: string[] = [];
  const rules: any[] = vs.spec.http;
  rules.forEach((rule, ruleIndex) => {
    const ref = rule?.delegate;
    if (!ref) {
      routes.push(...plain.filter((r) => r.ruleIndex === ruleIndex));
      return;
    }
    const namespace = typeof ref.namespace === 'string' && ref.namespace !== '' ? ref.namespace : vs.namespace;
    const id = `${namespace}/${ref.name}`;
    const delegate = routingConfigFor(model).virtualService(namespace, String(ref.name));
    const problem = !delegate ? 'which does not exist'
      : (Array.isArray(delegate.spec.hosts) && delegate.spec.hosts.length > 0) ? 'which has hosts, so it is not a delegate'
        : !isExportedTo(delegate, vs.namespace) ? `which is not exported to namespace ${vs.namespace}` : undefined;
    if (problem) {
      issues.push(`http[${ruleIndex}] delegates to VirtualService ${id}, ${problem}: istiod skips that rule, so it has no routes (virtualservice.go mergeVirtualServicesIfNeeded)`);
      return;
    }
    routes.push(...mergeDelegate(vs, rule, ruleIndex, delegate!, issues));
  });
  return { routes, issues };
}

/** istiod: virtualservice.go mergeHTTPRoutes — one merged rule per delegate rule that fits the root rule's match. */
function mergeDelegate(root: Resource, rootRule: any, ruleIndex: number, delegate: Resource, issues: string[]): CompiledRoute[] {
  const vsId = `${root.namespace}/${root.name}`;
  const delegateId = `${delegate.namespace}/${delegate.name}`;
  const rootMatches = withResolvedGateways(rootRule.match, root.namespace);
  const out: CompiledRoute[] = [];
  const delegateRules: any[] = Array.isArray(delegate.spec.http) ? delegate.spec.http : [];
  delegateRules.forEach((sub, delegateRuleIndex) => {
    const merged = mergeMatches(rootMatches, withResolvedGateways(sub?.match, delegate.namespace));
    if (!merged) {
      issues.push(`http[${delegateRuleIndex}] of delegate ${delegateId} has a match that narrows no match of root http[${ruleIndex}]: istiod drops it (virtualservice.go hasConflict)`);
      return;
    }
    const rule = mergeRule(rootRule, sub ?? {}, merged);
    const origin = (m?: MergedMatch): DelegateOrigin => ({
      virtualService: delegate, vsId: delegateId, ruleIndex: delegateRuleIndex, matchIndex: m?.delegateIndex, rootMatchIndex: m?.rootIndex,
    });
    if (merged.length === 0) {
      out.push({ virtualService: root, vsId, ruleIndex, rule, catchAll: true, delegate: origin() });
      return;
    }
    merged.forEach((m, index) => {
      const where = `VirtualService ${delegateId} http[${delegateRuleIndex}] (delegated from ${vsId} http[${ruleIndex}]) match[${index}]`;
      const match = compileMatch(m.entry, index, delegate.namespace, where);
      out.push({ virtualService: root, vsId, ruleIndex, rule, match, catchAll: match.catchAll, delegate: origin(m) });
    });
  });
  return out;
}

/** Match entries with `gateways` resolved in their own VirtualService's namespace, as istiod resolves them before merging. */
function withResolvedGateways(entries: unknown, namespace: string): any[] {
  if (!Array.isArray(entries)) return [];
  return entries.map((entry) => (Array.isArray(entry?.gateways) && entry.gateways.length > 0
    ? { ...entry, gateways: entry.gateways.map((g: string) => resolveGatewayRef(g, namespace)) }
    : entry ?? {}));
}

/** A readable form of a merged match entry, for the trace (`uri prefix /api/v2, header x-user exact "a"`). */
export function describeMatch(entry: any): string {
  if (!entry || typeof entry !== 'object') return 'all requests';
  const parts: string[] = [];
  const sm = (spec: any): string => {
    if (!spec || typeof spec !== 'object') return 'present';
    if (typeof spec.exact === 'string') return `exact ${JSON.stringify(spec.exact)}`;
    if (typeof spec.prefix === 'string') return `prefix ${JSON.stringify(spec.prefix)}`;
    if (typeof spec.regex === 'string') return `regex ${JSON.stringify(spec.regex)}`;
    return 'present';
  };
  for (const field of ['uri', 'scheme', 'method', 'authority']) if (entry[field]) parts.push(`${field} ${sm(entry[field])}`);
  for (const [name, spec] of Object.entries<any>(entry.headers ?? {})) parts.push(`header ${name} ${sm(spec)}`);
  for (const [name, spec] of Object.entries<any>(entry.withoutHeaders ?? {})) parts.push(`without header ${name} ${sm(spec)}`);
  for (const [name, spec] of Object.entries<any>(entry.queryParams ?? {})) parts.push(`query ${name} ${sm(spec)}`);
  if (entry.port) parts.push(`port ${entry.port}`);
  if (entry.sourceNamespace) parts.push(`sourceNamespace ${entry.sourceNamespace}`);
  if (entry.sourceLabels && Object.keys(entry.sourceLabels).length > 0) parts.push(`sourceLabels ${JSON.stringify(entry.sourceLabels)}`);
  if (Array.isArray(entry.gateways) && entry.gateways.length > 0) parts.push(`gateways [${entry.gateways.join(', ')}]`);
  return parts.length > 0 ? parts.join(', ') : 'all requests';
}

/** The trace's note for a matched delegated route: which delegate rule, and the merged match Envoy evaluated. */
export function delegatedRouteNote(route: CompiledRoute): string {
  const origin = route.delegate!;
  const entry = route.match ? route.rule.match?.[route.match.index] : undefined;
  const rootPart = origin.rootMatchIndex !== undefined ? ` match[${origin.rootMatchIndex}]` : '';
  const delegatePart = origin.matchIndex !== undefined ? ` match[${origin.matchIndex}]` : '';
  return `delegated: root ${route.vsId} http[${route.ruleIndex}]${rootPart} + delegate ${origin.vsId} http[${origin.ruleIndex}]${delegatePart} → merged match: ${describeMatch(entry)}`;
}
