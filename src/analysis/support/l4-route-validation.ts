/**
 * The `tls:` and `tcp:` rules of a VirtualService, as istiod's webhook validates them
 * (pkg/config/validation/validation.go validateTLSRoute, validateTLSMatch, validateSniHost,
 * validateTCPRoute, validateTCPMatch).
 */
import { hostCovers } from '../../model';
import { gatewayBoundDomainProblem, ipSubnetProblem, isValidIPAddress, istioWildcardDomainProblem, portProblem } from './host-validation';
import { labelsProblems } from './names';
import { validateGatewayNames, validateRouteDestinations } from './route-validation';
import { arr, has, SchemaIssues } from './schema';

/** What TLS/TCP validation needs from the VirtualService. */
export interface L4Context {
  readonly hosts: string[];
  /** istiod's isGateway: no `mesh` among the gateways (also true when none are listed). */
  readonly gatewayOnly: boolean;
}

// istiod: validateTLSRoute
export function validateTlsRoute(issues: SchemaIssues, tls: any, where: string, context: L4Context): void {
  if (!has(tls)) return;
  const matches = arr(tls.match);
  if (matches.length === 0) issues.add(`${where}: TLS route must have at least one match condition`, 'add a match with sniHosts');
  matches.forEach((match, j) => validateTlsMatch(issues, match, `${where}.match[${j}]`, context));
  if (arr(tls.route).length === 0) issues.add(`${where}: TLS route is required`, 'give the rule a route with at least one destination');
  validateRouteDestinations(issues, tls.route, where, false);
}

// istiod: validateTLSMatch
function validateTlsMatch(issues: SchemaIssues, match: any, where: string, context: L4Context): void {
  if (!has(match)) {
    issues.add(`${where}: TLS match may not be null`, 'remove the empty match');
    return;
  }
  const sniHosts = arr(match.sniHosts);
  if (sniHosts.length === 0) issues.add(`${where}: TLS match must have at least one SNI host`, 'list the SNI names in sniHosts');
  for (const sni of sniHosts) validateSniHost(issues, String(sni), where, context);
  validateL4MatchCommon(issues, match, where);
}

// istiod: validateSniHost — an IP is only warned about; otherwise the name must be valid and covered by a host.
function validateSniHost(issues: SchemaIssues, sni: string, where: string, context: L4Context): void {
  const problem = context.gatewayOnly ? gatewayBoundDomainProblem(true, sni) : istioWildcardDomainProblem(sni);
  if (problem) {
    if (isValidIPAddress(sni)) {
      issues.warn(`${where}: using an IP address ("${sni}") goes against SNI spec and most clients do not support this`, 'match on a DNS name that the clients send as SNI');
    } else {
      issues.add(`${where}: ${problem}`, 'use a DNS name, a wildcard only as the whole first label');
    }
    return;
  }
  if (context.hosts.some((h) => hostCovers(h, sni))) return;
  issues.add(`${where}: SNI host "${sni}" is not a compatible subset of any of the virtual service hosts: [${context.hosts.join(', ')}]`,
    'add the SNI name to spec.hosts or use an SNI name that a host covers');
}

// istiod: validateTCPRoute
export function validateTcpRoute(issues: SchemaIssues, tcp: any, where: string): void {
  if (!has(tcp)) return;
  arr(tcp.match).forEach((match, j) => {
    if (!has(match)) issues.add(`${where}.match[${j}]: tcp match may not be nil`, 'remove the empty match');
    else validateL4MatchCommon(issues, match, `${where}.match[${j}]`);
  });
  if (arr(tcp.route).length === 0) issues.add(`${where}: TCP route is required`, 'give the rule a route with at least one destination');
  validateRouteDestinations(issues, tcp.route, where, false);
}

// istiod: the destinationSubnets / port / sourceLabels / gateways part shared by validateTLSMatch and validateTCPMatch
function validateL4MatchCommon(issues: SchemaIssues, match: any, where: string): void {
  for (const subnet of arr(match.destinationSubnets)) issues.addIf(ipSubnetProblem(String(subnet)) && `${where}: ${ipSubnetProblem(String(subnet))}`, 'use an IP or a CIDR block');
  if (has(match.port) && match.port !== 0) issues.addIf(portProblem(match.port) && `${where}: ${portProblem(match.port)}`, 'use a port between 1 and 65535');
  for (const problem of labelsProblems(match.sourceLabels)) issues.add(`${where}.sourceLabels: ${problem}`, 'use valid Kubernetes label keys and values');
  validateGatewayNames(issues, match.gateways, `${where}.gateways`);
}
