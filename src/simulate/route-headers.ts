/**
 * Header manipulation of a matched route: the rule's `headers` and each `route[]` entry's, as
 * istiod translates them (route.go TranslateHeadersOperations, translateAppendHeaders,
 * processDestination, processWeightedDestination) and Envoy applies them
 * (router HeaderParser::evaluateHeaders: removes first, then every set/add in order).
 * - `set` entries (sorted by name) come before `add` entries; `set` overwrites, `add` appends
 *   (a second value, which the next proxy's header matcher reads joined with `,`); Envoy skips
 *   an empty value;
 * - `:authority`/`host` never become header operations: in `set` (else `add`) they are the
 *   route's host rewrite, which `rewrite.authority` overrides; other `:`-headers are dropped;
 * - one destination: its operations are appended to the rule's (one parser: every remove, then
 *   the rule's set/add, then the destination's), and its authority applies only without a
 *   rule-level one; several destinations: each destination's operations sit on its weighted
 *   cluster, which Envoy applies BEFORE the rule's (WeightedClusterEntry::finalizeRequestHeaders),
 *   so the rule's `set` wins there.
 */
import { HeaderChanges } from './types';

export interface RouteHeaders {
  readonly request?: HeaderChanges;
  readonly response?: HeaderChanges;
  /** `:authority`/`host` from `request.set`, else `request.add`: Envoy's host rewrite. */
  readonly authority?: string;
  /** Some value holds an Envoy `%VAR%` expression (filled in per request). */
  readonly dynamic: boolean;
}

function isAuthority(name: string): boolean {
  return name === ':authority' || name === 'host';
}

function isInternal(name: string): boolean {
  return name.startsWith(':') || name === 'host';
}

function entries(map: any): [string, string][] {
  if (!map || typeof map !== 'object' || Array.isArray(map)) return [];
  return Object.entries(map)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([k, v]): [string, string] => [k.toLowerCase(), v])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function operations(spec: any): { ops?: HeaderChanges; authority?: string; dynamic: boolean } {
  if (!spec || typeof spec !== 'object') return { dynamic: false };
  const set = entries(spec.set);
  const add = entries(spec.add);
  const authority = set.find(([k]) => isAuthority(k))?.[1] ?? add.find(([k]) => isAuthority(k))?.[1];
  const kept = (list: [string, string][]) => list.filter(([k]) => !isInternal(k));
  const setKept = kept(set);
  const addKept = kept(add);
  const remove = (Array.isArray(spec.remove) ? spec.remove : []).filter((h: unknown): h is string => typeof h === 'string')
    .map((h: string) => h.toLowerCase()).filter((h: string) => !isInternal(h));
  const ops: HeaderChanges | undefined = setKept.length + addKept.length + remove.length === 0 ? undefined : {
    set: setKept.length > 0 ? Object.fromEntries(setKept) : undefined,
    add: addKept.length > 0 ? Object.fromEntries(addKept) : undefined,
    remove: remove.length > 0 ? remove : undefined,
  };
  const dynamic = [...setKept, ...addKept].some(([, v]) => /%[A-Z_]+(\(.*\))?%/.test(v));
  return { ops, authority, dynamic };
}

/** istiod: route.go TranslateHeadersOperations. Undefined when the `headers` field changes nothing. */
export function compileRouteHeaders(headers: any): RouteHeaders | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const request = operations(headers.request);
  const response = operations(headers.response);
  if (!request.ops && !response.ops && request.authority === undefined) return undefined;
  return { request: request.ops, response: response.ops, authority: request.authority, dynamic: request.dynamic || response.dynamic };
}

/** Envoy HeaderParser::evaluateHeaders for one parser made of `parts` in order: every remove, then each part's set and add. */
function evaluate(headers: Map<string, string>, parts: readonly (HeaderChanges | undefined)[]): void {
  for (const part of parts) for (const name of part?.remove ?? []) headers.delete(name);
  for (const part of parts) {
    if (!part) continue;
    for (const [name, value] of Object.entries(part.set ?? {})) if (value !== '') headers.set(name, value);
    for (const [name, value] of Object.entries(part.add ?? {})) {
      if (value === '') continue;
      const existing = headers.get(name);
      headers.set(name, existing === undefined ? value : `${existing},${value}`);
    }
  }
}

/**
 * The request headers the destination receives. `weighted`: the rule has more than one
 * `route[]` entry (istiod builds weighted clusters even when only one keeps a weight).
 */
export function receivedHeaders(headers: ReadonlyMap<string, string>, rule: RouteHeaders | undefined, destination: RouteHeaders | undefined, weighted: boolean): ReadonlyMap<string, string> {
  if (!rule?.request && !destination?.request) return headers;
  const out = new Map(headers);
  if (weighted) {
    evaluate(out, [destination?.request]);
    evaluate(out, [rule?.request]);
  } else {
    evaluate(out, [rule?.request, destination?.request]);
  }
  return sameHeaders(out, headers) ? headers : out;
}

function sameHeaders(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, value] of a) if (b.get(name) !== value) return false;
  return true;
}

/**
 * The host rewrite: `rewrite.authority`, else the rule's `:authority` header, else the
 * destination's (route.go applyHTTPRouteDestination, processDestination; with weighted clusters
 * the route-level rewrite is applied after the cluster's, so it wins there too).
 */
export function hostRewrite(rewriteAuthority: string | undefined, rule: RouteHeaders | undefined, destination: RouteHeaders | undefined): string | undefined {
  return rewriteAuthority ?? rule?.authority ?? destination?.authority;
}

/** A header map as a plain, name-sorted object (for the trace). */
export function headersObject(headers: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries([...headers.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** `set x-a=1, add x-b=2, remove x-c` for notes. */
export function describeOperations(ops: HeaderChanges | undefined): string {
  if (!ops) return '';
  const parts: string[] = [];
  if (ops.remove) parts.push(`remove ${ops.remove.join(', ')}`);
  if (ops.set) parts.push(`set ${Object.entries(ops.set).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (ops.add) parts.push(`add ${Object.entries(ops.add).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  return parts.join('; ');
}
