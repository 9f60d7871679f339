/**
 * Port protocols as istiod parses them (pkg/config/protocol `Parse`, case-insensitive) and the
 * families validation asks about.
 */

const KNOWN = ['TCP', 'UDP', 'GRPC', 'GRPC-WEB', 'HTTP', 'HTTP_PROXY', 'HTTP2', 'HTTPS', 'TLS', 'MONGO', 'REDIS', 'MYSQL'];
const HTTP_FAMILY = ['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-WEB'];
const TCP_FAMILY = ['TCP', 'HTTPS', 'TLS', 'MONGO', 'REDIS', 'MYSQL'];

/** The canonical (upper-case) protocol, or `UNSUPPORTED` as istiod's `protocol.Unsupported`. */
export function parseProtocol(value: unknown): string {
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  return KNOWN.includes(upper) ? upper : 'UNSUPPORTED';
}

export function isHttpProtocol(value: unknown): boolean {
  return HTTP_FAMILY.includes(parseProtocol(value));
}

export function isTcpProtocol(value: unknown): boolean {
  return TCP_FAMILY.includes(parseProtocol(value));
}

export function isTlsProtocol(value: unknown): boolean {
  const p = parseProtocol(value);
  return p === 'HTTPS' || p === 'TLS';
}

/** istiod: validation.go `ValidateProtocol`: empty means "sniff", anything else must parse. */
export function protocolProblem(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return parseProtocol(value) === 'UNSUPPORTED' ? `unsupported protocol: ${value}` : undefined;
}
