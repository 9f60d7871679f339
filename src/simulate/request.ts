/**
 * Checking and normalising a request before it is routed: defaults, query parsing, lower-cased
 * header names, the cookie header. Bad input is a caller error (CIT200–CIT249), not an outcome.
 */
import { IstioTrafficError } from '../errors';
import { CLUSTER_DOMAIN } from '../model/hosts';
import { normalizePath } from './path-normalization';
import { ExplainRequest, GatewaySource, NormalizedRequest, RequestSource, WorkloadSource } from './types';

/** Request error codes. */
export const REQUEST_ERRORS = {
  unknownGateway: 'CIT200',
  badGatewayRef: 'CIT201',
  gatewayWithoutPods: 'CIT202',
  badSource: 'CIT203',
  badPath: 'CIT210',
  badPort: 'CIT211',
  badHost: 'CIT212',
  badHeader: 'CIT213',
  badMethod: 'CIT214',
  badCookie: 'CIT215',
  badScheme: 'CIT216',
  rejectedPath: 'CIT219',
} as const;

const WHERE = 'explain request';
/** RFC 7230 token: what a header name or method may contain. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function isGatewaySource(source: RequestSource): source is GatewaySource {
  return typeof (source as GatewaySource).gateway === 'string';
}

export function isWorkloadSource(source: RequestSource): source is WorkloadSource {
  return typeof (source as WorkloadSource).namespace === 'string';
}

/**
 * Normalises `request`. `knownServices` lets a workload caller's `svc.ns` / `svc.ns.svc` names
 * resolve as the pod's DNS search path would; `pathNormalization` (MeshConfig, default BASE)
 * turns the path into the one Envoy routes on.
 */
export function normalizeRequest(request: ExplainRequest, knownServices: ReadonlyMap<string, unknown>, pathNormalization = 'BASE'): NormalizedRequest {
  if (!request || typeof request !== 'object') {
    throw new IstioTrafficError(REQUEST_ERRORS.badSource, WHERE, 'the request is not an object', request, 'pass { from, host, path, ... }');
  }
  const from = request.from;
  if (!from || typeof from !== 'object' || (!isGatewaySource(from) && !isWorkloadSource(from))) {
    throw new IstioTrafficError(REQUEST_ERRORS.badSource, `${WHERE} from`, 'the source is neither a gateway nor a workload', from,
      "use { gateway: 'ns/name' } for a Gateway or { namespace: 'ns', labels: {...} } for a mesh workload");
  }
  if (isGatewaySource(from) && !/^[^/\s]+\/[^/\s]+$/.test(from.gateway)) {
    throw new IstioTrafficError(REQUEST_ERRORS.badGatewayRef, `${WHERE} from.gateway`, 'a gateway is named as namespace/name', from.gateway,
      "write the Gateway's namespace and name, e.g. 'istio-system/public'");
  }
  if (typeof request.host !== 'string' || request.host.trim() === '' || /[\s/]/.test(request.host)) {
    throw new IstioTrafficError(REQUEST_ERRORS.badHost, `${WHERE} host`, 'the host must be a DNS name (optionally with :port)', request.host,
      "pass the Host header value, e.g. 'shop.example.com'");
  }
  const port = request.port ?? (typeof request.scheme === 'string' && request.scheme.toLowerCase() === 'https' ? 443 : 80);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new IstioTrafficError(REQUEST_ERRORS.badPort, `${WHERE} port`, 'the port must be an integer from 1 to 65535', request.port,
      'pass the port the client connects to, e.g. 80');
  }
  if (typeof request.path !== 'string' || !request.path.startsWith('/')) {
    throw new IstioTrafficError(REQUEST_ERRORS.badPath, `${WHERE} path`, 'the path must start with "/"', request.path,
      `write the path as the proxy sees it, e.g. "/${typeof request.path === 'string' ? request.path : ''}"`);
  }
  const method = (request.method ?? 'GET').toUpperCase();
  if (!TOKEN.test(method)) {
    throw new IstioTrafficError(REQUEST_ERRORS.badMethod, `${WHERE} method`, 'the method is not an HTTP token', request.method, 'use GET, POST, ...');
  }
  const scheme = (request.scheme ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    throw new IstioTrafficError(REQUEST_ERRORS.badScheme, `${WHERE} scheme`, 'the scheme must be http or https', request.scheme, "use 'http' or 'https'");
  }

  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (!TOKEN.test(name) || typeof value !== 'string') {
      throw new IstioTrafficError(REQUEST_ERRORS.badHeader, `${WHERE} headers`, 'a header needs a token name and a string value', { [name]: value },
        "write headers as { 'x-user': 'jason' }");
    }
    headers.set(name.toLowerCase(), value);
  }
  const cookies = Object.entries(request.cookies ?? {});
  if (cookies.length > 0) {
    const pairs: string[] = [];
    for (const [name, value] of cookies) {
      if (!TOKEN.test(name) || typeof value !== 'string' || /[;\s]/.test(value)) {
        throw new IstioTrafficError(REQUEST_ERRORS.badCookie, `${WHERE} cookies`, 'a cookie needs a token name and a value without ";" or spaces', { [name]: value },
          "write cookies as { user: 'jason' }");
      }
      pairs.push(`${name}=${value}`);
    }
    // Browsers join cookies with "; " (RFC 6265 §5.4); Istio sees only the resulting header.
    const existing = headers.get('cookie');
    headers.set('cookie', existing ? `${existing}; ${pairs.join('; ')}` : pairs.join('; '));
  }

  const authority = request.host.toLowerCase();
  const bareHost = stripPort(authority);
  const host = isWorkloadSource(from) ? resolveFromNamespace(bareHost, from.namespace, knownServices) : bareHost;
  const path = normalizePath(request.path, pathNormalization);
  const queryAt = path.indexOf('?');
  const pathOnly = queryAt < 0 ? path : path.slice(0, queryAt);
  const query = queryAt < 0 ? '' : path.slice(queryAt);
  return {
    from, authority, host, port, method, scheme, path, pathOnly, query,
    queryParams: parseQuery(query), headers, originalPath: request.path,
    requestPrincipal: typeof request.requestPrincipal === 'string' ? request.requestPrincipal : undefined,
    sourceIp: typeof request.sourceIp === 'string' ? request.sourceIp : undefined,
    clientCertificate: request.clientCertificate === true,
  };
}

