/**
 * One `http:` rule of a VirtualService, as istiod's webhook validates it
 * (pkg/config/validation/virtualservice.go validateHTTPRoute and the validation.go helpers it calls).
 */
import { durationProblem, parseDurationNanos } from './duration';
import { corsHeaderNameProblem, isAuthorityHeader, matchHeaderNameProblem } from './header-validation';
import { isIstioDNS1123Label, portProblem } from './host-validation';
import { labelsProblems } from './names';
import { regexProblem } from './regex';
import {
  entries, validateDestination, validateGatewayNames, validateHeaderOperations, validateRouteDestinations,
  validateStringMatch, validateStringMatchRegexp,
} from './route-validation';
import { arr, has, SchemaIssues } from './schema';

const DURATION_FIX = 'use a duration of at least 1ms in whole milliseconds, e.g. "2s"';

/** Envoy's `x-envoy-retry-on` and `x-envoy-retry-grpc-on` policies (validation.go supportedRetryOnPolicies). */
const RETRY_ON = new Set([
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
]);

/** Codes Go's `http.StatusText` names: a retryOn token that is one of these is accepted. */
const GO_STATUS_CODES = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424,
  425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

/** Methods a CORS policy may allow (validation.go supportedCORSMethods). */
const CORS_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*']);

/** gRPC status names (pkg/util/grpc SupportedGRPCStatus). */
const GRPC_STATUSES = new Set([
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED',
  'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
]);

const KB = 1024;
const MB = 1024 * KB;

/**
 * istiod: validateHTTPRoute. `inDelegate` is true for a VirtualService without hosts (istiod treats
 * every host-less VirtualService as a delegate); a rule with `delegate:` in a VirtualService with
 * hosts is a root rule.
 */
export function validateHttpRoute(issues: SchemaIssues, http: any, where: string, inDelegate: boolean): void {
  validateRouteConflicts(issues, http, where, inDelegate);
  validateMatches(issues, http, where);
  validateHeaderOperations(issues, http.headers, `${where}.headers`);
  if (has(http.corsPolicy)) validateCorsPolicy(issues, http.corsPolicy, `${where}.corsPolicy`);
  if (has(http.fault)) validateFault(issues, http.fault, `${where}.fault`);
  validateMirrorPercentages(issues, http, where);
  validateDestination(issues, http.mirror, `${where}.mirror`);
  validateMirrors(issues, http.mirrors, where);
  if (has(http.redirect)) validateRedirect(issues, http.redirect, `${where}.redirect`);
  if (has(http.directResponse)) validateDirectResponse(issues, http.directResponse, `${where}.directResponse`);
  if (has(http.retries)) validateRetries(issues, http.retries, `${where}.retries`);
  if (has(http.rewrite)) validateRewrite(issues, http.rewrite, `${where}.rewrite`);
  validateAuthorityRewrite(issues, http, where);
  validateRouteDestinations(issues, http.route, where, true);
  if (has(http.timeout)) issues.addIf(durationProblem(http.timeout, `${where}.timeout`), DURATION_FIX);
}

