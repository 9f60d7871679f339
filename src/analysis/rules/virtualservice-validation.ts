/**
 * IST0106 for VirtualServices: what istiod's validating webhook rejects (SEMANTICS §2,
 * pkg/config/validation ValidateVirtualService).
 */
import { hostCovers, MeshModel, Resource } from '../../model';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { durationProblem } from '../support/duration';
import { isDNS1123Label, isHttpToken, isValidPort, labelsProblems, wildcardDomainProblem } from '../support/names';
import { regexProblem } from '../support/regex';
import { arr, has, SchemaIssues } from '../support/schema';
import { isMeshBound } from '../support/virtualservice';

/** Envoy's retry_on tokens (plus gRPC ones) that istiod accepts; HTTP status codes are also allowed. */
const RETRY_ON = new Set([
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'envoy-ratelimited', 'retriable-4xx',
  'refused-stream', 'retriable-status-codes', 'retriable-headers', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
]);

export const virtualServiceValidation: Rule = {
  code: 'IST0106',
  description: 'VirtualService fields that istiod\'s validating webhook rejects',
  run(model: MeshModel): Finding[] {
    const delegates = delegateNames(model);
    return model.ofKind('VirtualService').flatMap((vs) => validateVirtualService(vs, delegates.has(`${vs.namespace}/${vs.name}`)));
  },
};

/** VirtualServices referenced as `delegate:` by another one: they legitimately have no hosts. */
function delegateNames(model: MeshModel): Set<string> {
  const names = new Set<string>();
  for (const vs of model.ofKind('VirtualService')) {
    for (const rule of arr(vs.spec.http)) {
      const d = rule?.delegate;
      if (d && typeof d.name === 'string') names.add(`${d.namespace ?? vs.namespace}/${d.name}`);
    }
  }
  return names;
}

export function validateVirtualService(vs: Resource, isDelegate: boolean): Finding[] {
  const issues = new SchemaIssues(vs);
  const spec = vs.spec;
  const hosts: string[] = arr(spec.hosts);
  if (!isDelegate && hosts.length === 0) {
    issues.add('virtual service must have at least one host', 'list the hosts this VirtualService routes in spec.hosts');
  }
  if (arr(spec.http).length === 0 && arr(spec.tcp).length === 0 && arr(spec.tls).length === 0) {
    issues.add('http, tcp or tls must be provided in virtual service', 'add at least one http, tcp or tls rule');
  }
  validateHosts(issues, vs, hosts);
  arr(spec.gateways).forEach((g, i) => validateGatewayName(issues, g, `gateways[${i}]`));
  arr(spec.http).forEach((rule, i) => validateHttpRule(issues, rule ?? {}, `http[${i}]`));
  arr(spec.tcp).forEach((rule, i) => {
    if (arr(rule?.route).length === 0) issues.add(`tcp[${i}]: TCP route is required`, 'give the rule a route with at least one destination');
    validateRouteDestinations(issues, arr(rule?.route), `tcp[${i}]`);
    arr(rule?.match).forEach((m, j) => validateL4Match(issues, m ?? {}, `tcp[${i}].match[${j}]`));
  });
  arr(spec.tls).forEach((rule, i) => validateTlsRule(issues, rule ?? {}, hosts, `tls[${i}]`));
  return issues.result();
}

function validateHosts(issues: SchemaIssues, vs: Resource, hosts: string[]): void {
  let allValid = true;
  for (const host of hosts) {
    if (typeof host !== 'string') {
      issues.add(`host ${JSON.stringify(host)} is not a string`, 'write hosts as strings');
      allValid = false;
      continue;
    }
    const problem = wildcardDomainProblem(host);
    if (problem && !/^[0-9a-fA-F.:]+$/.test(host)) {
      issues.add(problem, 'use a DNS name, a wildcard only as the whole first label (*.example.com), or an IP');
      allValid = false;
    } else if (host === '*' && isMeshBound(vs)) {
      issues.add('wildcard host * is not allowed for virtual services bound to the mesh gateway',
        'bind the VirtualService to a Gateway only (spec.gateways without "mesh") or list concrete hosts');
      allValid = false;
    }
  }
  if (!allValid) return;
  for (let i = 0; i < hosts.length; i++) {
    for (let j = i + 1; j < hosts.length; j++) {
      if (hostCovers(hosts[i], hosts[j]) || hostCovers(hosts[j], hosts[i])) {
        issues.add(`duplicate hosts in virtual service: ${hosts[i]} & ${hosts[j]}`, 'list each host once; a wildcard already covers the names under it');
      }
    }
  }
}

