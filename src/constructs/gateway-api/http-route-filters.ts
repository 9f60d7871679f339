/**
 * The Istio rule fields that become HTTPRoute filters. Each follows the istiod function that
 * turns the filter back into the VirtualService field (pilot/pkg/config/kube/gateway/conversion.go),
 * so the VirtualService istiod derives has the same field and Envoy the same route.
 */
import { BackendResolver } from './backend-resolver';
import { MAX_HEADER_OPERATIONS, PRECISE_HOSTNAME, checkMax } from './crd-limits';
import { istioDurationMillis } from './gateway-duration';
import { KEEP_ISTIO, noGatewayApiForm } from './no-form';

type Json = Record<string, unknown>;

/** Gateway API header values must be 1 to 4096 characters (HTTPHeader.value). */
const MAX_MODIFIER_VALUE = 4096;

/**
 * `headers.request` / `headers.response` → Request/ResponseHeaderModifier (istiod
 * createHeadersFilter: `set` → set, `add` → add, `remove` → remove). Both APIs mean the same by
 * `add`: append to existing values (Envoy APPEND_IF_EXISTS_OR_ADD from the derived VS).
 */
export function headerModifierFilter(ops: Json | undefined, type: 'RequestHeaderModifier' | 'ResponseHeaderModifier', where: string): Json | undefined {
  if (!ops) return undefined;
  const modifier: Json = {};
  for (const key of ['set', 'add'] as const) {
    const values = ops[key] as Record<string, string> | undefined;
    if (!values) continue;
    const entries = Object.entries(values);
    checkMax(entries.length, MAX_HEADER_OPERATIONS, `${where}.${key}`, `headers to ${key}`, 'move some of them to another rule');
    modifier[key] = entries.map(([name, value]) => {
      if (value === '' || value.length > MAX_MODIFIER_VALUE) {
        throw noGatewayApiForm(`${where}.${key}.${name}`, `a Gateway API header value must be 1 to ${MAX_MODIFIER_VALUE} characters`, value,
          `remove the header instead of setting it empty, ${KEEP_ISTIO}`);
      }
      return { name, value };
    });
  }
  const remove = ops.remove as string[] | undefined;
  if (remove) {
    checkMax(remove.length, MAX_HEADER_OPERATIONS, `${where}.remove`, 'headers to remove', 'move some of them to another rule');
    // The CRD's `remove` is a set; removing a header twice is removing it once.
    modifier.remove = [...new Set(remove)];
  }
  const unknown = Object.keys(ops).filter((k) => !['set', 'add', 'remove'].includes(k));
  if (unknown.length > 0) throw noGatewayApiForm(`${where}.${unknown[0]}`, `header operation "${unknown[0]}" has no Gateway API form`, ops[unknown[0]], `use set, add or remove, ${KEEP_ISTIO}`);
  const field = type === 'RequestHeaderModifier' ? 'requestHeaderModifier' : 'responseHeaderModifier';
  return Object.keys(modifier).length > 0 ? { type, [field]: modifier } : undefined;
}

/** `rewrite.authority` → URLRewrite `hostname` (istiod createRewriteFilter: Authority). */
export function rewriteHostname(authority: unknown, where: string): string {
  if (typeof authority === 'string' && authority.length <= 253 && PRECISE_HOSTNAME.test(authority)) return authority;
  throw noGatewayApiForm(where, 'a Gateway API rewrite hostname must be a lowercase DNS name without port or wildcard', authority,
    `rewrite to a plain host name such as "api.example.com", ${KEEP_ISTIO}`);
}

/**
 * `redirect` → RequestRedirect (istiod createRedirectFilter, then route.go ApplyRedirect):
 * - `uri` → path ReplaceFullPath (Istio's redirect uri replaces the whole path; so does istiod's
 *   `Uri` from ReplaceFullPath);
 * - `authority` → hostname, `scheme` → scheme, `port` → port;
 * - `redirectCode` → statusCode, written out even when Istio's default 301 applies, because the
 *   CRD defaults a missing statusCode to 302.
 * Without a port, istiod picks derivePort: FROM_PROTOCOL_DEFAULT when a scheme is set (the same
 * Envoy redirect as Istio's), else FROM_REQUEST_PORT, which writes the listener's port into
 * Location where Istio keeps the request's Host as it came. That one case has no equal form.
 */
