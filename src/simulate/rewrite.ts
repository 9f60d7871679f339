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
export function rewritePath(request: NormalizedRequest, uri: UriMatch | undefined, rewrite: any, where: string): string {
  if (!rewrite || typeof rewrite !== 'object') return request.path;
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

/** The authority the destination sees: `rewrite.authority`, else the request's. */
export function rewriteAuthority(request: NormalizedRequest, rewrite: any): string {
  return rewrite && typeof rewrite.authority === 'string' ? rewrite.authority : request.authority;
}

export interface RedirectResult {
  readonly status: number;
  readonly location: string;
}

/** The `Location` and status of an Istio `redirect` (Envoy redirect action). */
export function redirectTarget(request: NormalizedRequest, uri: UriMatch | undefined, redirect: any): RedirectResult {
  const status = typeof redirect.redirectCode === 'number' ? redirect.redirectCode : 301;
  const scheme = typeof redirect.scheme === 'string' ? redirect.scheme : request.scheme;
  let authority = typeof redirect.authority === 'string' ? redirect.authority : request.authority;
  let port: number | undefined;
  if (typeof redirect.port === 'number') port = redirect.port;
  else if (redirect.derivePort === 'FROM_REQUEST_PORT') port = request.port;
  if (port !== undefined) authority = `${authority.replace(/:\d+$/, '')}:${port}`;
  let path = request.path;
  if (typeof redirect.uri === 'string') {
    // Envoy path_redirect swaps the path; a query in it replaces the request's, else the query stays.
    path = redirect.uri.includes('?') ? redirect.uri : redirect.uri + request.query;
  } else if (typeof redirect.prefixRewrite === 'string' && uri?.kind === 'prefix') {
    path = redirect.prefixRewrite + request.path.slice(uri.value.length);
  }
  return { status, location: `${scheme}://${authority}${path}` };
}