function validateGatewayName(issues: SchemaIssues, gateway: unknown, where: string): void {
  if (typeof gateway !== 'string' || gateway === '') {
    issues.add(`${where}: gateway name must be a non-empty string`, 'write "mesh", "name" or "namespace/name"');
    return;
  }
  if (gateway === 'mesh') return;
  const parts = gateway.split('/');
  if (parts.length > 2 || (parts.length === 2 && (!isDNS1123Label(parts[0]) || !isDNS1123Label(parts[1])))) {
    issues.add(`${where}: invalid gateway reference "${gateway}"`, 'write the Gateway as "namespace/name" with DNS-1123 labels');
  }
}

function validateHttpRule(issues: SchemaIssues, rule: any, where: string): void {
  const hasRoute = arr(rule.route).length > 0;
  const actions = [hasRoute && 'route', has(rule.redirect) && 'redirect', has(rule.directResponse) && 'directResponse'].filter(Boolean) as string[];
  if (actions.length > 1) {
    issues.add(`${where}: HTTP route cannot contain both ${actions.join(' and ')}`, `keep exactly one of route, redirect or directResponse in ${where}`);
  } else if (actions.length === 0 && !has(rule.delegate)) {
    issues.add(`${where}: HTTP route, redirect or directResponse is required`, `give ${where} a route with at least one destination`);
  }
  if (has(rule.rewrite) && has(rule.redirect)) {
    issues.add(`${where}: HTTP route rule cannot contain both rewrite and redirect`, 'drop the rewrite (a redirect ends the request at the proxy)');
  }
  if (has(rule.fault) && (has(rule.redirect) || has(rule.directResponse))) {
    issues.add(`${where}: HTTP route cannot contain both fault and ${has(rule.redirect) ? 'redirect' : 'directResponse'}`, 'move the fault to a rule that routes');
  }
  if (has(rule.mirror) && arr(rule.mirrors).length > 0) {
    issues.add(`${where}: HTTP route cannot contain both mirror and mirrors`, 'list every mirror under mirrors');
  }
  arr(rule.match).forEach((m, j) => validateHttpMatch(issues, m ?? {}, `${where}.match[${j}]`));
  validateRouteDestinations(issues, arr(rule.route), where);
  if (has(rule.mirror)) validateDestination(issues, rule.mirror, `${where}.mirror`);
  arr(rule.mirrors).forEach((m, j) => {
    if (!has(m?.destination)) issues.add(`${where}.mirrors[${j}]: destination is required for mirrors`, 'give each mirror a destination');
    else validateDestination(issues, m.destination, `${where}.mirrors[${j}].destination`);
    const pct = m?.percentage?.value;
    if (typeof pct === 'number' && (pct < 0 || pct > 100)) issues.add(`${where}.mirrors[${j}]: mirror percentage ${pct} is not within 0-100`, 'use a percentage between 0 and 100');
  });
  const mirrorPct = rule.mirrorPercentage?.value;
  if (typeof mirrorPct === 'number' && (mirrorPct < 0 || mirrorPct > 100)) issues.add(`${where}: mirrorPercentage ${mirrorPct} is not within 0-100`, 'use a percentage between 0 and 100');
  if (has(rule.rewrite)) validateRewrite(issues, rule.rewrite, `${where}.rewrite`);
  if (has(rule.redirect)) validateRedirect(issues, rule.redirect, `${where}.redirect`);
  if (has(rule.directResponse)) {
    const status = rule.directResponse.status;
    if (typeof status !== 'number' || status < 200 || status > 599) issues.add(`${where}.directResponse: HTTP status ${JSON.stringify(status)} is not in range 200-599`, 'use a status between 200 and 599');
  }
  if (has(rule.timeout)) issues.addIf(durationProblem(rule.timeout, `${where}.timeout`), 'use a duration of at least 1ms in whole milliseconds, e.g. "2s"');
  if (has(rule.retries)) validateRetries(issues, rule.retries, `${where}.retries`);
  if (has(rule.fault)) validateFault(issues, rule.fault, `${where}.fault`);
}

