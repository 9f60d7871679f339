/**
 * What the RBAC filter of a destination proxy sees of one request: the peer identity (only over
 * mutual TLS), the request's headers and the connection it came in on.
 */
export interface AuthzContext {
  /** The peer's URI SAN, `spiffe://<trustDomain>/ns/<ns>/sa/<sa>`; undefined over plaintext. */
  readonly peer?: string;
  /** The JWT principal `iss/sub`, when the request carries a validated token. */
  readonly requestPrincipal?: string;
  /** The connection's source address (`source.ip`, `ipBlocks`). */
  readonly sourceIp?: string;
  /** The original client address (`remote.ip`, `remoteIpBlocks`): X-Forwarded-For or the source. */
  readonly remoteIp?: string;
  /** `:authority` as received. */
  readonly authority: string;
  readonly method: string;
  /** The path without query string (what Envoy's RBAC path matcher reads). */
  readonly path: string;
  /** Lower-cased header names. */
  readonly headers: ReadonlyMap<string, string>;
  /** The port the destination workload receives on (its target port). */
  readonly port: number;
  /** SNI of the incoming TLS connection. */
  readonly sni?: string;
}

export type Condition = (context: AuthzContext) => boolean;
