/**
 * Checks shared by the constructs and routing types. Each throws one `IstioTrafficError` that
 * names where (construct path), what was received and how to fix it.
 */
import { Duration } from 'cdk8s';
import { RE2JS } from 're2js';
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 7230 token characters: what Envoy accepts in a header name. */
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A Kubernetes object name / subset name: lowercase alphanumerics and `-`, at most 63 characters. */
export function validateDnsLabel(value: string, where: string, what: string): void {
  if (typeof value !== 'string' || value.length > 63 || !DNS1123_LABEL.test(value)) {
    throw new IstioTrafficError(ErrorCodes.NAME, where, `${what} is not a DNS-1123 label`, value,
      'use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit');
  }
}

/**
 * A host name for a route, gateway server or service entry: lowercase DNS labels separated by
 * dots, with at most a `*` as the whole first label. `*` alone only where `allowStar` says so.
 */
export function validateHost(host: string, where: string, options: { allowStar?: boolean; requireDot?: boolean } = {}): void {
  const fail = (problem: string, fix: string): never => {
    throw new IstioTrafficError(ErrorCodes.HOST, where, problem, host, fix);
  };
  if (typeof host !== 'string' || host.length === 0) fail('empty host', 'give a host name such as "shop.example.com"');
  if (host === '*') {
    if (!options.allowStar) fail('host "*" matches every host', 'name the hosts explicitly (a mesh route may never use "*")');
    return;
  }
  if (host.length > 253) fail('host longer than 253 characters', 'shorten the host name');
  const labels = host.split('.');
  labels.forEach((label, i) => {
    if (label === '*' && i === 0) return;
    if (label.includes('*')) fail('partial wildcard: "*" may only be the whole first label', 'write "*.example.com", not "*foo.example.com" or "foo.*.com"');
    if (!DNS1123_SUBDOMAIN_LABEL.test(label) || label.length > 63) {
      fail(`label "${label}" is not a lowercase DNS label`, 'use lowercase letters, digits and "-" between dots');
    }
  });
  if (options.requireDot && labels.length < 2) fail('host must be a fully qualified name', 'write the full DNS name, e.g. "api.example.com"');
}

/** Hosts must not repeat within one list. */
export function validateUnique(values: readonly string[], where: string, what: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) {
      throw new IstioTrafficError(ErrorCodes.DUPLICATE, where, `duplicate ${what}`, value, `declare each ${what} once`);
    }
    seen.add(value);
  }
}

/** Patterns already compiled once: the same cookie regex recurs in every team's routes. */
const VALID_RE2 = new Set<string>();

/** A regex as Envoy compiles it: RE2, non-empty, at most 1024 characters. */
export function validateRe2(pattern: string, where: string): void {
  if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > 1024) {
    throw new IstioTrafficError(ErrorCodes.REGEX, where, 'regex must be 1 to 1024 characters', pattern, 'give a non-empty RE2 pattern');
  }
  if (VALID_RE2.has(pattern)) return;
  try {
    RE2JS.compile(pattern);
    VALID_RE2.add(pattern);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new IstioTrafficError(ErrorCodes.REGEX, where, `not a valid RE2 regex (${reason})`, pattern,
      'RE2 has no look-around or back-references; rewrite the pattern without them');
  }
}

export function validatePath(path: string, where: string, what = 'path'): void {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new IstioTrafficError(ErrorCodes.PATH, where, `${what} must start with "/"`, path, `write it as "/${String(path ?? '').replace(/^\/*/, '')}"`);
  }
}

export function validatePort(port: number, where: string): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new IstioTrafficError(ErrorCodes.PORT, where, 'port must be an integer from 1 to 65535', port, 'use a valid TCP port number');
  }
}

/** Istio durations: positive, whole milliseconds. Rendered as Istio expects (`1.5s`, `250ms`). */
export function renderDuration(duration: Duration, where: string, what: string): string {
  // `integral: false` so a fractional value reaches our error instead of cdk8s's own.
  const ms = duration.toMilliseconds({ integral: false });
  if (!(ms >= 1) || !Number.isInteger(ms)) {
    throw new IstioTrafficError(ErrorCodes.DURATION, where, `${what} must be at least 1ms in whole milliseconds`, `${ms}ms`,
      'use Duration.millis(n) with n ≥ 1, or Duration.seconds(n)');
  }
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export function validateHeaderName(name: string, where: string): void {
  if (typeof name !== 'string' || !HTTP_TOKEN.test(name)) {
    throw new IstioTrafficError(ErrorCodes.HEADER_NAME, where, 'header name is not an HTTP token', name,
      'use letters, digits and !#$%&\'*+-.^_`|~ only');
  }
}

export function validateRange(value: number, min: number, max: number, where: string, what: string): void {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    throw new IstioTrafficError(ErrorCodes.RANGE, where, `${what} must be between ${min} and ${max}`, value, `choose a value from ${min} to ${max}`);
  }
}
