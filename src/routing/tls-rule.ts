/**
 * A rule for TLS traffic the proxy does not decrypt (gateway PASSTHROUGH, or HTTPS from the
 * workload): matched by SNI and port only, since the HTTP request inside is unreadable.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#TLSRoute
 */
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { hostCovers } from '../model/hosts';
import { Destination } from './destination';
import { validateHost, validatePort } from './validate';

/** One SNI-matched rule for TLS traffic. */
export interface TlsRuleOptions {
  /**
   * SNI names to match; each must be one of the route's hosts (or covered by a wildcard host).
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#TLSMatchAttributes
   */
  readonly sniHosts: string[];
  /**
   * The port the connection arrived on.
   * @default - any port
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#TLSMatchAttributes
   */
  readonly port?: number;
  /**
   * Where matching connections go.
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#RouteDestination
   */
  readonly destination: Destination;
}

/** Renders Istio's `TLSRoute`, checking the SNI names against the route's hosts. */
export function renderTlsRule(rule: TlsRuleOptions, routeHosts: readonly string[], where: string): Record<string, unknown> {
  if (!rule || !(rule.destination instanceof Destination)) {
    throw new IstioTrafficError(ErrorCodes.RULE_ACTION, where, 'a TLS rule needs a destination', rule?.destination, 'set destination: service.destination(443)');
  }
  if (!Array.isArray(rule.sniHosts) || rule.sniHosts.length === 0) {
    throw new IstioTrafficError(ErrorCodes.HOST, `${where}.sniHosts`, 'a TLS rule must match SNI names', rule.sniHosts, 'list the SNI host names');
  }
  rule.sniHosts.forEach((sni, i) => {
    validateHost(sni, `${where}.sniHosts[${i}]`);
    if (!routeHosts.some((h) => hostCovers(h, sni))) {
      throw new IstioTrafficError(ErrorCodes.HOST, `${where}.sniHosts[${i}]`, 'SNI name is not one of the route\'s hosts', sni,
        `add it to hosts (now: ${routeHosts.join(', ')}) or match one of them`);
    }
  });
  const match: Record<string, unknown> = { sniHosts: [...rule.sniHosts] };
  if (rule.port !== undefined) {
    validatePort(rule.port, `${where}.port`);
    match.port = rule.port;
  }
  return { match: [match], route: [{ destination: rule.destination.bind(`${where}.route[0].destination`) }] };
}
