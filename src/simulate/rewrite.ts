/**
 * What the destination receives: the path after `rewrite` (Envoy prefix_rewrite / path rewrite /
 * regex_rewrite) and the authority; and where a `redirect` sends the client.
 */
import { compileRe2, regexReplaceAll } from './regex';
import { UriMatch } from './route-match';
import { NormalizedRequest } from './types';

/**
 * `rewrite.uri` replaces the MATCHED PREFIX (prefix `/svc1` + `/` turns `/svc1/orders` into
 * `//orders`); after an exact or regex match the whole path (not the query) is replaced; with no
 * uri match the leading `/` is the matched prefix. `uriRegexRewrite` substitutes every RE2 match
 * in the path, keeping the query string.
 */
export function rewritePath(request: NormalizedRequest, uri: UriMatch | undefined, rewrite: any, where: string, gatewaySemantics = false): string {
  if (!rewrite || typeof rewrite !== 'object') return request.path;
  if (gatewaySemantics && rewrite.uri === '/' && rewrite.uriRegexRewrite === undefined) return removePrefix(request, uri);
  if (typeof rewrite.uri === 'string') {
    if (uri === undefined) return rewrite.uri + request.path.slice(1);
    if (uri.kind === 'prefix') return rewrite.uri + request.path.slice(uri.value.length);
    return rewrite.uri + request.query;
  }
  const regexRewrite = rewrite.uriRegexRewrite;
  if (regexRewrite && typeof regexRewrite.match === 'string' && typeof regexRewrite.rewrite === 'string') {
    const re = compileRe2(regexRewrite.match, `${where}.rewrite.uriRegexRewrite.match`);
    return regexReplaceAll(re, request.pathOnly, regexRewrite.rewrite) + request.query;
  }
  return request.path;
}

/**
 * Gateway API ReplacePrefixMatch `/` (istiod: route.go applyHTTPRouteDestination with gateway
 * semantics): Envoy regex_rewrite `^<prefix>(/?)(.*)` → `/\2` on the path, so `/foo` + `/` turns
 * `/foo/bar` into `/bar` and `/foo` or `/foo/` into `/`; the query stays.
 */
function removePrefix(request: NormalizedRequest, uri: UriMatch | undefined): string {
  const prefix = uri?.kind === 'prefix' && uri.separated ? uri.value : '';
  const path = request.pathOnly;
  if (!path.startsWith(prefix)) return request.path;
  let rest = path.slice(prefix.length);
  if (rest.startsWith('/')) rest = rest.slice(1);
  return `/${rest}${request.query}`;
}

/** The authority the destination sees: `rewrite.authority`, else the request's. */
export function rewriteAuthority(request: NormalizedRequest, rewrite: any): string {
  return rewrite && typeof rewrite.authority === 'string' ? rewrite.authority : request.authority;
}

export interface RedirectResult {
  readonly status: number;
  readonly location: string;
}

/**
 * The `Location` and status of a `redirect` as Envoy answers it (istiod: route.go ApplyRedirect):
 * FROM_REQUEST_PORT is the listener port; an explicit or derived port 80 with scheme http (443
 * with https) is left out; with Gateway API semantics `%PREFIX()%` in `uri` replaces the matched
 * prefix (createRedirectFilter's ReplacePrefixMatch). Then Envoy's Utility::newUri: the host is
 * `authority`, else the request's, whose own port is dropped when a port is set or when the
 * scheme changes away from that port's default.
 */
export function redirectTarget(request: NormalizedRequest, uri: UriMatch | undefined, redirect: any, listenPort: number, tls: boolean, gatewaySemantics = false): RedirectResult {
  const status = redirectStatus(redirect.redirectCode);
  let port = 0;
  if (typeof redirect.port === 'number') port = redirect.port;
  else if (redirect.derivePort === 'FROM_REQUEST_PORT') port = listenPort;
  const portScheme = typeof redirect.scheme === 'string' && redirect.scheme !== '' ? redirect.scheme : tls ? 'https' : 'http';
  if ((port === 80 && portScheme === 'http') || (port === 443 && portScheme === 'https')) port = 0;
  const scheme = typeof redirect.scheme === 'string' && redirect.scheme !== '' ? redirect.scheme : request.scheme;
  let host: string;
  if (typeof redirect.authority === 'string' && redirect.authority !== '') {
    host = redirect.authority;
  } else {
    host = request.authority;
    const colon = host.lastIndexOf(':');
    if (colon > 0 && !host.endsWith(']')) {
      const requestPort = host.slice(colon + 1);
      const strip = port !== 0 || (scheme !== request.scheme
        && ((request.scheme === 'https' && requestPort === '443') || (request.scheme === 'http' && requestPort === '80')));
      if (strip) host = host.slice(0, colon);
    }
  }
  let path = request.path;
  const written: string = typeof redirect.uri === 'string' ? redirect.uri : '';
  if (gatewaySemantics && written.startsWith('%PREFIX()%')) {
    const replacement = written.slice('%PREFIX()%'.length);
    const matched = uri?.kind === 'prefix' ? uri.value.length : 0;
    path = replacement + request.path.slice(matched);
  } else if (written !== '') {
    // Envoy path_redirect swaps the path; a query in it replaces the request's, else the query stays.
    path = written.includes('?') ? written : written + request.query;
  } else if (typeof redirect.prefixRewrite === 'string' && uri?.kind === 'prefix') {
    path = redirect.prefixRewrite + request.path.slice(uri.value.length);
  }
  return { status, location: `${scheme}://${host}${port !== 0 ? `:${port}` : ''}${path}` };
}

/** istiod ApplyRedirect: 0 and 301 are 301; 302, 303, 307, 308 as written. */
function redirectStatus(code: unknown): number {
  return typeof code === 'number' && [302, 303, 307, 308].includes(code) ? code : 301;
}