// istiod: virtualservice.go validateHTTPRouteConflict
function validateRouteConflicts(issues: SchemaIssues, http: any, where: string, inDelegate: boolean): void {
  const hasRoute = arr(http.route).length > 0;
  if (!inDelegate && has(http.delegate)) {
    const name = http.name ?? '';
    if (has(http.redirect)) issues.add(`${where}: root HTTP route ${name} must not specify redirect`, 'a delegating rule hands the request to the delegate VirtualService; move the redirect there');
    if (hasRoute) issues.add(`${where}: root HTTP route ${name} must not specify route`, 'a delegating rule hands the request to the delegate VirtualService; move the route there');
    return;
  }
  if (inDelegate && has(http.delegate)) {
    issues.add(`${where}: delegate HTTP route cannot contain delegate`, 'delegation is one level deep: route to destinations in the delegate VirtualService');
  }
  const keep = 'keep exactly one of route, redirect or directResponse';
  if (has(http.redirect)) {
    if (hasRoute) issues.add(`${where}: HTTP route cannot contain both route and redirect`, keep);
    if (has(http.fault)) issues.add(`${where}: HTTP route cannot contain both fault and redirect`, 'move the fault to a rule that routes');
    if (has(http.rewrite)) issues.add(`${where}: HTTP route rule cannot contain both rewrite and redirect`, 'drop the rewrite (a redirect ends the request at the proxy)');
    if (has(http.directResponse)) issues.add(`${where}: HTTP route rule cannot contain both direct_response and redirect`, keep);
  } else if (has(http.directResponse)) {
    if (hasRoute) issues.add(`${where}: HTTP route cannot contain both route and direct_response`, keep);
    if (has(http.fault)) issues.add(`${where}: HTTP route cannot contain both fault and direct_response`, 'move the fault to a rule that routes');
    if (has(http.rewrite)) issues.add(`${where}: HTTP route rule cannot contain both rewrite and direct_response`, 'drop the rewrite (a direct response never reaches a backend)');
  } else if (!hasRoute) {
    issues.add(`${where}: HTTP route, redirect or direct_response is required`, `give ${where} a route with at least one destination`);
  }
  if (has(http.mirror) && arr(http.mirrors).length > 0) {
    issues.add(`${where}: HTTP route cannot contain both mirror and mirrors`, 'list every mirror under mirrors');
  }
}

// istiod: virtualservice.go validateHTTPRouteMatchRequest
function validateMatches(issues: SchemaIssues, http: any, where: string): void {
  const nameFix = 'use an HTTP token (letters, digits, !#$%&\'*+-.^_`|~) or a pseudo-header such as :authority';
  arr(http.match).forEach((match, j) => {
    if (!has(match)) return;
    const at = `${where}.match[${j}]`;
    for (const [name, header] of entries(match.headers)) {
      if (header === null) issues.add(`${at}: header match ${name} cannot be null`, 'use {} to match the header\'s presence');
      issues.addIf(matchHeaderNameProblem(name) && `${at}.headers: ${matchHeaderNameProblem(name)}`, nameFix);
      validateStringMatch(issues, header, `${at}.headers.${name}`);
    }
    for (const [name, header] of entries(match.withoutHeaders)) {
      issues.addIf(matchHeaderNameProblem(name) && `${at}.withoutHeaders: ${matchHeaderNameProblem(name)}`, nameFix);
      // `*` is not an RE2 regex here: istiod translates it to a presence match.
      if (has(header) && header.regex !== '*') validateStringMatch(issues, header, `${at}.withoutHeaders.${name}`);
    }
    // An empty uri prefix is allowed (Envoy matches everything); scheme/method/authority are not.
    validateStringMatchRegexp(issues, match.uri, `${at}.uri`);
    for (const field of ['scheme', 'method', 'authority']) validateStringMatch(issues, match[field], `${at}.${field}`);
    for (const [name, qp] of entries(match.queryParams)) validateStringMatch(issues, qp, `${at}.queryParams.${name}`);
    if (has(match.port) && match.port !== 0) issues.addIf(portProblem(match.port) && `${at}: ${portProblem(match.port)}`, 'use a port between 1 and 65535');
    for (const problem of labelsProblems(match.sourceLabels)) issues.add(`${at}.sourceLabels: ${problem}`, 'use valid Kubernetes label keys and values');
    validateGatewayNames(issues, match.gateways, `${at}.gateways`);
    if (has(match.sourceNamespace) && match.sourceNamespace !== '' && !isIstioDNS1123Label(match.sourceNamespace)) {
      issues.add(`${at}: sourceNamespace match ${match.sourceNamespace} is invalid`, 'use a namespace name');
    }
  });
}

