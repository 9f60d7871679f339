/**
 * Reading a VirtualService: its gateways and every destination it sends traffic to, each with
 * where in the spec it sits (for messages).
 */
import { Resource, resolveGatewayRef } from '../../model';
import { arr } from './schema';

export interface RouteDestination {
  /** The host as written. */
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
  /** `http`, `tcp`, `tls` or `mirror`. */
  readonly via: 'http' | 'tcp' | 'tls' | 'mirror';
  /** Path in the spec, e.g. `http[0].route[1].destination`. */
  readonly where: string;
}

/** The VirtualService's `gateways`, resolved to `ns/name` or `mesh`; none given means `[mesh]`. */
export function vsGateways(vs: Resource): string[] {
  const gateways: string[] = arr(vs.spec.gateways).filter((g) => typeof g === 'string');
  if (gateways.length === 0) return ['mesh'];
  return gateways.map((g) => resolveGatewayRef(g, vs.namespace));
}

/** Whether the VirtualService applies to sidecars (bound to `mesh`, explicitly or by default). */
export function isMeshBound(vs: Resource): boolean {
  return vsGateways(vs).includes('mesh');
}

export interface DestinationOptions {
  /**
   * Also list destinations without a host (`route: - {}`), with host `''`: Istio's analyzers
   * (virtualservice/util.go getRouteDestinations) look those up too and report them not found.
   */
  readonly includeHostless?: boolean;
}

/** Route destinations of http, tcp and tls rules (not mirrors). */
export function routeDestinations(vs: Resource, options: DestinationOptions = {}): RouteDestination[] {
  const out: RouteDestination[] = [];
  for (const via of ['http', 'tcp', 'tls'] as const) {
    arr(vs.spec[via]).forEach((rule: any, i: number) => {
      arr(rule?.route).forEach((rd: any, j: number) => {
        const d = rd?.destination;
        const where = `${via}[${i}].route[${j}].destination`;
        if (d && typeof d.host === 'string') out.push(toDestination(d, via, where));
        else if (options.includeHostless) out.push(toDestination({ ...(isObject(d) ? d : {}), host: '' }, via, where));
      });
    });
  }
  return out;
}

/** Mirror destinations: `http[].mirror` and `http[].mirrors[].destination`. */
export function mirrorDestinations(vs: Resource, options: DestinationOptions = {}): RouteDestination[] {
  const out: RouteDestination[] = [];
  arr(vs.spec.http).forEach((rule: any, i: number) => {
    if (rule?.mirror && typeof rule.mirror.host === 'string') out.push(toDestination(rule.mirror, 'mirror', `http[${i}].mirror`));
    else if (options.includeHostless && isObject(rule?.mirror)) out.push(toDestination({ ...rule.mirror, host: '' }, 'mirror', `http[${i}].mirror`));
    arr(rule?.mirrors).forEach((m: any, j: number) => {
      const d = m?.destination;
      const where = `http[${i}].mirrors[${j}].destination`;
      if (d && typeof d.host === 'string') out.push(toDestination(d, 'mirror', where));
      else if (options.includeHostless) out.push(toDestination({ ...(isObject(d) ? d : {}), host: '' }, 'mirror', where));
    });
  });
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toDestination(d: any, via: RouteDestination['via'], where: string): RouteDestination {
  return {
    host: d.host,
    ...(typeof d.subset === 'string' && d.subset !== '' ? { subset: d.subset } : {}),
    ...(typeof d.port?.number === 'number' ? { port: d.port.number } : {}),
    via,
    where,
  };
}
