/**
 * Limits and value rules of the Gateway API v1.5.1 standard-channel CRDs
 * (vendor/gateway-api-v1.5.1/standard-install.yaml) that a converted rule must respect: beyond
 * them the API server rejects the route, so the conversion fails first (CIT020) with the count.
 */
import { noGatewayApiForm, KEEP_ISTIO } from './no-form';

/** HTTPRoute `spec.rules` maxItems. */
export const MAX_HTTP_RULES = 16;
/** HTTPRouteRule `matches` maxItems. */
export const MAX_MATCHES_PER_RULE = 64;
/** The CEL rule on `spec.rules`: total matches across all rules. */
export const MAX_MATCHES_PER_ROUTE = 128;
/** HTTPRouteRule `backendRefs` maxItems (TLSRoute rules too). */
export const MAX_BACKEND_REFS = 16;
/** HTTPRouteMatch `headers` / `queryParams` maxItems. */
export const MAX_MATCH_CONDITIONS = 16;
/** Header modifier `set` / `add` / `remove` maxItems. */
export const MAX_HEADER_OPERATIONS = 16;
/** HTTPHeaderMatch `value` maxLength. */
export const MAX_HEADER_VALUE = 4096;
/** HTTPQueryParamMatch `value` maxLength. */
export const MAX_QUERY_VALUE = 1024;
/** HTTPPathMatch `value` maxLength (also path modifiers). */
export const MAX_PATH_VALUE = 1024;
/** TLSRoute `spec.hostnames` maxItems. */
export const MAX_TLS_HOSTNAMES = 16;

/** Rule names (`SectionName`): lowercase RFC 1123 subdomain, at most 253 characters. */
export const SECTION_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** `PreciseHostname` (URLRewrite / RequestRedirect hostname): no wildcard, no port. */
export const PRECISE_HOSTNAME = SECTION_NAME;

/**
 * The HTTPPathMatch CEL rules for `Exact` / `PathPrefix` values (absolute, no `//`, `/./`,
 * `/../`, `%2f`, `#`, trailing `/.` or `/..`, only RFC 3986 path characters). A value breaking
 * one is still expressible as a RegularExpression match.
 */
export function pathValueProblem(value: string): string | undefined {
  if (!value.startsWith('/')) return "must start with '/'";
  for (const bad of ['//', '/./', '/../', '%2f', '%2F', '#']) if (value.includes(bad)) return `must not contain '${bad}'`;
  if (value.endsWith('/..') || value.endsWith('/.')) return "must not end with '/.' or '/..'";
  if (!/^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/.test(value)) return 'must only contain RFC 3986 path characters';
  if (value.length > MAX_PATH_VALUE) return `must be at most ${MAX_PATH_VALUE} characters`;
  return undefined;
}

/** Throws CIT020 when `count` exceeds the CRD's `max` for `what`. */
export function checkMax(count: number, max: number, where: string, what: string, fix: string): void {
  if (count > max) {
    throw noGatewayApiForm(where, `${count} ${what}, but the Gateway API CRD allows at most ${max}`, count, `${fix}, ${KEEP_ISTIO}`);
  }
}