// istiod: validateCORSPolicy, validateAllowOrigins, validateCORSHTTPMethod
function validateCorsPolicy(issues: SchemaIssues, cors: any, where: string): void {
  arr(cors.allowOrigins).forEach((origin, i) => {
    const value = origin?.exact ?? origin?.prefix ?? origin?.regex ?? '';
    if (value === '') {
      issues.add(`${where}.allowOrigins[${i}]: '' is not a valid match type for CORS allow origins`, 'give each origin an exact, prefix or regex value');
      return;
    }
    validateStringMatchRegexp(issues, origin, 'corsPolicy.allowOrigins');
  });
  for (const method of arr(cors.allowMethods)) {
    if (!CORS_METHODS.has(method)) issues.add(`${where}.allowMethods: "${method}" is not a supported HTTP method`, `use upper-case methods: ${[...CORS_METHODS].join(', ')}`);
  }
  for (const field of ['allowHeaders', 'exposeHeaders']) {
    for (const name of arr(cors[field])) issues.addIf(corsHeaderNameProblem(String(name)) && `${where}.${field}: ${corsHeaderNameProblem(String(name))}`, 'use header names (HTTP tokens) or "*"');
  }
  if (has(cors.maxAge)) {
    issues.addIf(durationProblem(cors.maxAge, `${where}.maxAge`), 'use a whole number of seconds, e.g. "24h"');
    const nanos = typeof cors.maxAge === 'string' ? parseDurationNanos(cors.maxAge) : undefined;
    if (nanos !== undefined && nanos % 1e9 !== 0) issues.add(`${where}: max_age duration is accurate only to seconds precision`, 'use a whole number of seconds');
  }
}

// istiod: validatePercentage — 0, or between 0.0001 and 100.
function percentageProblem(percentage: any): string | undefined {
  if (!has(percentage)) return undefined;
  const v = typeof percentage.value === 'number' ? percentage.value : 0;
  return v < 0 || v > 100 || (v > 0 && v < 0.0001) ? `percentage ${v} is neither 0.0, nor in range [0.0001, 100.0]` : undefined;
}

// istiod: validateHTTPStatus — note the accepted range is 200..600 although the message says 599.
function httpStatusProblem(status: unknown): string | undefined {
  const s = typeof status === 'number' ? status : 0;
  return s < 200 || s > 600 ? `HTTP status ${s} is not in range 200-599` : undefined;
}

// istiod: validateHTTPFaultInjection (+ Abort, Delay)
function validateFault(issues: SchemaIssues, fault: any, where: string): void {
  if (!has(fault.abort) && !has(fault.delay)) issues.add(`${where}: HTTP fault injection must have an abort and/or a delay`, 'add fault.abort or fault.delay, or remove fault');
  const abort = fault.abort;
  if (has(abort)) {
    issues.addIf(percentageProblem(abort.percentage) && `${where}.abort: ${percentageProblem(abort.percentage)}`, 'use a percentage between 0.0001 and 100');
    if (has(abort.grpcStatus)) {
      if (!GRPC_STATUSES.has(abort.grpcStatus)) {
        issues.add(`${where}.abort: gRPC status "${abort.grpcStatus}" is not supported`, `use a gRPC status name such as NOT_FOUND or UNAVAILABLE`);
      }
    } else if (has(abort.http2Error)) {
      issues.add(`${where}.abort: HTTP/2 abort fault injection not supported yet`, 'abort with httpStatus or grpcStatus');
    } else if (has(abort.httpStatus)) {
      issues.addIf(httpStatusProblem(abort.httpStatus) && `${where}.abort: ${httpStatusProblem(abort.httpStatus)}`, 'abort with a status between 200 and 599');
    } else {
      issues.warn(`${where}.abort: abort configured, but error type not set`, 'set abort.httpStatus (or grpcStatus)');
    }
  }
  const delay = fault.delay;
  if (has(delay)) {
    issues.addIf(percentageProblem(delay.percentage) && `${where}.delay: ${percentageProblem(delay.percentage)}`, 'use a percentage between 0.0001 and 100');
    if (has(delay.fixedDelay)) issues.addIf(durationProblem(delay.fixedDelay, `${where}.delay.fixedDelay`), DURATION_FIX);
    else if (has(delay.exponentialDelay)) {
      issues.addIf(durationProblem(delay.exponentialDelay, `${where}.delay.exponentialDelay`), DURATION_FIX);
      issues.add(`${where}.delay: exponentialDelay not supported yet`, 'use fixedDelay');
    }
  }
}

