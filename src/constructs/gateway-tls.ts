/**
 * How a gateway server terminates (or passes through) TLS.
 * @see https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings
 */
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { validateDnsLabel } from '../routing/validate';

/** TLS settings of a gateway server, by static factory. */
export class GatewayTls {
  /** Terminate TLS with the certificate and key in Secret `credentialName` (in the gateway's namespace). */
  public static simple(credentialName: string): GatewayTls {
    return new GatewayTls('SIMPLE', credentialName);
  }

  /**
   * Terminate TLS and require client certificates, verified with the CA in the same Secret
   * (`ca.crt`) or in `<credentialName>-cacert`.
   */
  public static mutual(credentialName: string): GatewayTls {
    return new GatewayTls('MUTUAL', credentialName);
  }

  /** Do not terminate: route the encrypted stream by SNI (TLS rules of a CanaryRoute). */
  public static passthrough(): GatewayTls {
    return new GatewayTls('PASSTHROUGH');
  }

  private constructor(
    /** `SIMPLE`, `MUTUAL` or `PASSTHROUGH`. */
    public readonly mode: string,
    /** The Secret holding the certificate, for SIMPLE and MUTUAL. */
    public readonly credentialName?: string,
  ) {}

  /** Whether the gateway must read a Secret (and so needs the Role to do it). */
  public get needsSecret(): boolean {
    return this.credentialName !== undefined;
  }

  /**
   * Renders `ServerTLSSettings` (called by TeamGateway).
   * @internal
   */
  public bind(where: string): Record<string, unknown> {
    if (this.credentialName !== undefined) {
      if (typeof this.credentialName !== 'string' || this.credentialName === '') {
        throw new IstioTrafficError(ErrorCodes.NAME, `${where}.credentialName`, 'TLS needs the name of the Secret with the certificate', this.credentialName, 'pass the Secret name');
      }
      validateDnsLabel(this.credentialName, `${where}.credentialName`, 'credential Secret name');
      return { mode: this.mode, credentialName: this.credentialName, minProtocolVersion: 'TLSV1_2' };
    }
    return { mode: this.mode };
  }
}
