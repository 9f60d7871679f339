/**
 * HTTP match entries compiled into predicates (SEMANTICS §4 "Route matching"). One Istio rule
 * with n `match` entries becomes n Envoy routes, one per entry, so entries are compiled
 * separately: the OR across entries is "first route that matches", the AND inside an entry is
 * the predicate below.
 */
import { resolveGatewayRef } from '../model/hosts';
import { Resource } from '../model/resource';
import { labelsMatch } from '../model/workload';
import { compileRe2, fullMatch } from './regex';
import { usesGatewaySemantics } from './routing-config';
import { NormalizedRequest } from './types';

/** How the path was matched; the rewrite needs to know (prefix_rewrite vs whole-path rewrite). */
export type UriMatch =
  /** `separated`: Envoy path_separated_prefix (Gateway API PathPrefix), `value` without its trailing `/`. */
  | { readonly kind: 'prefix'; readonly value: string; readonly ignoreCase: boolean; readonly separated?: boolean }
  | { readonly kind: 'exact'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'regex'; readonly value: string };

export type Predicate = (request: NormalizedRequest) => boolean;

/** The caller as a route sees it: the gateway pod or the sidecar's workload. */
export interface SourceContext {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface CompiledMatch {
  readonly index: number;
  readonly name?: string;
  /** `match.port`: entries for another port are dropped. */
  readonly port?: number;
  /** `match.gateways` resolved to `ns/name` or `mesh`; overrides the VirtualService's list. */
  readonly gateways?: readonly string[];
  readonly sourceLabels?: Readonly<Record<string, string>>;
  readonly sourceNamespace?: string;
  readonly uri?: UriMatch;
  /** Conditions Envoy evaluates on the request (uri, headers, query, method, authority, scheme). */
  readonly test: Predicate;
  /** Prefix `/` (or regex `.*`, or no uri) and no request condition: sorted last when merged. */
  readonly catchAll: boolean;
}

/** One Envoy route: a rule with one of its match entries (or a rule without `match`). */
export interface CompiledRoute {
  readonly virtualService: Resource;
  /** `ns/name` of the VirtualService. */
  readonly vsId: string;
  readonly ruleIndex: number;
  readonly rule: any;
  /** Undefined when the rule has no `match` (it matches everything). */
  readonly match?: CompiledMatch;
  readonly catchAll: boolean;
  /** Set when the rule came from a delegate VirtualService merged into this root (delegates.ts). */
  readonly delegate?: DelegateOrigin;
  /** The VirtualService was derived from a Gateway API route: Envoy routes get Gateway API semantics (route.go UseGatewaySemantics). */
  readonly gatewaySemantics?: boolean;
}

/** Where a delegated route came from: the delegate's rule and match entry, and the root's match entry. */
export interface DelegateOrigin {
  readonly virtualService: Resource;
  /** `ns/name` of the delegate VirtualService. */
  readonly vsId: string;
  /** Index in the delegate's `http`. */
  readonly ruleIndex: number;
  /** Index in the delegate rule's `match`; undefined when it has none. */
  readonly matchIndex?: number;
  /** Index in the root rule's `match`; undefined when it has none. */
  readonly rootMatchIndex?: number;
}

const ALWAYS: Predicate = () => true;

/** Compiles every rule × entry of a VirtualService's `http` list, in order. */
export function compileHttpRoutes(vs: Resource): CompiledRoute[] {
  const vsId = `${vs.namespace}/${vs.name}`;
  const routes: CompiledRoute[] = [];
  const rules: any[] = Array.isArray(vs.spec.http) ? vs.spec.http : [];
  const gateway = usesGatewaySemantics(vs);
  rules.forEach((rule, ruleIndex) => {
    const entries: any[] = Array.isArray(rule?.match) ? rule.match : [];
    if (entries.length === 0) {
      routes.push(gateway ? { virtualService: vs, vsId, ruleIndex, rule, catchAll: true, gatewaySemantics: true } : { virtualService: vs, vsId, ruleIndex, rule, catchAll: true });
      return;
    }
    entries.forEach((entry, index) => {
      const where = `VirtualService ${vsId} http[${ruleIndex}].match[${index}]`;
      const match = compileMatch(entry ?? {}, index, vs.namespace, where, gateway);
      routes.push(gateway ? { virtualService: vs, vsId, ruleIndex, rule, match, catchAll: match.catchAll, gatewaySemantics: true }
        : { virtualService: vs, vsId, ruleIndex, rule, match, catchAll: match.catchAll });
    });
  });
  return routes;
}

/** Whether an entry survives the filters istiod applies while building a proxy's routes. */
export function entryApplies(match: CompiledMatch | undefined, port: number, callerGateway: string): boolean {
  if (!match) return true;
  if (match.port !== undefined && match.port !== port) return false;
  if (match.gateways && !match.gateways.includes(callerGateway)) return false;
  return true;
}

/** `sourceLabels` / `sourceNamespace` against the calling proxy. */
export function sourceApplies(match: CompiledMatch | undefined, source: SourceContext): boolean {
  if (!match) return true;
  if (match.sourceNamespace !== undefined && match.sourceNamespace !== source.namespace) return false;
  if (match.sourceLabels && !labelsMatch(match.sourceLabels, source.labels)) return false;
  return true;
}

export function compileMatch(entry: any, index: number, vsNamespace: string, where: string, gatewaySemantics = false): CompiledMatch {
  const tests: Predicate[] = [];
  let uri: UriMatch | undefined;
  if (entry.uri && typeof entry.uri === 'object') {
    const ignoreCase = entry.ignoreUriCase === true;
    if (typeof entry.uri.exact === 'string') {
      uri = { kind: 'exact', value: entry.uri.exact, ignoreCase };
      const wanted = ignoreCase ? entry.uri.exact.toLowerCase() : entry.uri.exact;
      tests.push(ignoreCase ? (r) => r.pathOnly.toLowerCase() === wanted : (r) => r.pathOnly === wanted);
    } else if (typeof entry.uri.prefix === 'string' && gatewaySemantics && entry.uri.prefix !== '/') {
      uri = pathSeparatedPrefix(entry.uri.prefix, ignoreCase, tests);
    } else if (typeof entry.uri.prefix === 'string') {
      uri = { kind: 'prefix', value: entry.uri.prefix, ignoreCase };
      const wanted = ignoreCase ? entry.uri.prefix.toLowerCase() : entry.uri.prefix;
      // A plain string prefix, not a path-segment prefix: `/v1` matches `/v1x` too.
      tests.push(ignoreCase ? (r) => r.pathOnly.toLowerCase().startsWith(wanted) : (r) => r.pathOnly.startsWith(wanted));
    } else if (typeof entry.uri.regex === 'string') {
      uri = { kind: 'regex', value: entry.uri.regex };
      const re = compileRe2(entry.uri.regex, `${where}.uri.regex`);
      tests.push((r) => fullMatch(re, r.pathOnly));
    }
  }
  const uriIsCatchAll = uri === undefined || (uri.kind === 'prefix' && uri.value === '/') || (uri.kind === 'regex' && uri.value === '.*');

  let requestConditions = 0;
  for (const [name, spec] of Object.entries<any>(entry.headers ?? {})) {
    const header = name.toLowerCase();
    const test = compileStringMatch(spec, `${where}.headers.${name}`);
    tests.push((r) => test(r.headers.get(header)));
    requestConditions++;
  }
  for (const [name, spec] of Object.entries<any>(entry.withoutHeaders ?? {})) {
    const header = name.toLowerCase();
    const test = compileStringMatch(spec, `${where}.withoutHeaders.${name}`);
    const presence = isPresenceMatch(spec);
    // Inverted; an absent header counts as empty, so `{exact: x}` holds when the header is missing,
    // and `{}` ("present") inverted means "absent".
    tests.push(presence ? (r) => !r.headers.has(header) : (r) => !test(r.headers.get(header) ?? ''));
    requestConditions++;
  }
  for (const [name, spec] of Object.entries<any>(entry.queryParams ?? {})) {
    const test = compileStringMatch(spec, `${where}.queryParams.${name}`);
    tests.push((r) => test(r.queryParams.get(name)));
    requestConditions++;
  }
  if (entry.method) {
    const test = compileStringMatch(entry.method, `${where}.method`);
    tests.push((r) => test(r.method));
    requestConditions++;
  }
  if (entry.authority) {
    const test = compileStringMatch(entry.authority, `${where}.authority`);
    tests.push((r) => test(r.authority));
    requestConditions++;
  }
  if (entry.scheme) {
    const test = compileStringMatch(entry.scheme, `${where}.scheme`);
    tests.push((r) => test(r.scheme));
    requestConditions++;
  }

  const gateways: string[] | undefined = Array.isArray(entry.gateways) && entry.gateways.length > 0
    ? entry.gateways.map((g: string) => resolveGatewayRef(g, vsNamespace))
    : undefined;
  return {
    index,
    name: typeof entry.name === 'string' ? entry.name : undefined,
    port: typeof entry.port === 'number' ? entry.port : undefined,
    gateways,
    sourceLabels: entry.sourceLabels && Object.keys(entry.sourceLabels).length > 0 ? entry.sourceLabels : undefined,
    sourceNamespace: typeof entry.sourceNamespace === 'string' ? entry.sourceNamespace : undefined,
    uri,
    test: all(tests),
    catchAll: uriIsCatchAll && requestConditions === 0,
  };
}

/**
 * istiod: route.go TranslateRouteMatch with gateway semantics — a prefix other than `/` becomes
 * Envoy's path_separated_prefix with its trailing `/` trimmed: `/foo` matches `/foo`, `/foo/`
 * and `/foo/bar`, never `/foobar`.
 */
function pathSeparatedPrefix(prefix: string, ignoreCase: boolean, tests: Predicate[]): UriMatch {
  const value = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  const wanted = ignoreCase ? value.toLowerCase() : value;
  const length = wanted.length;
  tests.push((r) => {
    const path = ignoreCase ? r.pathOnly.toLowerCase() : r.pathOnly;
    return path.startsWith(wanted) && (path.length === length || path.charCodeAt(length) === 47 /* '/' */);
  });
  return { kind: 'prefix', value, ignoreCase, separated: true };
}

function all(tests: Predicate[]): Predicate {
  if (tests.length === 0) return ALWAYS;
  if (tests.length === 1) return tests[0];
  return (r) => {
    for (const test of tests) if (!test(r)) return false;
    return true;
  };
}

function isPresenceMatch(spec: any): boolean {
  return !spec || (spec.exact === undefined && spec.prefix === undefined && spec.regex === undefined);
}

/**
 * An Istio StringMatch (`exact`, `prefix`, `regex` (whole value), or `{}` meaning "present")
 * as a test on a possibly absent value.
 */
export function compileStringMatch(spec: any, where: string): (value: string | undefined) => boolean {
  if (isPresenceMatch(spec)) return (value) => value !== undefined;
  if (typeof spec.exact === 'string') {
    const wanted = spec.exact;
    return (value) => value === wanted;
  }
  if (typeof spec.prefix === 'string') {
    const wanted = spec.prefix;
    return (value) => value !== undefined && value.startsWith(wanted);
  }
  const re = compileRe2(String(spec.regex), `${where}.regex`);
  return (value) => value !== undefined && fullMatch(re, value);
}
