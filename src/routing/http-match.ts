/**
 * One match entry of an HTTP rule: every condition given must hold (AND). A rule with several
 * entries matches when any entry does (OR).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
 */
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { HeaderMatch } from './header-match';
import { PathMatch } from './path-match';
import { QueryParameterMatch } from './query-match';
import { StringMatch } from './string-match';
import { validateDnsLabel, validatePort } from './validate';

/** HTTP methods a route can match. */
export enum HttpMethod {
  /** GET */
  GET = 'GET',
  /** HEAD */
  HEAD = 'HEAD',
  /** POST */
  POST = 'POST',
  /** PUT */
  PUT = 'PUT',
  /** DELETE */
  DELETE = 'DELETE',
  /** CONNECT */
  CONNECT = 'CONNECT',
  /** OPTIONS */
  OPTIONS = 'OPTIONS',
  /** TRACE */
  TRACE = 'TRACE',
  /** PATCH */
  PATCH = 'PATCH',
}

/** One match entry of an HTTP rule: every condition given must hold. */
export interface HttpRouteMatch {
  /**
   * A name for this match, shown in Envoy's access logs and `explain` traces.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
   */
  readonly name?: string;
  /**
   * The request path (query string excluded).
   * @default - any path
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
   */
  readonly path?: PathMatch;
  /**
   * Compare the path case-insensitively (exact and prefix matches only).
   * @default false
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
   */
  readonly ignorePathCase?: boolean;
  /**
   * Headers that must all match (cookies through `HeaderMatch.cookieIs`).
   * @default - no header condition
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
   */
  readonly headers?: HeaderMatch[];
  /**
   * Headers that must NOT match (an absent header counts as empty).
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
   */
  readonly withoutHeaders?: HeaderMatch[];
  /**
   * Query parameters that must all match.
   * @default - no query condition
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
   */
  readonly queryParameters?: QueryParameterMatch[];
  /**
   * The request method.
   * @default - any method
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
   */
  readonly method?: HttpMethod;
  /**
   * The `:authority` (Host) of the request.
   * @default - any authority
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
   */
  readonly authority?: StringMatch;
  /**
   * The port the request was sent to.
   * @default - any port
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
   */
  readonly port?: number;
  /**
   * Labels the calling workload must carry (mesh callers only).
   * @default - any caller
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
   */
  readonly sourceLabels?: Record<string, string>;
  /**
   * The namespace of the calling workload (mesh callers only).
   * @default - any namespace
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
   */
  readonly sourceNamespace?: string;
}

/** Renders a match entry into Istio's `HTTPMatchRequest`, checking every value. */
export function renderHttpMatch(match: HttpRouteMatch, where: string): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  if (match.name !== undefined) spec.name = match.name;
  if (match.path) spec.uri = match.path.bind(`${where}.path`);
  if (match.ignorePathCase) {
    if (!match.path) throw new IstioTrafficError(ErrorCodes.CONFLICT, where, 'ignorePathCase without a path match', match.ignorePathCase, 'add a path match or drop ignorePathCase');
    spec.ignoreUriCase = true;
  }
  const headers = renderNamed(match.headers, `${where}.headers`);
  if (headers) spec.headers = headers;
  const withoutHeaders = renderNamed(match.withoutHeaders, `${where}.withoutHeaders`);
  if (withoutHeaders) spec.withoutHeaders = withoutHeaders;
  const query = renderNamed(match.queryParameters, `${where}.queryParameters`);
  if (query) spec.queryParams = query;
  if (match.method) spec.method = { exact: match.method };
  if (match.authority) spec.authority = match.authority.bind(`${where}.authority`);
  if (match.port !== undefined) {
    validatePort(match.port, `${where}.port`);
    spec.port = match.port;
  }
  if (match.sourceLabels && Object.keys(match.sourceLabels).length > 0) spec.sourceLabels = sortKeys(match.sourceLabels);
  if (match.sourceNamespace !== undefined) {
    validateDnsLabel(match.sourceNamespace, `${where}.sourceNamespace`, 'source namespace');
    spec.sourceNamespace = match.sourceNamespace;
  }
  return spec;
}

function renderNamed(items: { bind(where: string): { name: string; match: object } }[] | undefined, where: string): Record<string, object> | undefined {
  if (!items || items.length === 0) return undefined;
  const out: Record<string, object> = {};
  items.forEach((item, i) => {
    const { name, match } = item.bind(`${where}[${i}]`);
    if (out[name]) throw new IstioTrafficError(ErrorCodes.DUPLICATE, `${where}[${i}]`, 'the same name is matched twice in one entry', name, 'combine the conditions into one regex, or use two match entries');
    out[name] = match;
  });
  return out;
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