function validateHttpMatch(issues: SchemaIssues, match: any, where: string): void {
  // uri, scheme, method, authority: only the regex form is checked by istiod.
  for (const field of ['uri', 'scheme', 'method', 'authority']) {
    if (has(match[field]?.regex)) issues.addIf(regexProblem(match[field].regex, `${where}.${field}`), 'write an RE2 regex (no look-around, no back-references)');
  }
  for (const field of ['headers', 'withoutHeaders']) {
    for (const [name, value] of Object.entries(match[field] ?? {})) {
      if (!isHttpToken(name)) issues.add(`${where}.${field}: header name "${name}" is not a valid header name`, 'use an HTTP token as the header name (letters, digits, !#$%&\'*+-.^_`|~)');
      validateStringMatch(issues, value, `${where}.${field}.${name}`, true);
    }
  }
  for (const [name, value] of Object.entries(match.queryParams ?? {})) validateStringMatch(issues, value, `${where}.queryParams.${name}`, false);
  if (has(match.port) && !isValidPort(match.port)) issues.add(`${where}: port number ${JSON.stringify(match.port)} must be in the range 1..65535`, 'use a port between 1 and 65535');
  for (const problem of labelsProblems(match.sourceLabels)) issues.add(`${where}.sourceLabels: ${problem}`, 'use valid Kubernetes label keys and values');
  arr(match.gateways).forEach((g, i) => validateGatewayName(issues, g, `${where}.gateways[${i}]`));
}

function validateStringMatch(issues: SchemaIssues, value: any, where: string, prefixMustBeNonEmpty: boolean): void {
  if (value === null || typeof value !== 'object') return;
  if (prefixMustBeNonEmpty && value.prefix === '') issues.add(`"${where}": prefix string match should not be empty`, 'give a non-empty prefix, or {} to match presence');
  if (has(value.regex)) issues.addIf(regexProblem(value.regex, where), 'write an RE2 regex (no look-around, no back-references)');
}

function validateL4Match(issues: SchemaIssues, match: any, where: string): void {
  if (has(match.port) && !isValidPort(match.port)) issues.add(`${where}: port number ${JSON.stringify(match.port)} must be in the range 1..65535`, 'use a port between 1 and 65535');
  for (const problem of labelsProblems(match.sourceLabels)) issues.add(`${where}.sourceLabels: ${problem}`, 'use valid Kubernetes label keys and values');
}

function validateTlsRule(issues: SchemaIssues, rule: any, hosts: string[], where: string): void {
  const matches = arr(rule.match);
  if (matches.length === 0) issues.add(`${where}: TLS route must have at least one match condition`, 'add a match with sniHosts');
  matches.forEach((m, j) => {
    const sniHosts: string[] = arr(m?.sniHosts);
    if (sniHosts.length === 0) issues.add(`${where}.match[${j}]: TLS match must have at least one SNI host`, 'list the SNI names in sniHosts');
    for (const sni of sniHosts) {
      if (!hosts.some((h) => typeof h === 'string' && hostCovers(h, sni))) {
        issues.add(`${where}.match[${j}]: SNI host "${sni}" is not a compatible subset of any of the virtual service hosts: [${hosts.join(', ')}]`,
          'add the SNI name to spec.hosts or use an SNI name that a host covers');
      }
    }
    validateL4Match(issues, m ?? {}, `${where}.match[${j}]`);
  });
  if (arr(rule.route).length === 0) issues.add(`${where}: TLS route is required`, 'give the rule a route with at least one destination');
  validateRouteDestinations(issues, arr(rule.route), where);
}

function validateRouteDestinations(issues: SchemaIssues, routes: any[], where: string): void {
  let total = 0;
  routes.forEach((rd, j) => {
    if (!has(rd?.destination)) {
      issues.add(`${where}.route[${j}]: destination is required`, 'give each route entry a destination with a host');
    } else {
      validateDestination(issues, rd.destination, `${where}.route[${j}].destination`);
    }
    const weight = rd?.weight ?? 0;
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0) {
      issues.add(`${where}.route[${j}]: weight ${JSON.stringify(weight)} < 0`, 'use a non-negative integer weight');
    } else {
      total += weight;
    }
  });
  if (routes.length > 1 && total === 0) {
    issues.add(`${where}: total destination weight = 0`, 'give at least one destination a positive weight (weights need not sum to 100)');
  }
}

function validateDestination(issues: SchemaIssues, d: any, where: string): void {
  const host = d?.host;
  if (typeof host !== 'string' || host === '') {
    issues.add(`${where}: destination host is required`, 'set destination.host to a service name or FQDN');
  } else if (host === '*') {
    issues.add(`${where}: invalid destination host *`, 'route to a concrete service host');
  } else {
    issues.addIf(wildcardDomainProblem(host) ? `${where}: ${wildcardDomainProblem(host)}` : undefined, 'use a valid DNS name for destination.host');
  }
  if (has(d?.subset)) {
    if (typeof d.subset !== 'string' || !isDNS1123Label(d.subset)) issues.add(`${where}: subset name is invalid: ${d.subset}`, 'use a DNS-1123 label (lower case, digits, -) as subset name');
  }
  if (has(d?.port) && !isValidPort(d.port.number)) issues.add(`${where}: port number ${JSON.stringify(d.port.number)} must be in the range 1..65535`, 'use a port between 1 and 65535');
}

