/**
 * IST0106 for Sidecars (istiod: validation.go `ValidateSidecar` and its helpers): workload
 * selector, ingress listeners (port, bind, defaultEndpoint, TLS, connection pools), the inbound
 * connection pool, egress listeners (ports and unix sockets, bind, capture mode, the port-less
 * catch-all last, namespace/host pairs and their duplicates) and the outbound traffic policy.
 */
import { MeshModel, Resource } from '../../model';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { validateConnectionPool } from '../support/connection-pool';
import { rejectsDryRunAnnotation } from '../support/dry-run';
import { isIstioDNS1123Label, isValidIPAddress as isIPAddress, istioFqdnProblem, istioWildcardDomainProblem, unixAddressProblem } from '../support/host-validation';
import { isValidPort, portNameProblem } from '../support/names';
import { sidecarHostProblems } from '../support/namespaced-hosts';
import { validateLabelsSelector } from '../support/policy-targets';
import { isHttpProtocol, isTlsProtocol, protocolProblem } from '../support/protocols';
import { arr, has, prefixed, SchemaIssues } from '../support/schema';
import { validateTlsOptions } from '../support/tls-options-validation';

const UNIX_PREFIX = 'unix://';
/** The hosts a defaultEndpoint may name: the loopback or wildcard address of either family. */
const DEFAULT_ENDPOINT_HOSTS = ['', '127.0.0.1', '0.0.0.0', '::1', '::'];
const PORT_FIX = 'use a port between 1 and 65535';

export const sidecarValidation: Rule = {
  code: 'IST0106',
  description: 'Sidecar fields that istiod\'s validating webhook rejects or warns about',
  run(model: MeshModel): Finding[] {
    return model.ofKind('Sidecar').flatMap(validateSidecar);
  },
};

export function validateSidecar(sidecar: Resource): Finding[] {
  const issues = new SchemaIssues(sidecar);
  if (rejectsDryRunAnnotation(issues, sidecar)) return issues.result();
  const spec = sidecar.spec;
  if (!validateLabelsSelector(issues, spec.workloadSelector, 'sidecar')) return issues.result();
  const ingress = arr(spec.ingress);
  const egress = arr(spec.egress);
  if (egress.length === 0 && ingress.length === 0 && !has(spec.outboundTrafficPolicy) && !has(spec.inboundConnectionPool)) {
    issues.add('sidecar: empty configuration provided', 'configure egress, ingress, outboundTrafficPolicy or inboundConnectionPool, or delete the Sidecar');
    return issues.result();
  }
  validateIngress(issues, ingress);
  validateConnectionPool(issues, spec.inboundConnectionPool, 'inboundConnectionPool');
  validateEgress(issues, egress, sidecar.namespace);
  validateOutboundTrafficPolicy(issues, spec.outboundTrafficPolicy);
  return issues.result();
}