export function redirectFilter(redirect: Json, where: string): Json {
  const out: Json = {};
  for (const key of Object.keys(redirect)) {
    if (!['uri', 'authority', 'scheme', 'port', 'redirectCode'].includes(key)) {
      throw noGatewayApiForm(`${where}.${key}`, `the redirect field "${key}" has no Gateway API form`, redirect[key], `use path, authority, scheme, port or statusCode, ${KEEP_ISTIO}`);
    }
  }
  if (redirect.scheme === undefined && redirect.port === undefined) {
    throw noGatewayApiForm(where, 'a Gateway API redirect without scheme or port puts the listener\'s port into Location (istiod: derivePort FROM_REQUEST_PORT), where Istio keeps the request\'s Host',
      redirect, `set the redirect's port (e.g. port: 80) or scheme explicitly, ${KEEP_ISTIO}`);
  }
  if (redirect.scheme !== undefined) out.scheme = redirect.scheme;
  if (redirect.authority !== undefined) {
    if (typeof redirect.authority !== 'string' || !PRECISE_HOSTNAME.test(redirect.authority) || redirect.authority.length > 253) {
      throw noGatewayApiForm(`${where}.authority`, 'a Gateway API redirect hostname must be a lowercase DNS name without port or wildcard', redirect.authority,
        `redirect to a plain host name and set the port separately, ${KEEP_ISTIO}`);
    }
    out.hostname = redirect.authority;
  }
  if (redirect.uri !== undefined) out.path = { type: 'ReplaceFullPath', replaceFullPath: redirect.uri };
  if (redirect.port !== undefined) out.port = redirect.port;
  // renderHttpRule admits only the codes both APIs send (301, 302, 303, 307, 308: istiod's
  // ApplyRedirect and the Gateway API enum agree); Istio's default is 301, the CRD's 302.
  const code = redirect.redirectCode === undefined ? 301 : redirect.redirectCode;
  out.statusCode = code;
  return { type: 'RequestRedirect', requestRedirect: out };
}

/**
 * `mirror` (+ `mirrorPercentage`) → RequestMirror (istiod createMirrorFilter: `percent` → the
 * same percentage; `fraction` → 100·numerator/denominator). A whole percentage is written as
 * `percent`; a fractional one as a fraction over a million, Envoy's own resolution.
 */
export function mirrorFilter(mirror: Json, percentage: Json | undefined, backends: BackendResolver, where: string): Json {
  const destination = destinationOf(mirror, `${where}.mirror`);
  const requestMirror: Json = { backendRef: { ...backends.backendRefFor(destination, `${where}.mirror`) } };
  if (percentage !== undefined) {
    const value = percentage.value as number;
    if (Number.isInteger(value)) {
      requestMirror.percent = value;
    } else {
      const numerator = Math.round(value * 10_000);
      if (Math.abs((100 * numerator) / 1_000_000 - value) > 1e-9) {
        throw noGatewayApiForm(`${where}.mirrorPercentage`, 'the mirror percentage is finer than the Gateway API fraction (a millionth) can carry', value,
          `round it to four decimals, ${KEEP_ISTIO}`);
      }
      requestMirror.fraction = { numerator, denominator: 1_000_000 };
    }
  }
  return { type: 'RequestMirror', requestMirror };
}