// istiod: the mirrorPercent / mirrorPercentage checks of validateHTTPRoute
function validateMirrorPercentages(issues: SchemaIssues, http: any, where: string): void {
  if (has(http.mirrorPercent)) {
    const value = typeof http.mirrorPercent === 'number' ? http.mirrorPercent : Number(http.mirrorPercent?.value ?? 0);
    if (value > 100) issues.add(`${where}: mirror_percent must have a max value of 100 (it has ${value})`, 'use a value between 0 and 100');
    issues.warn(`${where}: using deprecated setting "mirrorPercent", use "mirrorPercentage" instead`, 'write mirrorPercentage: { value: N }');
  }
  if (has(http.mirrorPercentage)) {
    const value = Number(http.mirrorPercentage.value ?? 0);
    if (value > 100) issues.add(`${where}: mirror_percentage must have a max value of 100 (it has ${value})`, 'use a percentage between 0 and 100');
    if (value < 0) issues.add(`${where}: mirror_percentage must have a min value of 0 (it has ${value})`, 'use a percentage between 0 and 100');
  }
}

// istiod: validateHTTPMirrors
function validateMirrors(issues: SchemaIssues, mirrors: unknown, where: string): void {
  arr(mirrors).forEach((mirror, j) => {
    const at = `${where}.mirrors[${j}]`;
    if (!has(mirror)) { issues.add(`${at}: mirror cannot be null`, 'remove the empty entry'); return; }
    if (!has(mirror.destination)) { issues.add(`${at}: destination is required for mirrors`, 'give each mirror a destination'); return; }
    validateDestination(issues, mirror.destination, `${at}.destination`);
    if (has(mirror.percentage)) {
      const value = Number(mirror.percentage.value ?? 0);
      if (value > 100) issues.add(`${at}: mirror percentage must have a max value of 100 (it has ${value})`, 'use a percentage between 0 and 100');
      if (value < 0) issues.add(`${at}: mirror percentage must have a min value of 0 (it has ${value})`, 'use a percentage between 0 and 100');
    }
  });
}

// istiod: validateHTTPRedirect — stops at the first problem, as istiod does.
function validateRedirect(issues: SchemaIssues, redirect: any, where: string): void {
  if (!redirect.uri && !redirect.authority && !has(redirect.port) && !has(redirect.derivePort) && !redirect.scheme) {
    issues.add(`${where}: redirect must specify URI, authority, scheme, or port`, 'set at least one of uri, authority, scheme or port');
    return;
  }
  const code = typeof redirect.redirectCode === 'number' ? redirect.redirectCode : 0;
  if (code !== 0 && (code < 300 || code > 399)) {
    issues.add(`${where}: ${code} is not a valid redirect code, must be 3xx`, 'use 301, 302, 303, 307 or 308');
    return;
  }
  if (redirect.scheme && redirect.scheme !== 'http' && redirect.scheme !== 'https') {
    issues.add(`${where}: invalid redirect scheme, must be "http" or "https"`, 'use scheme http or https');
    return;
  }
  if (typeof redirect.port === 'number' && redirect.port > 0) issues.addIf(portProblem(redirect.port) && `${where}: ${portProblem(redirect.port)}`, 'use a port between 1 and 65535');
}