function validateIngress(issues: SchemaIssues, listeners: any[]): void {
  const ports = new Set<number>();
  listeners.forEach((listener, i) => {
    const where = `ingress[${i}]`;
    if (!has(listener)) {
      issues.add('sidecar: ingress may not be null', `remove ${where}`);
      return;
    }
    const port = listener.port;
    if (!has(port)) {
      issues.add(`${where}: sidecar: port is required for ingress listeners`, 'set port.number and port.protocol');
      return;
    }
    if (port.targetPort > 0) issues.add(`${where}: targetPort has no impact on Sidecars`, 'remove port.targetPort');
    // validateSidecarIngressPortAndBind: unlike egress, ingress has no unix-socket (port 0) listeners.
    if (port.name) issues.addIf(prefixed(`${where}: `, portNameProblem(port.name)), 'use a DNS-1123 label as port name');
    issues.addIf(prefixed(`${where}: `, protocolProblem(port.protocol)), 'use HTTP, HTTPS, HTTP2, GRPC, TCP, TLS, MONGO, REDIS or MYSQL');
    if (!isValidPort(port.number)) issues.add(`${where}: port number ${JSON.stringify(port.number)} must be in the range 1..65535`, PORT_FIX);
    if (listener.bind && !isIPAddress(listener.bind)) issues.add(`${where}: ${listener.bind} is not a valid IP`, 'bind ingress listeners to an IP address (unix sockets are for egress only)');
    if (ports.has(port.number)) issues.add('sidecar: ports on IP bound listeners must be unique', `give ${where} its own port number`);
    ports.add(port.number);
    if (listener.defaultEndpoint) validateDefaultEndpoint(issues, String(listener.defaultEndpoint), where);
    if (has(listener.tls)) validateIngressTls(issues, listener.tls, port.protocol, where);
    validateConnectionPool(issues, listener.connectionPool, `${where}.connectionPool`);
    if (has(listener.connectionPool?.http) && !isHttpProtocol(port.protocol)) {
      issues.warn(`sidecar: HTTP connection pool settings are configured for port ${port.number} (${JSON.stringify(port.name ?? '')}) but its protocol is not HTTP (${port.protocol ?? ''}); only TCP settings will apply`,
        `drop ${where}.connectionPool.http, or declare an HTTP protocol on the port`);
    }
  });
}

/** `127.0.0.1:<port>`, `0.0.0.0:<port>`, `[::1]:<port>`, `[::]:<port>`, `:<port>` or `unix://path`. */
function validateDefaultEndpoint(issues: SchemaIssues, endpoint: string, where: string): void {
  const fix = 'use 127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port>, [::]:<port> or unix:///path';
  if (endpoint.startsWith(UNIX_PREFIX)) {
    issues.addIf(prefixed(`${where}: `, unixAddressProblem(endpoint.slice(UNIX_PREFIX.length))), fix);
    return;
  }
  const split = splitHostPort(endpoint);
  if ('error' in split) issues.add(`${where}: address ${endpoint}: ${split.error}`, fix);
  const { host, port } = 'error' in split ? { host: '', port: '' } : split;
  if (!DEFAULT_ENDPOINT_HOSTS.includes(host)) {
    issues.add(`${where}: sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset`, fix);
  }
  if (!/^[+-]?[0-9]+$/.test(port)) issues.add(`${where}: sidecar: defaultEndpoint port (${port}) is not a number`, fix);
  else if (!isValidPort(Number(port))) issues.add(`${where}: port number ${Number(port)} must be in the range 1..65535`, PORT_FIX);
}

/** Go's net.SplitHostPort, for the forms a defaultEndpoint can take. */
function splitHostPort(address: string): { host: string; port: string } | { error: string } {
  if (address.startsWith('[')) {
    const close = address.indexOf(']');
    if (close < 0) return { error: 'missing \']\' in address' };
    if (address[close + 1] !== ':') return { error: 'missing port in address' };
    return { host: address.slice(1, close), port: address.slice(close + 2) };
  }
  const colon = address.lastIndexOf(':');
  if (colon < 0) return { error: 'missing port in address' };
  const host = address.slice(0, colon);
  if (host.includes(':')) return { error: 'too many colons in address' };
  return { host, port: address.slice(colon + 1) };
}

