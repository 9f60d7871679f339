/**
 * IST0106 for VirtualServices: what istiod's validating webhook rejects (errors) or warns about
 * (warnings), following pkg/config/validation/validation.go ValidateVirtualService. The rules of
 * one `http:` rule live in support/http-route-validation.ts, those of `tls:`/`tcp:` rules in
 * support/l4-route-validation.ts. exportTo is checked by exportto-validation.ts, and the
 * unreachable-rule warnings istiod also emits by unreachable-rules.ts (IST0130/IST0131).
 */
import { hostCovers, MeshModel, Resource } from '../../model';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { isJwtClaimRoute } from '../support/header-validation';
import { gatewayBoundDomainProblem, isValidIPAddress, istioWildcardDomainProblem } from '../support/host-validation';
import { validateHttpRoute } from '../support/http-route-validation';
import { validateTcpRoute, validateTlsRoute } from '../support/l4-route-validation';
import { metadataRejected } from '../support/metadata-validation';
import { entries, validateGatewayNames } from '../support/route-validation';
import { arr, has, SchemaIssues } from '../support/schema';

export const virtualServiceValidation: Rule = {
  code: 'IST0106',
  description: 'VirtualService fields that istiod\'s validating webhook rejects',
  run(model: MeshModel): Finding[] {
    return model.ofKind('VirtualService').flatMap(validateVirtualService);
  },
};

export function validateVirtualService(vs: Resource): Finding[] {
  const issues = new SchemaIssues(vs);
  if (metadataRejected(issues, vs)) return issues.result();
  const spec = vs.spec;
  const hosts: string[] = arr(spec.hosts).map(String);
  const gateways: string[] = arr(spec.gateways).map(String);
  // istiod validates every VirtualService without hosts as a (possible) delegate.
  const isDelegate = hosts.length === 0;
  if (isDelegate) validateDelegateShape(issues, spec);

  // istiod: isGateway — bound to gateways only when gateways are listed and none is `mesh`.
  const gatewayOnly = !gateways.includes('mesh');
  const appliesToGateway = gateways.length > 0 && gatewayOnly;
  if (gateways.length > 0) validateGatewayNames(issues, gateways, 'gateways');
  if (!appliesToGateway) validateJwtClaimRoutes(issues, spec);
  validateHosts(issues, spec, hosts, appliesToGateway);

  if (arr(spec.http).length === 0 && arr(spec.tcp).length === 0 && arr(spec.tls).length === 0) {
    issues.add('http, tcp or tls must be provided in virtual service', 'add at least one http, tcp or tls rule');
  }
  arr(spec.http).forEach((rule, i) => {
    if (!has(rule)) issues.add(`http[${i}]: http route may not be null`, 'remove the empty rule');
    else validateHttpRoute(issues, rule, `http[${i}]`, isDelegate);
  });
  arr(spec.tls).forEach((rule, i) => validateTlsRoute(issues, rule, `tls[${i}]`, { hosts, gatewayOnly }));
  arr(spec.tcp).forEach((rule, i) => validateTcpRoute(issues, rule, `tcp[${i}]`));
  return issues.result();
}

// istiod: the `len(virtualService.Hosts) == 0` block — a delegate has no gateways, tls or tcp.
function validateDelegateShape(issues: SchemaIssues, spec: any): void {
  if (arr(spec.gateways).length > 0) issues.add('delegate virtual service must have no gateways specified', 'drop gateways: the root VirtualService decides where the delegate applies (or add hosts)');
  if (arr(spec.tls).length > 0) issues.add('delegate virtual service must have no tls route specified', 'TLS routes cannot be delegated; move them to a VirtualService with hosts');
  if (arr(spec.tcp).length > 0) issues.add('delegate virtual service must have no tcp route specified', 'TCP routes cannot be delegated; move them to a VirtualService with hosts');
}

// istiod: JWT claim based routing (`@request.auth.claims.*` header matches) only on gateways.
function validateJwtClaimRoutes(issues: SchemaIssues, spec: any): void {
  arr(spec.http).forEach((rule, i) => arr(rule?.match).forEach((m, j) => {
    for (const field of ['headers', 'withoutHeaders']) {
      for (const [key] of entries(m?.[field])) {
        if (isJwtClaimRoute(key)) {
          issues.add(`http[${i}].match[${j}].${field}: JWT claim based routing (key: ${key}) is only supported for gateway, found no gateways: [${arr(spec.gateways).join(' ')}]`,
            'bind the VirtualService to an ingress Gateway (not mesh) to route on JWT claims');
        }
      }
    }
  }));
}

function validateHosts(issues: SchemaIssues, spec: any, hosts: string[], appliesToGateway: boolean): void {
  const sni = arr(spec.tls).some((t) => arr(t?.match).some((m) => arr(m?.sniHosts).length > 0));
  let allValid = true;
  for (const host of hosts) {
    const problem = appliesToGateway ? gatewayBoundDomainProblem(sni, host) : istioWildcardDomainProblem(host);
    if (problem) {
      if (!isValidIPAddress(host)) {
        issues.add(problem, 'use a DNS name, a wildcard only as the whole first label (*.example.com), or an IP');
        allValid = false;
      }
    } else if (!appliesToGateway && host === '*') {
      issues.add('wildcard host * is not allowed for virtual services bound to the mesh gateway',
        'bind the VirtualService to a Gateway only (spec.gateways without "mesh") or list concrete hosts');
      allValid = false;
    }
  }
  if (!allValid) return;
  // istiod: host.Name.Matches — literal and wildcard duplicates (*.foo.com and a.foo.com).
  for (let i = 0; i < hosts.length; i++) {
    for (let j = i + 1; j < hosts.length; j++) {
      if (hostCovers(hosts[i], hosts[j]) || hostCovers(hosts[j], hosts[i])) {
        issues.add(`duplicate hosts in virtual service: ${hosts[i]} & ${hosts[j]}`, 'list each host once; a wildcard already covers the names under it');
      }
    }
  }
}
