/**
 * One HTTPRoute rule (with at most one match, after splitting) → one Istio HTTPRoute
 * (conversion.go convertHTTPRoute; the split is HTTPRouteCollection's), and the order istiod
 * puts them in (sortHTTPRoutes, getURIRank, getURILength).
 */
import { buildDestination, buildDestinations, HardRouteError, RouteContext, RouteError, weightSum } from './backends';
import { INVALID_FILTER } from './conditions';
import { arr } from './derived';
import {
  createCorsFilter, createHeadersFilter, createMatch, createRedirectFilter, createRewriteFilter, mirrorPercentage, protoDuration,
} from './filters';

export interface ConvertedRules {
  /** The Istio HTTPRoutes, in rule order (undefined after a hard error: nothing is programmed). */
  readonly http?: any[];
  /** Backend and mirror problems (the route is still programmed), or the one hard error. */
  readonly errors: readonly RouteError[];
}

/**
 * The CRD's defaults, applied by the API server before istiod reads the route: no `rules` means one
 * rule matching `PathPrefix /`, and a rule without `matches` matches `PathPrefix /`.
 */
function rulesOf(spec: any): any[] {
  return Array.isArray(spec?.rules) ? spec.rules : [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }];
}

function matchesOf(rule: any): any[] {
  return Array.isArray(rule?.matches) ? rule.matches : [{ path: { type: 'PathPrefix', value: '/' } }];
}

/** Every rule of the route, split per match, converted; a hard error stops the whole route. */
export function convertHttpRules(ctx: RouteContext): ConvertedRules {
  const out: any[] = [];
  const errors: RouteError[] = [];
  try {
    rulesOf(ctx.route.spec).forEach((rule: any, n: number) => {
      const matches = matchesOf(rule);
      for (const match of matches.length > 0 ? matches : [undefined]) {
        const { route, errors: ruleErrors } = convertHttpRule(ctx, rule, n, match);
        out.push(route);
        errors.push(...ruleErrors);
      }
    });
  } catch (e) {
    if (e instanceof HardRouteError) return { errors: [e.error] };
    throw e;
  }
  return { http: out, errors };
}

/** convertHTTPRoute. */
function convertHttpRule(ctx: RouteContext, rule: any, pos: number, match: any): { route: any; errors: RouteError[] } {
  const field = `spec.rules[${pos}]`;
  const route: any = { name: typeof rule?.name === 'string' ? rule.name : `${ctx.route.namespace}.${ctx.route.name}.${pos}` };
  if (match !== undefined) route.match = [createMatch(match)];
  const errors: RouteError[] = [];
  arr(rule?.filters).forEach((filter: any, k: number) => {
    const at = `${field}.filters[${k}]`;
    switch (filter?.type) {
      case 'RequestHeaderModifier': {
        const h = createHeadersFilter(filter.requestHeaderModifier);
        if (h) route.headers = { ...(route.headers ?? {}), request: h };
        break;
      }
      case 'ResponseHeaderModifier': {
        const h = createHeadersFilter(filter.responseHeaderModifier);
        if (h) route.headers = { ...(route.headers ?? {}), response: h };
        break;
      }
      case 'RequestRedirect': route.redirect = createRedirectFilter(filter.requestRedirect); break;
      case 'URLRewrite': {
        const rewrite = createRewriteFilter(filter.urlRewrite);
        if (rewrite) route.rewrite = rewrite;
        else delete route.rewrite;
        break;
      }
      case 'CORS': route.corsPolicy = createCorsFilter(filter.cors); break;
      case 'RequestMirror': {
        // A mirror to an invalid backend is dropped and reported; the route stays.
        const { destination, error } = buildDestination(ctx, filter.requestMirror?.backendRef, `${at}.requestMirror.backendRef`);
        if (error) {
          errors.push(error);
        } else {
          const percentage = mirrorPercentage(filter.requestMirror);
          route.mirrors = [...(route.mirrors ?? []), { destination, ...(percentage ? { percentage } : {}) }];
        }
        break;
      }
      default:
        throw new HardRouteError({ reason: INVALID_FILTER, message: `unsupported filter type "${filter?.type}"`, field: at });
    }
  });
  if (rule?.retry && typeof rule.retry === 'object') {
    // "Implementations SHOULD retry on connection errors … if a retry stanza is configured."
    const retryOn = ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', ...arr(rule.retry.codes).map(String)];
    const attempts = typeof rule.retry.attempts === 'number' ? rule.retry.attempts : 2;
    route.retries = attempts === 0 ? {} : { attempts, retryOn: retryOn.join(',') };
    const backoff = protoDuration(rule.retry.backoff);
    if (backoff) route.retries.backoff = backoff;
  }
  const request = protoDuration(rule?.timeouts?.request);
  if (request) route.timeout = request;
  const backendRequest = protoDuration(rule?.timeouts?.backendRequest);
  if (backendRequest) {
    if (route.retries) route.retries.perTryTimeout = backendRequest;
    else route.timeout = backendRequest;
  }
  const refs = arr(rule?.backendRefs);
  if (weightSum(refs) === 0 && !route.redirect) {
    // "The spec requires us to return 500 when there are no >0 weight backends"
    route.directResponse = { status: 500 };
  } else if (Array.isArray(rule?.backendRefs)) {
    const built = buildDestinations(ctx, refs, (i) => `${field}.backendRefs[${i}]`, true);
    if (built.route.length > 0) route.route = built.route;
    errors.push(...built.errors);
  }
  return { route, errors };
}