function validateIngressTls(issues: SchemaIssues, tls: any, protocol: unknown, where: string): void {
  const unsupported = (what: string) => issues.add(`${where}: sidecar: ${what}`, `remove it from ${where}.tls`);
  if (arr(tls.subjectAltNames).length > 0) unsupported('subjectAltNames is not supported in ingress tls');
  if (tls.httpsRedirect) unsupported('httpsRedirect is not supported');
  if (tls.credentialName) unsupported('credentialName is not currently supported');
  if (arr(tls.credentialNames).length > 0) unsupported('credentialNames is not currently supported');
  if (arr(tls.tlsCertificates).length > 0) unsupported('tls_certificates is not currently supported');
  if (tls.mode === 'ISTIO_MUTUAL' || tls.mode === 'AUTO_PASSTHROUGH') {
    issues.add(`${where}: configuration is invalid: cannot set mode to ${tls.mode} in sidecar ingress tls`, 'use mode SIMPLE or MUTUAL with serverCertificate and privateKey');
  }
  if (!isTlsProtocol(protocol)) issues.add(`${where}: server cannot have TLS settings for non HTTPS/TLS ports`, 'declare the port protocol HTTPS or TLS, or remove tls');
  // Sidecar ingress listeners share the Gateway servers' TLS validation (istiod: validateTLSOptions).
  validateTlsOptions(issues, tls, `${where}.tls`);
}

function validateEgress(issues: SchemaIssues, listeners: any[], namespace: string): void {
  const ports = new Set<number>();
  const sockets = new Set<string>();
  let catchAllFound = false;
  listeners.forEach((listener, i) => {
    const where = `egress[${i}]`;
    if (!has(listener)) {
      issues.add('egress listener may not be null', `remove ${where}`);
      return;
    }
    if (!has(listener.port)) {
      // Only one catch-all listener without a port, and it comes last.
      if (catchAllFound) {
        issues.add('sidecar: egress can have only one listener with empty port', `give ${where} a port or merge its hosts into the last listener`);
        return;
      }
      if (i === listeners.length - 1) catchAllFound = true;
      else issues.add('sidecar: the egress listener with empty port should be the last listener in the list', `move ${where} (the listener without a port) to the end of egress`);
    } else {
      validateEgressPort(issues, listener, where);
      const number = listener.port.number ?? 0;
      if (number === 0) {
        if (sockets.has(listener.bind ?? '')) issues.add('sidecar: unix domain socket values for listeners must be unique', `give ${where} its own unix socket bind`);
        sockets.add(listener.bind ?? '');
      } else {
        if (ports.has(number)) issues.add('sidecar: ports on IP bound listeners must be unique', `give ${where} its own port number`);
        ports.add(number);
      }
    }
    validateEgressHosts(issues, arr(listener.hosts), where, namespace);
  });
}

/** istiod: validateSidecarEgressPortBindAndCaptureMode. */
function validateEgressPort(issues: SchemaIssues, listener: any, where: string): void {
  const port = listener.port;
  const bind = typeof listener.bind === 'string' ? listener.bind : '';
  if (port.targetPort > 0) issues.add(`${where}: targetPort has no impact on Sidecars`, 'remove port.targetPort');
  if (port.name) issues.addIf(prefixed(`${where}: `, portNameProblem(port.name)), 'use a DNS-1123 label as port name');
  issues.addIf(prefixed(`${where}: `, protocolProblem(port.protocol)), 'use HTTP, HTTPS, HTTP2, GRPC, TCP, TLS, MONGO, REDIS, MYSQL or HTTP_PROXY');
  if ((port.number ?? 0) === 0) {
    // Port 0 is a unix-domain-socket listener: bind names the socket.
    if (!bind.startsWith(UNIX_PREFIX)) issues.add(`${where}: sidecar: ports with 0 value must have a unix domain socket bind address`, 'bind the listener to unix:///path, or give it a port number');
    else issues.addIf(prefixed(`${where}: `, unixAddressProblem(bind.slice(UNIX_PREFIX.length))), 'use unix:///absolute/path or unix://@abstract');
    const captureMode = listener.captureMode ?? 'DEFAULT';
    if (captureMode !== 'DEFAULT' && captureMode !== 'NONE') issues.add(`${where}: sidecar: captureMode must be DEFAULT/NONE for unix domain socket listeners`, 'remove captureMode or set it to NONE');
    return;
  }
  if (!isValidPort(port.number)) issues.add(`${where}: port number ${JSON.stringify(port.number)} must be in the range 1..65535`, PORT_FIX);
  if (bind !== '' && !isIPAddress(bind)) issues.add(`${where}: ${bind} is not a valid IP`, 'bind to an IP address, or use port 0 with a unix:// bind');
}

