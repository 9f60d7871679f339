/**
 * The pieces every VirtualService route shares, as istiod's webhook validates them
 * (pkg/config/validation/validation.go): string matches, gateway references, destinations,
 * route destination lists and header operations.
 */
import { headerOperationNameProblem, headerValueProblem, requestSetHeaderNameProblem } from './header-validation';
import { isIstioDNS1123Label, istioFqdnProblem, istioWildcardDomainProblem, portProblem } from './host-validation';
import { regexProblem } from './regex';
import { arr, has, SchemaIssues } from './schema';

const RE2_FIX = 'write an RE2 regex (no look-around, no back-references)';
const VALUE_FIX = 'drop control characters, escape a literal % as %%, and close %VARIABLE% expressions';

/** The entries of a map-typed field (headers, queryParams, …) sorted by key; none when it is not a map. */
export function entries(value: unknown): [string, any][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

// istiod: validateStringMatchRegexp — only the regex form is checked.
export function validateStringMatchRegexp(issues: SchemaIssues, sm: any, where: string): void {
  if (sm === null || typeof sm !== 'object' || !('regex' in sm)) return;
  issues.addIf(regexProblem(sm.regex, where), RE2_FIX);
}

// istiod: validateStringMatch — a prefix may not be empty, a regex must compile.
export function validateStringMatch(issues: SchemaIssues, sm: any, where: string): void {
  if (sm === null || typeof sm !== 'object') return;
  if ('prefix' in sm && (sm.prefix ?? '') === '') {
    issues.add(`"${where}": prefix string match should not be empty`, 'give a non-empty prefix, or {} to match any value');
  }
  validateStringMatchRegexp(issues, sm, where);
}

// istiod: validateGatewayNames. A bare name (no "/") must be an FQDN (a dotted one is the legacy
// `name.namespace` form, warned about); istiod stops checking the list after the first bare name.
export function validateGatewayNames(issues: SchemaIssues, gateways: unknown, where: string): void {
  for (const gateway of arr(gateways)) {
    const name = typeof gateway === 'string' ? gateway : String(gateway);
    const slash = name.indexOf('/');
    if (slash < 0) {
      if (name.includes('.')) {
        const [first, second] = name.split('.');
        issues.warn(`${where}: using legacy gatewayName format "${name}"; prefer the <namespace>/<name> format: "${second}/${first}"`, `write "${second}/${first}"`);
      }
      const problem = istioFqdnProblem(name);
      if (problem) issues.add(`${where}: ${problem}`, 'write "mesh", a Gateway name, or "namespace/name" with DNS-1123 labels');
      return;
    }
    const namespace = name.slice(0, slash);
    const gatewayName = name.slice(slash + 1);
    if (namespace === '' || gatewayName === '') issues.add(`${where}: config namespace and gateway name cannot be empty`, 'write the Gateway as "namespace/name"');
    if (!isIstioDNS1123Label(namespace)) issues.add(`${where}: invalid value for namespace: "${namespace}"`, 'use a namespace name (DNS-1123 label) before the "/"');
    if (!isIstioDNS1123Label(gatewayName)) issues.add(`${where}: invalid value for gateway name: "${gatewayName}"`, 'use the Gateway\'s metadata.name (a DNS-1123 label) after the "/"');
  }
}

// istiod: validateSubsetName
export function subsetNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'subset name cannot be empty';
  return isIstioDNS1123Label(name) ? undefined : `subset name is invalid: ${name}`;
}

// istiod: validateDestination (nil destination is fine here; callers report "required").
export function validateDestination(issues: SchemaIssues, destination: any, where: string): void {
  if (!has(destination)) return;
  const host = typeof destination.host === 'string' ? destination.host : '';
  if (host === '*') {
    issues.add(`${where}: invalid destination host *`, 'route to a concrete service host');
  } else {
    const problem = istioWildcardDomainProblem(host);
    if (problem) issues.add(`${where}: ${problem}`, 'set destination.host to a service name or FQDN');
  }
  if (has(destination.subset) && destination.subset !== '') {
    issues.addIf(prefix(where, subsetNameProblem(destination.subset)), 'use a DNS-1123 label (letters, digits, -) as subset name');
  }
  if (has(destination.port)) issues.addIf(prefix(where, portProblem(destination.port.number)), 'use a port between 1 and 65535');
}

function prefix(where: string, problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `${where}: ${problem}`;
}

// istiod: the header-manipulation loops of validateHTTPRoute / validateHTTPRouteDestinations.
export function validateHeaderOperations(issues: SchemaIssues, headers: any, where: string): void {
  if (!has(headers)) return;
  const fix = 'use a plain header name (no ":" pseudo-headers, no Host except via request add/set) and a valid Envoy header value';
  for (const [op, nameCheck] of [['add', requestSetHeaderNameProblem], ['set', requestSetHeaderNameProblem]] as const) {
    for (const [name, value] of entries(headers.request?.[op])) {
      issues.addIf(prefix(`${where}.request.${op}`, nameCheck(name)), fix);
      issues.addIf(prefix(`${where}.request.${op}.${name}`, headerValueProblem(value)), VALUE_FIX);
    }
  }
  for (const name of arr(headers.request?.remove)) issues.addIf(prefix(`${where}.request.remove`, headerOperationNameProblem(String(name))), fix);
  for (const op of ['add', 'set']) {
    for (const [name, value] of entries(headers.response?.[op])) {
      issues.addIf(prefix(`${where}.response.${op}`, headerOperationNameProblem(name)), fix);
      issues.addIf(prefix(`${where}.response.${op}.${name}`, headerValueProblem(value)), VALUE_FIX);
    }
  }
  for (const name of arr(headers.response?.remove)) issues.addIf(prefix(`${where}.response.remove`, headerOperationNameProblem(String(name))), fix);
}

// istiod: validateHTTPRouteDestinations (withHeaders) and validateRouteDestinations (TCP/TLS).
export function validateRouteDestinations(issues: SchemaIssues, routes: unknown, where: string, withHeaders: boolean): void {
  const list = arr(routes);
  let total = 0;
  list.forEach((rd, j) => {
    const at = `${where}.route[${j}]`;
    if (!has(rd)) {
      issues.add(`${at}: weight may not be nil`, 'remove the empty entry');
      return;
    }
    if (!has(rd.destination)) issues.add(`${at}: destination is required`, 'give each route entry a destination with a host');
    if (withHeaders) validateHeaderOperations(issues, rd.headers, `${at}.headers`);
    validateDestination(issues, rd.destination, `${at}.destination`);
    const weight = typeof rd.weight === 'number' ? rd.weight : 0;
    if (weight < 0) issues.add(`${at}: weight ${weight} < 0`, 'use a non-negative weight');
    total += weight;
  });
  if (list.length > 1 && total === 0) {
    issues.add(`${where}: total destination weight = 0`, 'give at least one destination a positive weight (weights need not sum to 100)');
  }
}
