/**
 * A route's Istio TLS rules (src/routing/tls-rule.ts renderTlsRule: one `match` with `sniHosts`,
 * one destination) → TLSRoutes (Gateway API v1.5.1, `gateway.networking.k8s.io/v1`).
 *
 * A TLSRoute matches by its `hostnames` only and has exactly one rule (the CRD: rules
 * minItems = maxItems = 1), and istiod (conversion.go convertTLSRoute / buildTLSMatch) makes its
 * `sniHosts` from those hostnames. So rules with different SNI names cannot share a TLSRoute:
 * each Istio TLS rule becomes one TLSRoute `{ hostnames: its sniHosts, rules: [{ backendRefs }] }`,
 * in rule order (the construct names them, e.g. `<route>-tls-<i>`).
 *
 * Order between TLS rules: Envoy picks the filter chain by the most specific server name, for
 * the VirtualService Istio derives from TLSRoutes exactly as for a hand-written one, so a
 * wildcard and a more specific name behave the same on both APIs. The same name in two rules is
 * different: Istio's first rule wins, while two TLSRoutes claiming one hostname are resolved by
 * age, so that is refused (the later occurrence is unreachable on Istio anyway).
 */
import { BackendResolver } from './backend-resolver';
import { MAX_TLS_HOSTNAMES, checkMax } from './crd-limits';
import { destinationOf } from './http-route-filters';
import { KEEP_ISTIO, noGatewayApiForm } from './no-form';

type Json = Record<string, unknown>;

/** The spec parts of one TLSRoute (the construct adds parentRefs). */
export interface TlsRouteParts {
  /** `spec.hostnames`: the Istio rule's SNI names. */
  readonly hostnames: string[];
  /** `spec.rules`: one rule with one backendRef. */
  readonly rules: Json[];
}

/** Converts `tlsRules` (in route order); `where` is the route's construct path, errors name `${where}.tls[i]…`. */
export function toTlsRouteRules(tlsRules: readonly Json[], backends: BackendResolver, where: string): TlsRouteParts[] {
  const claimed = new Map<string, string>();
  return tlsRules.map((rule, i) => {
    const at = `${where}.tls[${i}]`;
    for (const key of Object.keys(rule)) {
      if (key !== 'match' && key !== 'route') throw noGatewayApiForm(`${at}.${key}`, `the TLS rule field "${key}" has no Gateway API form`, rule[key], `drop it, ${KEEP_ISTIO}`);
    }
    const matches = (rule.match as Json[] | undefined) ?? [];
    if (matches.length !== 1) {
      throw noGatewayApiForm(`${at}.match`, 'a TLSRoute matches one set of SNI names', matches, `write one TLS rule per set of SNI names, ${KEEP_ISTIO}`);
    }
    const match = matches[0];
    for (const key of Object.keys(match)) {
      if (key === 'port') {
        throw noGatewayApiForm(`${at}.port`, 'a TLSRoute cannot match the port', match.port,
          `attach the route to the listener of that port instead (parentRefs sectionName/port), ${KEEP_ISTIO}`);
      }
      if (key !== 'sniHosts') throw noGatewayApiForm(`${at}.${key}`, `the TLS match field "${key}" has no Gateway API form`, match[key], `match SNI names only, ${KEEP_ISTIO}`);
    }
    const hostnames = [...(match.sniHosts as string[])];
    checkMax(hostnames.length, MAX_TLS_HOSTNAMES, `${at}.sniHosts`, 'SNI names in one TLS rule', 'split them over several TLS rules');
    hostnames.forEach((sni, k) => {
      const earlier = claimed.get(sni);
      if (earlier !== undefined) {
        throw noGatewayApiForm(`${at}.sniHosts[${k}]`, `${earlier} already matches this SNI name: Istio never reaches this rule for it, and two TLSRoutes claiming one hostname are resolved by age`,
          sni, `remove it from the later rule, ${KEEP_ISTIO}`);
      }
      claimed.set(sni, at);
    });
    const route = (rule.route as Json[] | undefined) ?? [];
    if (route.length !== 1) {
      throw noGatewayApiForm(`${at}.route`, 'the constructs render one TLS destination per rule', route, `use one destination, ${KEEP_ISTIO}`);
    }
    for (const key of Object.keys(route[0])) {
      if (key !== 'destination') throw noGatewayApiForm(`${at}.route[0].${key}`, `the TLS destination field "${key}" has no Gateway API form`, route[0][key], `drop it, ${KEEP_ISTIO}`);
    }
    const dest = `${at}.destination`;
    const backendRef = Object.fromEntries(Object.entries(backends.backendRefFor(destinationOf(route[0].destination as Json, dest), dest)).filter(([, v]) => v !== undefined));
    return { hostnames, rules: [{ backendRefs: [backendRef] }] };
  });
}
