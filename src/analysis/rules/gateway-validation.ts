/**
 * IST0106 for Gateways (pkg/config/validation ValidateGateway, SEMANTICS §1–2).
 */
import { MeshModel, Resource, splitServerHost } from '../../model';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { isDNS1123Label, isValidPort, labelsProblems, wildcardDomainProblem } from '../support/names';
import { arr, has, SchemaIssues } from '../support/schema';

const PROTOCOLS = ['HTTP', 'HTTPS', 'GRPC', 'GRPC-WEB', 'HTTP2', 'MONGO', 'REDIS', 'MYSQL', 'TCP', 'TLS'];
const TLS_MODES = ['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL'];

export const gatewayValidation: Rule = {
  code: 'IST0106',
  description: 'Gateway fields that istiod\'s validating webhook rejects',
  run(model: MeshModel): Finding[] {
    return model.ofKind('Gateway').flatMap(validateGateway);
  },
};

export function validateGateway(gw: Resource): Finding[] {
  const issues = new SchemaIssues(gw);
  const servers = arr(gw.spec.servers);
  if (servers.length === 0) issues.add('gateway must have at least one server', 'add a server with port and hosts');
  const portNames = new Set<string>();
  servers.forEach((server, i) => {
    const where = `servers[${i}]`;
    const hosts = arr(server?.hosts);
    if (hosts.length === 0) issues.add(`${where}: server config must contain at least one host`, 'list the host names the server accepts (e.g. "*.example.com" or "ns/host")');
    for (const h of hosts) validateServerHost(issues, h, where);
    const port = server?.port;
    if (!has(port)) {
      issues.add(`${where}: port is required`, 'set port.number, port.protocol and port.name');
    } else {
      if (!isValidPort(port.number)) issues.add(`${where}: port number ${JSON.stringify(port.number)} must be in the range 1..65535`, 'use a port between 1 and 65535');
      const protocol = String(port.protocol ?? '').toUpperCase();
      if (!PROTOCOLS.includes(protocol)) issues.add(`${where}: invalid protocol ${JSON.stringify(port.protocol ?? '')}, supported protocols are ${PROTOCOLS.join(', ')}`, 'set port.protocol');
      if (!port.name) {
        issues.add(`${where}: port name must be set`, 'give the server port a name unique in this Gateway');
      } else if (portNames.has(port.name)) {
        issues.add(`port names in servers must be unique: duplicate name ${port.name}`, 'give every server port a different name');
      } else {
        portNames.add(port.name);
      }
      validateServerTls(issues, protocol, server?.tls, where);
    }
  });
  for (const problem of labelsProblems(gw.spec.selector)) issues.add(`selector: ${problem}`, 'use valid Kubernetes label keys and values');
  return issues.result();
}

function validateServerHost(issues: SchemaIssues, host: unknown, where: string): void {
  if (typeof host !== 'string') {
    issues.add(`${where}: host ${JSON.stringify(host)} is not a string`, 'write hosts as strings');
    return;
  }
  if (host.split('/').length > 2) {
    issues.add(`${where}: host "${host}" has more than one "/"`, 'write the host as "namespace/dnsName" or just "dnsName"');
    return;
  }
  const { namespace, dnsName } = splitServerHost(host);
  if (host.includes('/') && namespace !== '*' && namespace !== '.' && !isDNS1123Label(namespace)) {
    issues.add(`${where}: invalid namespace value "${namespace}" in host "${host}"`, 'use "*", "." or a namespace name before the "/"');
  }
  if (dnsName === '*') return;
  const problem = wildcardDomainProblem(dnsName);
  if (problem) {
    issues.add(`${where}: ${problem}`, 'use a DNS name; a wildcard only as the whole first label ("*.example.com")');
  } else if (dnsName.startsWith('*') && !dnsName.startsWith('*.')) {
    issues.add(`${where}: host "${dnsName}": a wildcard must be the whole first label`, `write "*.${dnsName.slice(dnsName.indexOf('.') + 1)}"`);
  } else if (!dnsName.includes('.')) {
    issues.add(`${where}: host "${dnsName}" must be a fully qualified domain name or "*"`, `write the full DNS name, e.g. "${dnsName}.example.com"`);
  }
}

function validateServerTls(issues: SchemaIssues, protocol: string, tls: any, where: string): void {
  const isTlsProtocol = protocol === 'HTTPS' || protocol === 'TLS';
  if (isTlsProtocol && !has(tls)) {
    issues.add(`${where}: server must have TLS settings for HTTPS/TLS protocols`, 'add tls with mode (SIMPLE + credentialName, or PASSTHROUGH)');
    return;
  }
  if (!has(tls)) return;
  if (!isTlsProtocol) {
    const onlyRedirect = Object.keys(tls).every((k) => k === 'httpsRedirect');
    if (!onlyRedirect) issues.add(`${where}: server cannot have TLS settings for plain text ${protocol} ports`, 'remove tls (only tls.httpsRedirect is allowed), or use protocol HTTPS/TLS');
    return;
  }
  const mode = tls.mode ?? 'PASSTHROUGH';
  if (!TLS_MODES.includes(mode)) {
    issues.add(`${where}.tls: unknown TLS mode "${mode}"`, `use one of ${TLS_MODES.join(', ')}`);
    return;
  }
  const credentialSources = [has(tls.credentialName), has(tls.credentialNames), has(tls.tlsCertificates)].filter(Boolean).length;
  if (credentialSources > 1) {
    issues.add(`${where}.tls: only one of credentialName, credentialNames or tlsCertificates can be set`, 'keep a single way of naming the server certificate');
  }
  const hasCredential = Boolean(tls.credentialName) || arr(tls.credentialNames).length > 0 || arr(tls.tlsCertificates).length > 0;
  if (mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL') {
    if (!hasCredential) {
      if (!tls.serverCertificate) issues.add(`${where}.tls: ${mode} TLS requires a server certificate`, 'set tls.credentialName to the Secret holding the certificate (or serverCertificate and privateKey)');
      if (!tls.privateKey) issues.add(`${where}.tls: ${mode} TLS requires a private key`, 'set tls.credentialName to the Secret holding the key (or serverCertificate and privateKey)');
      if (mode !== 'SIMPLE' && !tls.caCertificates) issues.add(`${where}.tls: ${mode} TLS requires a client CA bundle`, 'set tls.caCertificates or use a credentialName whose Secret has ca.crt');
    }
  }
  if (mode === 'ISTIO_MUTUAL' && (hasCredential || tls.serverCertificate || tls.privateKey || tls.caCertificates)) {
    issues.add(`${where}.tls: ISTIO_MUTUAL TLS cannot have associated private key, server certificate, CA certificates or credentialName`, 'drop the certificate fields (Istio supplies them) or use mode MUTUAL');
  }
}