/** Host syntax, and istiod's warnings for hosts another host of the listener already selects. */
function validateEgressHosts(issues: SchemaIssues, hosts: unknown[], where: string, namespace: string): void {
  if (hosts.length === 0) {
    issues.add(`${where}: sidecar: egress listener must contain at least one host`, 'list hosts as "namespace/dnsName", e.g. "./*" or "istio-system/*"');
    return;
  }
  const byNamespace = new Map<string, Set<string>>();
  for (const raw of hosts) {
    const hostname = typeof raw === 'string' ? raw : String(raw);
    const slash = hostname.indexOf('/');
    if (slash >= 0) {
      const ns = hostname.slice(0, slash) === '.' ? namespace : hostname.slice(0, slash);
      const name = hostname.slice(slash + 1);
      const seen = byNamespace.get(ns) ?? new Set<string>();
      byNamespace.set(ns, seen);
      if (name !== '*' ? seen.has(name) || seen.has('*') : seen.size > 0) {
        issues.warn(`duplicated egress host: ${hostname}`, `remove ${hostname} from ${where}.hosts: another host there already selects it`);
      }
      seen.add(name);
    }
    for (const problem of sidecarHostProblems(hostname)) {
      issues.add(`${where}: ${problem}`, 'write hosts as "namespace/dnsName": namespace "*", ".", "~" or a name; dnsName "*", "*.domain" or a full domain');
    }
  }
  if (byNamespace.get('*')?.has('*') && byNamespace.size !== 1) {
    issues.warn('`*/*` host select all resources, no other hosts can be added', `keep "*/*" alone in ${where}.hosts`);
  }
}

/** istiod: validateSidecarOutboundTrafficPolicy (and proto decoding of `mode`). */
function validateOutboundTrafficPolicy(issues: SchemaIssues, policy: any): void {
  if (!has(policy)) return;
  const mode = policy.mode ?? 'REGISTRY_ONLY';
  if (mode !== 'ALLOW_ANY' && mode !== 'REGISTRY_ONLY') {
    issues.add(`outboundTrafficPolicy.mode "${mode}" is not ALLOW_ANY or REGISTRY_ONLY`, 'use ALLOW_ANY or REGISTRY_ONLY');
    return;
  }
  const proxy = policy.egressProxy;
  if (!has(proxy)) return;
  if (mode !== 'ALLOW_ANY') {
    issues.add('sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode', 'set outboundTrafficPolicy.mode: ALLOW_ANY, or remove egressProxy');
    return;
  }
  const host = typeof proxy.host === 'string' ? proxy.host : '';
  issues.addIf(prefixed('outboundTrafficPolicy.egressProxy: ', istioFqdnProblem(host)), 'name the egress proxy by its fully qualified host name');
  if (!has(proxy.port)) {
    issues.add('sidecar: egress_proxy port must be non-nil', 'set outboundTrafficPolicy.egressProxy.port.number');
    return;
  }
  // validateDestination
  if (host === '*') issues.add('outboundTrafficPolicy.egressProxy: invalid destination host *', 'name one host');
  else issues.addIf(prefixed('outboundTrafficPolicy.egressProxy: ', istioWildcardDomainProblem(host)), 'use a valid host name');
  if (proxy.subset && !isIstioDNS1123Label(proxy.subset)) issues.add(`outboundTrafficPolicy.egressProxy: subset name is invalid: ${proxy.subset}`, 'use a DNS-1123 label as subset name');
  if (!isValidPort(proxy.port.number ?? 0)) issues.add(`outboundTrafficPolicy.egressProxy: port number ${JSON.stringify(proxy.port.number ?? 0)} must be in the range 1..65535`, PORT_FIX);
}
