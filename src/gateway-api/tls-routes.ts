/**
 * TLSRoute rules → Istio TLS routes (conversion.go convertTLSRoute, buildTLSMatch,
 * augmentTLSPortMatch, compatibleRoutesForHost).
 */
import { hostsIntersect } from '../model/hosts';
import { buildDestinations, HardRouteError, RouteContext, RouteError, weightSum } from './backends';
import { arr } from './derived';

/** Where a zero-weight TLS rule sends connections: a host with no endpoints ("reject"). */
export const ZERO_WEIGHT_DESTINATION = { host: 'internal.cluster.local', subset: 'zero-weight', port: { number: 65535 } };

export interface ConvertedTlsRules {
  readonly tls?: any[];
  readonly errors: readonly RouteError[];
}

/** hostnamesToStringListWithWildcard. */
export function sniHostsOf(spec: any): string[] {
  const hostnames = arr(spec?.hostnames).map(String);
  return hostnames.length > 0 ? hostnames : ['*'];
}

export function convertTlsRules(ctx: RouteContext): ConvertedTlsRules {
  const out: any[] = [];
  const errors: RouteError[] = [];
  try {
    arr(ctx.route.spec.rules).forEach((rule: any, n: number) => {
      const refs = arr(rule?.backendRefs);
      if (weightSum(refs) === 0) {
        // "The spec requires us to reject connections when there are no >0 weight backends"
        out.push({ route: [{ destination: ZERO_WEIGHT_DESTINATION, weight: 0 }] });
        return;
      }
      const built = buildDestinations(ctx, refs, (i) => `spec.rules[${n}].backendRefs[${i}]`, false);
      errors.push(...built.errors);
      out.push({ match: [{ sniHosts: sniHostsOf(ctx.route.spec) }], route: built.route });
    });
  } catch (e) {
    if (e instanceof HardRouteError) return { errors: [e.error] };
    throw e;
  }
  return { tls: out, errors };
}

/** augmentTLSPortMatch: for mesh parents, a `*` SNI match becomes the parent's hosts; a parentRef port is added. */
export function augmentTlsPortMatch(routes: readonly any[], port: number | undefined, parentHosts: readonly string[]): any[] {
  return routes.map((r) => {
    const copy = JSON.parse(JSON.stringify(r));
    if (arr(copy.match).length === 1 && JSON.stringify(copy.match[0].sniHosts) === '["*"]') copy.match[0].sniHosts = [...parentHosts];
    if (port !== undefined) for (const m of arr(copy.match)) m.port = port;
    return copy;
  });
}

/** compatibleRoutesForHost: keep only the SNI hosts that match the mesh parent's host. */
export function compatibleRoutesForHost(routes: readonly any[], parentHost: string): any[] {
  return routes.map((r) => {
    if (arr(r.match).length !== 1 || arr(r.match[0].sniHosts).length <= 1) return r;
    const copy = JSON.parse(JSON.stringify(r));
    copy.match[0].sniHosts = copy.match[0].sniHosts.filter((h: string) => hostsIntersect(parentHost, h));
    return copy;
  });
}
