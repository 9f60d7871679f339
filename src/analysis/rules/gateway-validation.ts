/**
 * IST0106 for Gateways: what istiod's validating webhook rejects (errors) or warns about
 * (warnings), following pkg/config/validation/validation.go ValidateGateway. One server's rules
 * live in support/server-validation.ts, its TLS settings in support/tls-options-validation.ts.
 */
import { MeshModel, Resource } from '../../model';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { isIstioDNS1123Label } from '../support/host-validation';
import { metadataRejected } from '../support/metadata-validation';
import { arr, has, SchemaIssues } from '../support/schema';
import { isHttpProtocol, serverProtocol, validateServer } from '../support/server-validation';

export const gatewayValidation: Rule = {
  code: 'IST0106',
  description: 'Gateway fields that istiod\'s validating webhook rejects',
  run(model: MeshModel): Finding[] {
    return model.ofKind('Gateway').flatMap(validateGateway);
  },
};

export function validateGateway(gw: Resource): Finding[] {
  const issues = new SchemaIssues(gw);
  if (metadataRejected(issues, gw)) return issues.result();
  // A Gateway is referenced as namespace/name, so its name may not contain dots.
  if (!isIstioDNS1123Label(gw.name)) issues.add(`invalid gateway name: "${gw.name}"`, 'name the Gateway with a DNS-1123 label (no dots)');
  const servers = arr(gw.spec.servers);
  if (servers.length === 0) issues.add('gateway must have at least one server', 'add a server with port and hosts');
  servers.forEach((server, i) => {
    if (!has(server)) issues.add(`servers[${i}]: server may not be nil`, 'remove the empty server');
    else validateServer(issues, server, `servers[${i}]`);
  });
  const portNames = new Set<string>();
  servers.forEach((server, i) => {
    if (!has(server?.port)) return;
    const name = String(server.port.name ?? '');
    if (portNames.has(name)) issues.add(`port names in servers must be unique: duplicate name ${name}`, 'give every server port a different name');
    portNames.add(name);
    if (!isHttpProtocol(serverProtocol(server)) && server.tls?.httpsRedirect === true) {
      issues.warn(`servers[${i}]: tls.httpsRedirect should only be used with http servers`, 'drop httpsRedirect here and set it on the plain HTTP server');
    }
  });
  return issues.result();
}
