/**
 * Policies applied to traffic to a service after routing: load balancing, connection pool limits,
 * outlier detection. Rendered into the DestinationRule's `trafficPolicy`.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#TrafficPolicy
 */
import { Duration } from 'cdk8s';
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { renderDuration, validateHeaderName, validateRange } from './validate';

/** How endpoints are picked, by static factory. */
export class LoadBalancer {
  /** Round robin across endpoints. */
  public static roundRobin(): LoadBalancer {
    return new LoadBalancer({ simple: 'ROUND_ROBIN' });
  }

  /** The endpoint with the fewest active requests. */
  public static leastRequest(): LoadBalancer {
    return new LoadBalancer({ simple: 'LEAST_REQUEST' });
  }

  /** A random endpoint. */
  public static random(): LoadBalancer {
    return new LoadBalancer({ simple: 'RANDOM' });
  }

  /** Sticky sessions by a cookie (Envoy creates it when absent, with this lifetime). */
  public static stickyCookie(name: string, ttl: Duration): LoadBalancer {
    return new LoadBalancer({ consistentHash: { httpCookie: { name, ttl } } });
  }

  /** Sticky sessions by a request header. */
  public static stickyHeader(name: string): LoadBalancer {
    return new LoadBalancer({ consistentHash: { httpHeaderName: name } });
  }

  private constructor(private readonly spec: any) {}

  /**
   * Renders `loadBalancer`.
   * @internal used by the constructs while rendering; not for users (kept public for them)
   */
  public bind(where: string): Record<string, unknown> {
    const cookie = this.spec.consistentHash?.httpCookie;
    if (cookie) {
      if (typeof cookie.name !== 'string' || cookie.name === '') {
        throw new IstioTrafficError(ErrorCodes.HEADER_NAME, `${where}.consistentHash.httpCookie.name`, 'a sticky cookie needs a name', cookie.name, 'name the cookie');
      }
      return { consistentHash: { httpCookie: { name: cookie.name, ttl: renderDuration(cookie.ttl, `${where}.consistentHash.httpCookie.ttl`, 'cookie ttl') } } };
    }
    if (this.spec.consistentHash?.httpHeaderName !== undefined) validateHeaderName(this.spec.consistentHash.httpHeaderName, `${where}.consistentHash`);
    return JSON.parse(JSON.stringify(this.spec));
  }
}

/** Connection pool limits. */
export interface ConnectionPoolOptions {
  /**
   * Maximum TCP connections to the service.
   * @default - Envoy's default (2^32-1)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-TCPSettings
   */
  readonly maxConnections?: number;
  /**
   * Maximum requests queued while waiting for a connection.
   * @default - Envoy's default
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings
   */
  readonly maxPendingRequests?: number;
  /**
   * Maximum active requests to the service.
   * @default - Envoy's default
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings
   */
  readonly maxRequests?: number;
}

/** Ejection of failing endpoints. */
export interface OutlierDetectionOptions {
  /**
   * Consecutive 5xx errors before a host is ejected.
   * @default 5
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection
   */
  readonly consecutive5xxErrors?: number;
  /**
   * Time between ejection sweeps.
   * @default Duration.seconds(10)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection
   */
  readonly interval?: Duration;
  /**
   * Minimum ejection duration.
   * @default Duration.seconds(30)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection
   */
  readonly baseEjectionTime?: Duration;
  /**
   * Maximum percentage of hosts ejected at once.
   * @default 10
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection
   */
  readonly maxEjectionPercent?: number;
}

/** Traffic policy for every version of a service. */
export interface TrafficPolicyOptions {
  /**
   * Load balancing across endpoints.
   * @default - Istio's default (LEAST_REQUEST)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings
   */
  readonly loadBalancer?: LoadBalancer;
  /**
   * Connection pool limits.
   * @default - Envoy's defaults
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings
   */
  readonly connectionPool?: ConnectionPoolOptions;
  /**
   * Ejection of failing endpoints.
   * @default - no outlier detection
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection
   */
  readonly outlierDetection?: OutlierDetectionOptions;
}

/** Renders `trafficPolicy`, or nothing when no option is set (Istio rejects an empty one). */
export function renderTrafficPolicy(policy: TrafficPolicyOptions | undefined, where: string): Record<string, unknown> | undefined {
  if (!policy) return undefined;
  const spec: Record<string, unknown> = {};
  if (policy.loadBalancer) spec.loadBalancer = policy.loadBalancer.bind(`${where}.loadBalancer`);
  const pool = policy.connectionPool;
  if (pool) {
    const tcp = pool.maxConnections !== undefined ? { maxConnections: positive(pool.maxConnections, `${where}.connectionPool.maxConnections`) } : undefined;
    const http: Record<string, number> = {};
    if (pool.maxPendingRequests !== undefined) http.http1MaxPendingRequests = positive(pool.maxPendingRequests, `${where}.connectionPool.maxPendingRequests`);
    if (pool.maxRequests !== undefined) http.http2MaxRequests = positive(pool.maxRequests, `${where}.connectionPool.maxRequests`);
    const rendered: Record<string, unknown> = {};
    if (tcp) rendered.tcp = tcp;
    if (Object.keys(http).length > 0) rendered.http = http;
    if (Object.keys(rendered).length > 0) spec.connectionPool = rendered;
  }
  const outlier = policy.outlierDetection;
  if (outlier) {
    const w = `${where}.outlierDetection`;
    spec.outlierDetection = {
      // The generated import spells it `consecutive5XxErrors` and renders `consecutive5xxErrors`;
      // the JSON name would be dropped by its toJson.
      consecutive5XxErrors: positive(outlier.consecutive5xxErrors ?? 5, `${w}.consecutive5xxErrors`),
      interval: renderDuration(outlier.interval ?? Duration.seconds(10), `${w}.interval`, 'interval'),
      baseEjectionTime: renderDuration(outlier.baseEjectionTime ?? Duration.seconds(30), `${w}.baseEjectionTime`, 'baseEjectionTime'),
      maxEjectionPercent: percent(outlier.maxEjectionPercent ?? 10, `${w}.maxEjectionPercent`),
    };
  }
  return Object.keys(spec).length > 0 ? spec : undefined;
}

function positive(value: number, where: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new IstioTrafficError(ErrorCodes.RANGE, where, 'must be a positive integer', value, 'use a whole number of at least 1');
  }
  return value;
}

function percent(value: number, where: string): number {
  validateRange(value, 0, 100, where, 'percentage');
  return value;
}
