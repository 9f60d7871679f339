/**
 * A server of a team's gateway: one port, one protocol, the hosts it accepts, and its TLS.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Server
 */
import { GatewayTls } from './gateway-tls';

/** Protocols a gateway server can speak. */
export enum GatewayProtocol {
  /** Plain HTTP/1.1 (and h2c). */
  HTTP = 'HTTP',
  /** HTTPS terminated at the gateway (needs `tls`). */
  HTTPS = 'HTTPS',
  /** HTTP/2 in clear text. */
  HTTP2 = 'HTTP2',
  /** gRPC in clear text. */
  GRPC = 'GRPC',
  /** TLS passed through or terminated without HTTP routing (needs `tls`). */
  TLS = 'TLS',
  /** Opaque TCP. */
  TCP = 'TCP',
}

/** One server of a TeamGateway: port, protocol, hosts and TLS. */
export interface GatewayServerOptions {
  /**
   * The port the gateway listens on (also exposed by its Service).
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Port
   */
  readonly port: number;
  /**
   * The protocol on that port. HTTPS and TLS servers need `tls`.
   * @default GatewayProtocol.HTTP
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Port
   */
  readonly protocol?: GatewayProtocol;
  /**
   * Host names accepted on this server: fully qualified, or `*.example.com`. `*` alone only with
   * `allowAnyHost`.
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Server
   */
  readonly hosts: string[];
  /**
   * Accept every host (`*`). Off by default: a team's gateway should only answer for its names.
   * @default false
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Server
   */
  readonly allowAnyHost?: boolean;
  /**
   * TLS for HTTPS and TLS servers: `GatewayTls.simple(secret)`, `.mutual(secret)` or `.passthrough()`.
   * @default - none (required for HTTPS and TLS)
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings
   */
  readonly tls?: GatewayTls;
  /**
   * On an HTTP server: answer every request with a 301 to HTTPS.
   * @default false
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings
   */
  readonly httpsRedirect?: boolean;
}
