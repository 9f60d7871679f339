/**
 * One Gateway server, as istiod's webhook validates it (pkg/config/validation/validation.go
 * validateServer, validateServerPort, validateServerBind).
 */
import { gatewayServerHostProblems, ipAddressProblem, portProblem, unixAddressProblem } from './host-validation';
import { arr, has, SchemaIssues } from './schema';
import { validateTlsOptions } from './tls-options-validation';

const UNIX_PREFIX = 'unix://';
/** pkg/config/protocol Parse (case-insensitive); anything else is Unsupported. */
const PROTOCOLS = ['TCP', 'UDP', 'GRPC', 'GRPC-WEB', 'HTTP', 'HTTP_PROXY', 'HTTP2', 'HTTPS', 'TLS', 'MONGO', 'REDIS', 'MYSQL'];
const HTTP_PROTOCOLS = ['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-WEB'];
const TLS_PROTOCOLS = ['HTTPS', 'TLS'];

export function serverProtocol(server: any): string {
  return String(server?.port?.protocol ?? '').toUpperCase();
}

export function isHttpProtocol(protocol: string): boolean {
  return HTTP_PROTOCOLS.includes(protocol);
}

// istiod: validateServer
export function validateServer(issues: SchemaIssues, server: any, where: string): void {
  const hosts = arr(server.hosts);
  if (hosts.length === 0) issues.add(`${where}: server config must contain at least one host`, 'list the host names the server accepts (e.g. "*.example.com" or "ns/host")');
  for (const host of hosts) {
    for (const problem of gatewayServerHostProblems(String(host))) {
      issues.add(`${where}: host "${host}": ${problem}`, 'write "dnsName" or "namespace/dnsName" with a full DNS name (a wildcard only as the whole first label), "*", or an IP');
    }
  }
  const portOk = validateServerPort(issues, server.port, server.bind, where);
  validateServerBind(issues, server.port, server.bind, where);
  validateTlsOptions(issues, server.tls, `${where}.tls`);
  if (!portOk) return;
  const protocol = serverProtocol(server);
  const tls = server.tls;
  if (TLS_PROTOCOLS.includes(protocol) && !has(tls)) {
    issues.add(`${where}: server must have TLS settings for HTTPS/TLS protocols`, 'add tls with mode (SIMPLE + credentialName, or PASSTHROUGH)');
  } else if (!TLS_PROTOCOLS.includes(protocol) && has(tls)) {
    if (isHttpProtocol(protocol)) {
      // Only httpsRedirect makes sense on plain HTTP: a pass-through mode and no certificate files.
      const passThrough = (tls.mode ?? 'PASSTHROUGH') === 'PASSTHROUGH' || tls.mode === 'AUTO_PASSTHROUGH';
      if (!passThrough || tls.caCertificates || tls.privateKey || tls.serverCertificate) {
        issues.add(`${where}: server cannot have TLS settings for plain text HTTP ports`, 'remove tls (only tls.httpsRedirect is allowed), or use protocol HTTPS');
      }
    } else {
      issues.add(`${where}: server cannot have TLS settings for non HTTPS/TLS ports`, 'remove tls, or use protocol TLS');
    }
  }
}

// istiod: validateServerPort — returns whether the port had no errors.
function validateServerPort(issues: SchemaIssues, port: any, bind: unknown, where: string): boolean {
  if (!has(port)) {
    issues.add(`${where}: port is required`, 'set port.number, port.protocol and port.name');
    return false;
  }
  let ok = true;
  const fail = (reason: string, fix: string): void => { issues.add(`${where}: ${reason}`, fix); ok = false; };
  const protocol = String(port.protocol ?? '').toUpperCase();
  if (!PROTOCOLS.includes(protocol)) fail(`invalid protocol ${JSON.stringify(port.protocol ?? '')}, supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP`, 'set port.protocol (HTTP, HTTPS, HTTP2, GRPC, TLS, TCP, ...)');
  const number = typeof port.number === 'number' ? port.number : 0;
  const unix = typeof bind === 'string' && bind.startsWith(UNIX_PREFIX);
  if (number > 0 || !unix) {
    const problem = portProblem(port.number);
    if (problem) fail(problem, 'use a port between 1 and 65535 (or 0 with a unix:// bind)');
  }
  if (typeof port.targetPort === 'number' && port.targetPort > 0) fail('targetPort has no impact on Gateways', 'remove port.targetPort; the gateway listens on port.number');
  if (!port.name) fail('port name must be set', 'give the server port a name unique in this Gateway');
  return ok;
}

// istiod: validateServerBind — a unix:// socket (port 0), or an IP address.
function validateServerBind(issues: SchemaIssues, port: any, bind: unknown, where: string): void {
  if (typeof bind !== 'string' || bind === '') return;
  if (bind.startsWith(UNIX_PREFIX)) {
    issues.addIf(unixAddressProblem(bind.slice(UNIX_PREFIX.length)) && `${where}.bind: ${unixAddressProblem(bind.slice(UNIX_PREFIX.length))}`, 'use unix:///absolute/path or unix://@abstract');
    if (has(port) && typeof port.number === 'number' && port.number !== 0) {
      issues.add(`${where}: port number must be 0 for unix domain socket: ${port.number}`, 'set port.number to 0 for a unix:// bind');
    }
  } else {
    issues.addIf(ipAddressProblem(bind) && `${where}.bind: ${ipAddressProblem(bind)}`, 'bind to an IP address or a unix:// socket');
  }
}