/** Drops a `:port` suffix (IPv6 literals in brackets keep their colons). */
export function stripPort(authority: string): string {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    return end < 0 ? authority : authority.slice(0, end + 1);
  }
  const colon = authority.lastIndexOf(':');
  return colon < 0 ? authority : authority.slice(0, colon);
}

/**
 * What a pod in `namespace` reaches when it asks for `host`: the resolver's search path is
 * `<ns>.svc.cluster.local svc.cluster.local cluster.local`, so `cart` → `cart.<ns>.svc.cluster.local`
 * and `cart.shop` → `cart.shop.svc.cluster.local` when that Service exists.
 */
export function resolveFromNamespace(host: string, namespace: string, knownServices: ReadonlyMap<string, unknown>): string {
  if (host === '' || host.startsWith('[') || /^\d+(\.\d+){3}$/.test(host)) return host;
  if (!host.includes('.')) return `${host}.${namespace}.${CLUSTER_DOMAIN}`;
  for (const suffix of [`.${CLUSTER_DOMAIN}`, '.cluster.local']) {
    if (knownServices.has(host + suffix)) return host + suffix;
  }
  return host;
}

/** Parses `?a=1&b` into a map; the first value of a repeated name wins; values are URL-decoded. */
export function parseQuery(query: string): Map<string, string> {
  const params = new Map<string, string>();
  if (query.length <= 1) return params;
  for (const part of query.slice(1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    if (!params.has(name)) params.set(name, value);
  }
  return params;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // malformed escapes reach Envoy as they are
  }
}

/** The request as the next proxy sees it: new authority, port, (rewritten) path and the headers the route left. */
export function forwardedRequest(request: NormalizedRequest, authority: string, port: number, path: string, headers = request.headers): NormalizedRequest {
  const lower = authority.toLowerCase();
  const queryAt = path.indexOf('?');
  const query = queryAt < 0 ? '' : path.slice(queryAt);
  return {
    ...request,
    authority: lower,
    host: stripPort(lower),
    port,
    path,
    pathOnly: queryAt < 0 ? path : path.slice(0, queryAt),
    query,
    queryParams: query === request.query ? request.queryParams : parseQuery(query),
    headers,
  };
}
