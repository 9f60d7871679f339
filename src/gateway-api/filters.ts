/**
 * HTTPRoute matches and filters → Istio HTTPRoute fields (conversion.go createURIMatch,
 * createHeadersMatch, createQueryParamsMatch, createMethodMatch, createHeadersFilter,
 * createRedirectFilter, createRewriteFilter, createCorsFilter, createMirrorFilter).
 */
import { arr } from './derived';

/** createURIMatch. The CRD defaults a match's path to `PathPrefix /`. */
export function createUriMatch(path: any): any {
  const type = path?.type ?? 'PathPrefix';
  let value: string = typeof path?.value === 'string' ? path.value : '/';
  switch (type) {
    case 'PathPrefix':
      // "When specified, a trailing `/` is ignored."
      if (value !== '/') value = value.replace(/\/$/, '');
      return { prefix: value };
    case 'Exact': return { exact: value };
    case 'RegularExpression': return { regex: value };
    default: return undefined;
  }
}

/** createHeadersMatch / createQueryParamsMatch: `name → {exact|regex}` (undefined when empty). */
export function createStringMatches(entries: readonly any[]): Record<string, any> | undefined {
  const out: Record<string, any> = {};
  for (const e of entries) {
    const type = e?.type ?? 'Exact';
    out[String(e?.name)] = type === 'RegularExpression' ? { regex: String(e?.value) } : { exact: String(e?.value) };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The Istio match for one Gateway API match. */
export function createMatch(match: any): any {
  const out: any = {};
  const uri = createUriMatch(match?.path);
  if (uri) out.uri = uri;
  const headers = createStringMatches(arr(match?.headers));
  if (headers) out.headers = headers;
  const queryParams = createStringMatches(arr(match?.queryParams));
  if (queryParams) out.queryParams = queryParams;
  if (typeof match?.method === 'string') out.method = { exact: match.method };
  return out;
}

/** headerListToMap: lower-cased names; "Subsequent entries with an equivalent header name MUST be ignored". */
function headerListToMap(list: readonly any[]): Record<string, string> | undefined {
  if (list.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const e of list) {
    const key = String(e?.name).toLowerCase();
    if (!(key in out)) out[key] = String(e?.value);
  }
  return out;
}

/** createHeadersFilter. */
export function createHeadersFilter(filter: any): any {
  if (!filter || typeof filter !== 'object') return undefined;
  const out: any = {};
  const add = headerListToMap(arr(filter.add));
  if (add) out.add = add;
  const set = headerListToMap(arr(filter.set));
  if (set) out.set = set;
  if (arr(filter.remove).length > 0) out.remove = arr(filter.remove).map(String);
  return out;
}

/** createRedirectFilter. The CRD defaults statusCode to 302. */
export function createRedirectFilter(filter: any): any {
  if (!filter || typeof filter !== 'object') return undefined;
  const out: any = { redirectCode: typeof filter.statusCode === 'number' ? filter.statusCode : 302 };
  if (typeof filter.hostname === 'string') out.authority = filter.hostname;
  if (typeof filter.scheme === 'string') out.scheme = filter.scheme;
  if (typeof filter.port === 'number') out.port = filter.port;
  // "When empty, port (if specified) of the request is used." — unlike Istio's default.
  else out.derivePort = typeof filter.scheme === 'string' ? 'FROM_PROTOCOL_DEFAULT' : 'FROM_REQUEST_PORT';
  if (filter.path?.type === 'ReplaceFullPath') out.uri = String(filter.path.replaceFullPath);
  else if (filter.path?.type === 'ReplacePrefixMatch') out.uri = `%PREFIX()%${filter.path.replacePrefixMatch ?? ''}`;
  return out;
}

/** createRewriteFilter: a prefix replacement trims its trailing `/` (`''` → `/`); a full path becomes a regex rewrite of `/.*`. */
export function createRewriteFilter(filter: any): any {
  if (!filter || typeof filter !== 'object') return undefined;
  const out: any = {};
  if (filter.path?.type === 'ReplacePrefixMatch') {
    out.uri = String(filter.path.replacePrefixMatch ?? '').replace(/\/$/, '');
    if (out.uri === '') out.uri = '/';
  } else if (filter.path?.type === 'ReplaceFullPath') {
    out.uriRegexRewrite = { match: '/.*', rewrite: String(filter.path.replaceFullPath) };
  }
  if (typeof filter.hostname === 'string') out.authority = filter.hostname;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** createCorsFilter (wildcard origins as istiod ≥ 1.28 turns them into anchored regexes). */
export function createCorsFilter(filter: any): any {
  if (!filter || typeof filter !== 'object') return undefined;
  const out: any = {};
  const origins = arr(filter.allowOrigins).map(String).filter((o) => o.length > 0);
  if (origins.length > 0) out.allowOrigins = origins.map(originMatch);
  if (filter.allowCredentials === true) out.allowCredentials = true;
  if (arr(filter.allowMethods).length > 0) out.allowMethods = arr(filter.allowMethods).map(String);
  if (arr(filter.allowHeaders).length > 0) out.allowHeaders = arr(filter.allowHeaders).map(String);
  if (arr(filter.exposeHeaders).length > 0) out.exposeHeaders = arr(filter.exposeHeaders).map(String);
  if (typeof filter.maxAge === 'number' && filter.maxAge > 0) out.maxAge = `${filter.maxAge}s`;
  out.unmatchedPreflights = 'IGNORE';
  return out;
}

function originMatch(origin: string): any {
  if (origin === '*') return { regex: '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s?#]+$' };
  if (!origin.includes('*')) return { exact: origin };
  const escaped = origin.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return { regex: `^${escaped}$` };
}

/** createMirrorFilter's percentage: a fraction (denominator defaults to 100) or a percent. */
export function mirrorPercentage(filter: any): any {
  if (filter?.fraction && typeof filter.fraction.numerator === 'number') {
    const denominator = typeof filter.fraction.denominator === 'number' ? filter.fraction.denominator : 100;
    return { value: (100 * filter.fraction.numerator) / denominator };
  }
  if (typeof filter?.percent === 'number') return { value: filter.percent };
  return undefined;
}

/** A Gateway API duration (`1h`, `10s`, `500ms`) as a protobuf JSON duration (`0.5s`), or undefined for zero/unparsable. */
export function protoDuration(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const units: Record<string, number> = { h: 3600e3, m: 60e3, s: 1e3, ms: 1 };
  let millis = 0;
  const re = /(\d+)(ms|h|m|s)/gy;
  let consumed = 0;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while ((m = re.exec(value)) !== null) {
    millis += Number(m[1]) * units[m[2]];
    consumed = re.lastIndex;
  }
  if (consumed !== value.length || millis === 0) return undefined;
  const seconds = millis / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(3).replace(/0+$/, '')}s`;
}