// istiod: validateHTTPDirectResponse — body over 1MB is rejected, over 100KB warned; status 200..600.
function validateDirectResponse(issues: SchemaIssues, direct: any, where: string): void {
  const body = direct.body;
  if (has(body)) {
    const size = typeof body.string === 'string' ? Buffer.byteLength(body.string, 'utf8')
      : typeof body.bytes === 'string' ? Buffer.from(body.bytes, 'base64').length : 0;
    if (size > MB) issues.add(`${where}: large direct_responses may impact control plane performance, must be less than 1MB (body is ${size} bytes)`, 'serve large bodies from a backend instead');
    else if (size > 100 * KB) issues.warn(`${where}: large direct_responses may impact control plane performance (body is ${size} bytes)`, 'keep direct response bodies under 100KB');
  }
  issues.addIf(httpStatusProblem(direct.status) && `${where}: ${httpStatusProblem(direct.status)}`, 'use a status between 200 and 599');
}

// istiod: validateHTTPRetry
function validateRetries(issues: SchemaIssues, retries: any, where: string): void {
  const attempts = typeof retries.attempts === 'number' ? retries.attempts : 0;
  if (attempts < 0) issues.add(`${where}: attempts cannot be negative`, 'use attempts >= 0');
  const retryOn = typeof retries.retryOn === 'string' ? retries.retryOn : '';
  if (attempts === 0 && (has(retries.perTryTimeout) || retryOn !== '' || has(retries.retryRemoteLocalities))) {
    issues.add(`${where}: http retry policy configured when attempts are set to 0 (disabled)`, 'set attempts > 0, or drop perTryTimeout/retryOn/retryRemoteLocalities to disable retries');
  }
  if (has(retries.perTryTimeout)) issues.addIf(durationProblem(retries.perTryTimeout, `${where}.perTryTimeout`), DURATION_FIX);
  if (retryOn !== '') {
    for (const token of retryOn.split(',')) {
      const status = /^[+-]?\d+$/.test(token) ? Number(token) : 0;
      if (!GO_STATUS_CODES.has(status) && !RETRY_ON.has(token)) {
        issues.add(`${where}: "${token}" is not a valid retryOn policy`, `use comma-separated (no spaces) tokens from ${[...RETRY_ON].join(', ')} or HTTP status codes`);
      }
    }
  }
  if (has(retries.backoff)) issues.addIf(durationProblem(retries.backoff, `${where}.backoff`), DURATION_FIX);
}

// istiod: validateHTTPRewrite + validateURIRegexRewrite — stops at the first problem.
function validateRewrite(issues: SchemaIssues, rewrite: any, where: string): void {
  const uri = typeof rewrite.uri === 'string' ? rewrite.uri : '';
  const regexRewrite = rewrite.uriRegexRewrite;
  if (uri !== '' && has(regexRewrite)) {
    issues.add(`${where}: rewrite may only contain one of URI or UriRegexRewrite`, 'keep either uri or uriRegexRewrite');
    return;
  }
  if (uri === '' && !has(regexRewrite) && !rewrite.authority) {
    issues.add(`${where}: rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified`, 'set uri, uriRegexRewrite or authority, or remove the rewrite');
    return;
  }
  if (!has(regexRewrite)) return;
  if (!regexRewrite.match || !regexRewrite.rewrite) {
    issues.add(`${where}: UriRegexRewrite has errors: UriRegexRewrite requires both Rewrite and Match fields to be specified`, 'set uriRegexRewrite.match and uriRegexRewrite.rewrite');
    return;
  }
  const problem = regexProblem(regexRewrite.match, 'HTTPRewrite.UriRegexRewrite.Match');
  if (problem) issues.add(`${where}: UriRegexRewrite has errors: ${problem}`, 'write an RE2 regex (no look-around, no back-references)');
}

// istiod: validateAuthorityRewrite — the authority may be rewritten in one place only.
function validateAuthorityRewrite(issues: SchemaIssues, http: any, where: string): void {
  let current: string = http.rewrite?.authority ?? '';
  for (const op of ['set', 'add']) {
    for (const [name, value] of entries(http.headers?.request?.[op])) {
      if (!isAuthorityHeader(name)) continue;
      if (current !== '') {
        issues.add(`${where}: authority header cannot be set multiple times: have "${current}", attempting to set "${value}"`,
          'rewrite the authority either with rewrite.authority or with one headers.request entry, not both');
        return;
      }
      current = String(value);
    }
  }
}
