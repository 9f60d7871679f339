/**
 * The path as Envoy sees it after MeshConfig `pathNormalization`, before any route or
 * authorization matching (and as it is forwarded). istiod maps the mesh setting onto the HTTP
 * connection manager of every listener (istiod: listener_builder.go buildHTTPConnectionManager):
 *   NONE                      normalize_path false
 *   BASE, DEFAULT             normalize_path true
 *   MERGE_SLASHES             normalize_path true, merge_slashes true
 *   DECODE_AND_MERGE_SLASHES  normalize_path true, merge_slashes true,
 *                             path_with_escaped_slashes_action UNESCAPE_AND_FORWARD
 * Envoy applies them in that order of effect: escaped slashes are decoded first, then the path is
 * normalized (RFC 3986: `\` → `/`, percent-encoded unreserved characters decoded, `.` and `..`
 * segments removed), then `//` runs are merged. The query string is never touched; a `#fragment`
 * never reaches routing. The expectations in test/simulate/path-normalization.test.ts are Istio's
 * own (tests/integration/security/normalization_test.go TestNormalization).
 */
import { IstioTrafficError } from '../errors';
import { REQUEST_ERRORS } from './request';

export type PathNormalization = 'NONE' | 'BASE' | 'MERGE_SLASHES' | 'DECODE_AND_MERGE_SLASHES';

/** Anything normalization could change: a backslash, a percent escape, a dot segment, `//`, `#`. */
const MAY_CHANGE = /[\\%#]|\/\.\.?(?:\/|$)|\/\//;
/** Percent escapes of RFC 3986 unreserved characters (ALPHA / DIGIT / - . _ ~), decoded by normalize_path. */
const UNRESERVED_ESCAPE = /%(2[dDeE]|3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|5[fF]|7[eE])/g;

/**
 * `path` (with `?query`) after normalization. Throws CIT219 for what Envoy answers with 400
 * before routing (an encoded NUL).
 */
export function normalizePath(path: string, mode: string): string {
  const hash = path.indexOf('#');
  const withoutFragment = hash < 0 ? path : path.slice(0, hash);
  if (mode === 'NONE' || !MAY_CHANGE.test(withoutFragment)) return withoutFragment;
  const queryAt = withoutFragment.indexOf('?');
  let pathOnly = queryAt < 0 ? withoutFragment : withoutFragment.slice(0, queryAt);
  const query = queryAt < 0 ? '' : withoutFragment.slice(queryAt);
  if (/%00/.test(pathOnly)) {
    throw new IstioTrafficError(REQUEST_ERRORS.rejectedPath, 'explain request path', 'Envoy rejects a path with an encoded NUL (400 Bad Request) before routing', path,
      'remove %00 from the path');
  }
  // path_with_escaped_slashes_action UNESCAPE_AND_FORWARD
  if (mode === 'DECODE_AND_MERGE_SLASHES') pathOnly = pathOnly.replace(/%2f/gi, '/').replace(/%5c/gi, '\\');
  // normalize_path (Envoy PathUtil::canonicalPath)
  pathOnly = removeDotSegments(pathOnly.replace(/\\/g, '/').replace(UNRESERVED_ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))));
  // merge_slashes
  if (mode === 'MERGE_SLASHES' || mode === 'DECODE_AND_MERGE_SLASHES') pathOnly = pathOnly.replace(/\/{2,}/g, '/');
  return pathOnly + query;
}

/** RFC 3986 §5.2.4 on an absolute path; empty segments (`//`) are segments too. */
function removeDotSegments(path: string): string {
  if (!/\/\.\.?(?:\/|$)/.test(path)) return path;
  const segments = path.slice(1).split('/');
  const out: string[] = [];
  segments.forEach((segment) => {
    if (segment === '.') return;
    if (segment === '..') out.pop();
    else out.push(segment);
  });
  const last = segments[segments.length - 1];
  const result = `/${out.join('/')}`;
  return (last === '.' || last === '..') && !result.endsWith('/') ? `${result}/` : result;
}