/** Envoy's CORS methods the CRD enum lists. */
const CORS_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', '*']);
const CORS_ORIGIN = /(^\*$)|(^(http(s)?):\/\/(((\*\.)?([a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+|\*)(:([0-9]{1,5}))?)$)/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

/**
 * `corsPolicy` → CORS filter (standard channel in v1.5.1; istiod createCorsFilter maps every
 * field back: origins → exact origin matches, methods, headers, exposeHeaders, allowCredentials,
 * maxAge in seconds). Istio's maxAge becomes Envoy's `max_age` in whole seconds (route.go
 * TranslateCORSPolicy), so it must be whole seconds here too. Without maxAge the CRD defaults it
 * to 5: the preflight answer then carries `access-control-max-age: 5`, which is what browsers
 * assume when the header is absent (Fetch: 5 seconds), so the browser behaves the same.
 */
export function corsFilter(cors: Json, where: string): Json {
  const out: Json = {};
  for (const key of Object.keys(cors)) {
    if (!['allowOrigins', 'allowMethods', 'allowHeaders', 'exposeHeaders', 'allowCredentials', 'maxAge'].includes(key)) {
      throw noGatewayApiForm(`${where}.${key}`, `the CORS field "${key}" has no Gateway API form`, cors[key], `drop it, ${KEEP_ISTIO}`);
    }
  }
  const origins = (cors.allowOrigins as { exact?: string }[] | undefined) ?? [];
  out.allowOrigins = origins.map((o, i) => {
    if (o.exact === undefined || !CORS_ORIGIN.test(o.exact) || o.exact.length > 253) {
      throw noGatewayApiForm(`${where}.allowOrigins[${i}]`, 'a Gateway API CORS origin is "*" or scheme://host[:port] matched exactly', o,
        `list the origins as "https://shop.example.com", ${KEEP_ISTIO}`);
    }
    return o.exact;
  });
  listOf(cors.allowMethods, `${where}.allowMethods`, 9, (m) => CORS_METHODS.has(m), 'one of the nine HTTP methods or "*"', out, 'allowMethods');
  listOf(cors.allowHeaders, `${where}.allowHeaders`, 64, (h) => HEADER_NAME.test(h), 'header names', out, 'allowHeaders');
  listOf(cors.exposeHeaders, `${where}.exposeHeaders`, 64, (h) => HEADER_NAME.test(h), 'header names', out, 'exposeHeaders');
  checkMax((out.allowOrigins as unknown[]).length, 64, `${where}.allowOrigins`, 'CORS origins', 'allow fewer origins');
  if (cors.allowCredentials !== undefined) out.allowCredentials = cors.allowCredentials;
  if (cors.maxAge !== undefined) {
    const ms = istioDurationMillis(cors.maxAge);
    if (ms === undefined || ms % 1000 !== 0 || ms < 1000) {
      throw noGatewayApiForm(`${where}.maxAge`, 'the Gateway API CORS maxAge is whole seconds (at least 1)', cors.maxAge, `use Duration.seconds(n), ${KEEP_ISTIO}`);
    }
    out.maxAge = ms / 1000;
  }
  return { type: 'CORS', cors: out };
}

function listOf(values: unknown, where: string, max: number, valid: (v: string) => boolean, what: string, out: Json, field: string): void {
  if (values === undefined) return;
  const list = values as string[];
  checkMax(list.length, max, where, `CORS ${field}`, `allow fewer ${field}`);
  list.forEach((v, i) => {
    if (!valid(v)) throw noGatewayApiForm(`${where}[${i}]`, `Gateway API CORS ${field} must be ${what}`, v, `use ${what}, ${KEEP_ISTIO}`);
  });
  if (list.includes('*') && list.length > 1) throw noGatewayApiForm(where, `Gateway API CORS ${field} cannot list "*" with others`, list, `use "*" alone, ${KEEP_ISTIO}`);
  out[field] = [...list];
}

/** The rendered Istio `Destination` as the resolver takes it. */
export function destinationOf(destination: Json, where: string): { host: string; subset?: string; port?: number } {
  for (const key of Object.keys(destination)) {
    if (!['host', 'subset', 'port'].includes(key)) {
      throw noGatewayApiForm(`${where}.${key}`, `the destination field "${key}" has no Gateway API form`, destination[key], `drop it, ${KEEP_ISTIO}`);
    }
  }
  const out: { host: string; subset?: string; port?: number } = { host: destination.host as string };
  if (destination.subset !== undefined) out.subset = destination.subset as string;
  const port = (destination.port as { number?: number } | undefined)?.number;
  if (port !== undefined) out.port = port;
  return out;
}