/** getURIRank: Exact > Prefix > Regex > none. */
function uriRank(match: any): number {
  const uri = match?.uri;
  if (!uri) return -1;
  if (uri.exact !== undefined) return 3;
  if (uri.prefix !== undefined) return 2;
  if (uri.regex !== undefined) return 1;
  return -1;
}

/** getURILength. */
function uriLength(match: any): number {
  const uri = match?.uri;
  if (!uri) return 0;
  return String(uri.exact ?? uri.prefix ?? uri.regex ?? '').length;
}

/**
 * sortHTTPRoutes' "less": routes without a match last; then path type (Exact, Prefix, Regex), longer
 * path, a method match, more header matches, more query matches. Equal routes keep their order
 * (sort.SliceStable), which is creation time, then namespace/name, then rule order.
 */
function lessHttpRoute(a: any, b: any): boolean {
  if (arr(a.match).length === 0) return false;
  if (arr(b.match).length === 0) return true;
  const m1 = a.match[0];
  const m2 = b.match[0];
  const r1 = uriRank(m1);
  const r2 = uriRank(m2);
  if (r1 !== r2) return r1 > r2;
  const l1 = uriLength(m1);
  const l2 = uriLength(m2);
  if (l1 !== l2) return l1 > l2;
  if ((m1.method === undefined) !== (m2.method === undefined)) return m1.method !== undefined;
  const h1 = Object.keys(m1.headers ?? {}).length;
  const h2 = Object.keys(m2.headers ?? {}).length;
  if (h1 !== h2) return h1 > h2;
  return Object.keys(m1.queryParams ?? {}).length > Object.keys(m2.queryParams ?? {}).length;
}

/** sortHTTPRoutes (stable; Array.prototype.sort is stable). */
export function sortHttpRoutes(routes: readonly any[]): any[] {
  return [...routes].sort((a, b) => (lessHttpRoute(a, b) ? -1 : lessHttpRoute(b, a) ? 1 : 0));
}

/** augmentPortMatch: a mesh parentRef with a port adds it to every match. */
export function augmentPortMatch(routes: readonly any[], port: number): any[] {
  return routes.map((r) => {
    const copy = JSON.parse(JSON.stringify(r));
    if (arr(copy.match).length === 0) copy.match = [{ port }];
    else copy.match = copy.match.map((m: any) => ({ ...m, port }));
    return copy;
  });
}
