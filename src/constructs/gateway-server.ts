/**
 * A server of a team's gateway: one port, one protocol, the hosts it accepts.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Server
 */

/** Protocols a gateway server can speak. */
export enum GatewayProtocol {
  HTTP = 'HTTP',
  HTTP2 = 'HTTP2',
  GRPC = 'GRPC',
  TCP = 'TCP',
}

export interface GatewayServerOptions {
  /**
   * The port the gateway listens on (also exposed by its Service).
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Port
   */
  readonly port: number;
  /**
   * The protocol on that port.
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
}