function validateRewrite(issues: SchemaIssues, rewrite: any, where: string): void {
  const hasUri = typeof rewrite.uri === 'string' && rewrite.uri !== '';
  if (hasUri && has(rewrite.uriRegexRewrite)) {
    issues.add(`${where}: rewrite may only contain one of URI or UriRegexRewrite`, 'keep either uri or uriRegexRewrite');
  }
  if (!hasUri && !has(rewrite.uriRegexRewrite) && !rewrite.authority) {
    issues.add(`${where}: rewrite must specify at least one of URI, UriRegexRewrite, or authority`, 'set uri, uriRegexRewrite or authority, or remove the rewrite');
  }
  const rr = rewrite.uriRegexRewrite;
  if (has(rr)) {
    if (!rr.match || !rr.rewrite) issues.add(`${where}: UriRegexRewrite requires both Rewrite and Match fields to be specified`, 'set uriRegexRewrite.match and uriRegexRewrite.rewrite');
    else issues.addIf(regexProblem(rr.match, `${where}.uriRegexRewrite.match`), 'write an RE2 regex (no look-around, no back-references)');
  }
}

function validateRedirect(issues: SchemaIssues, redirect: any, where: string): void {
  if (!redirect.uri && !redirect.authority && !has(redirect.port) && !redirect.scheme && !redirect.derivePort) {
    issues.add(`${where}: redirect must specify URI, authority, scheme, or port`, 'set at least one of uri, authority, scheme or port');
  }
  const code = redirect.redirectCode;
  if (has(code) && code !== 0 && (typeof code !== 'number' || code < 300 || code > 399)) {
    issues.add(`${where}: ${JSON.stringify(code)} is not a valid redirect code, must be 3xx`, 'use 301, 302, 303, 307 or 308');
  }
  if (redirect.scheme && redirect.scheme !== 'http' && redirect.scheme !== 'https') {
    issues.add(`${where}: invalid redirect scheme "${redirect.scheme}", must be "http" or "https"`, 'use scheme http or https');
  }
  if (has(redirect.port) && !isValidPort(redirect.port)) issues.add(`${where}: port number ${JSON.stringify(redirect.port)} must be in the range 1..65535`, 'use a port between 1 and 65535');
}

function validateRetries(issues: SchemaIssues, retries: any, where: string): void {
  const attempts = retries.attempts ?? 0;
  if (typeof attempts !== 'number' || attempts < 0) issues.add(`${where}: attempts cannot be negative`, 'use attempts >= 0');
  if (attempts === 0 && (has(retries.perTryTimeout) || (retries.retryOn ?? '') !== '' || has(retries.retryRemoteLocalities))) {
    issues.add(`${where}: http retry policy configured when attempts are set to 0 (disabled)`, 'set attempts > 0, or drop perTryTimeout/retryOn to disable retries');
  }
  if (has(retries.perTryTimeout)) issues.addIf(durationProblem(retries.perTryTimeout, `${where}.perTryTimeout`), 'use a duration of at least 1ms in whole milliseconds');
  if (typeof retries.retryOn === 'string' && retries.retryOn !== '') {
    for (const token of retries.retryOn.split(',')) {
      const status = /^\d{3}$/.test(token) ? Number(token) : NaN;
      if (!RETRY_ON.has(token) && !(status >= 100 && status <= 599)) {
        issues.add(`${where}: "${token}" is not a valid retryOn policy`, `use comma-separated tokens from ${[...RETRY_ON].join(', ')} or HTTP status codes`);
      }
    }
  }
}

function validateFault(issues: SchemaIssues, fault: any, where: string): void {
  if (!has(fault.abort) && !has(fault.delay)) issues.add(`${where}: HTTP fault injection must have an abort and/or a delay`, 'add fault.abort or fault.delay, or remove fault');
  for (const kind of ['abort', 'delay']) {
    const pct = fault[kind]?.percentage?.value;
    if (typeof pct === 'number' && (pct < 0 || pct > 100)) issues.add(`${where}.${kind}: percentage ${pct} must be in range [0..100]`, 'use a percentage between 0 and 100');
  }
  const status = fault.abort?.httpStatus;
  if (has(status) && (typeof status !== 'number' || status < 200 || status > 599)) {
    issues.add(`${where}.abort: HTTP status ${JSON.stringify(status)} is not in range 200-599`, 'abort with a status between 200 and 599');
  }
  if (has(fault.delay?.fixedDelay)) issues.addIf(durationProblem(fault.delay.fixedDelay, `${where}.delay.fixedDelay`), 'use a duration of at least 1ms in whole milliseconds');
}
