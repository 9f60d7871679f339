/**
 * Where a route sends traffic: a host in the registry, optionally one subset and one port.
 * Obtain one from `VersionedService.subset('v2')`, `VersionedService.destination()`,
 * `ExternalEgress.destination()`, or `Destination.host()` for any other host.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
 */
import { validateDnsLabel, validateHost, validatePort } from './validate';

/** Subset and port of a destination. */
export interface DestinationOptions {
  /**
   * The subset (a DestinationRule subset name) to send to.
   * @default - every endpoint of the host
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
   */
  readonly subset?: string;
  /**
   * The port on the host.
   * @default - the service's only port; required when it has several
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#PortSelector
   */
  readonly port?: number;
}

/** A host in the registry, optionally one subset and one port. */
export class Destination {
  /**
   * Any host, written as Istio should see it. Prefer the typed destinations of the constructs:
   * they always use the fully qualified name, so they resolve the same from every namespace.
   */
  public static host(host: string, options: DestinationOptions = {}): Destination {
    return new Destination(host, options.subset, options.port);
  }

  private constructor(
    /** The host, fully qualified when it comes from a construct. */
    public readonly host: string,
    /** The subset, if any. */
    public readonly subset?: string,
    /** The port, if any. */
    public readonly port?: number,
  ) {}

  /** The same destination on another port. */
  public onPort(port: number): Destination {
    return new Destination(this.host, this.subset, port);
  }

  /**
   * Renders Istio's `Destination`.
   * @internal used by the constructs while rendering; not for users (kept public for them)
   */
  public bind(where: string): Record<string, unknown> {
    validateHost(this.host, `${where}.host`);
    const spec: Record<string, unknown> = { host: this.host };
    if (this.subset !== undefined) {
      validateDnsLabel(this.subset, `${where}.subset`, 'subset');
      spec.subset = this.subset;
    }
    if (this.port !== undefined) {
      validatePort(this.port, `${where}.port`);
      spec.port = { number: this.port };
    }
    return spec;
  }
}

/** A destination with its share of the traffic, in percent. */
export interface WeightedDestination {
  /**
   * Where this share goes.
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRouteDestination
   */
  readonly destination: Destination;
  /**
   * Integer percentage; the weights of one split must add up to 100.
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRouteDestination
   */
  readonly weight: number;
}
