/**
 * What happens to a routed request on the way: rewrite, retries, fault injection, header
 * changes, CORS. Durations are cdk8s `Duration`s and must be whole positive milliseconds.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
import { Duration } from 'cdk8s';
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { renderDuration, validateHeaderName, validatePath, validateRange } from './validate';

/** Path and authority rewrite before forwarding. */
export interface HttpRewrite {
  /**
   * Replaces the MATCHED PREFIX of the path (Envoy's prefix rewrite), or the whole path after an
   * exact or regex match. Prefix `/svc1` with path `/` turns `/svc1/orders` into `//orders`;
   * match `/svc1/` instead to get `/orders`.
   * @default - path unchanged
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRewrite
   */
  readonly path?: string;
  /**
   * Replaces the Host/authority header.
   * @default - authority unchanged
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRewrite
   */
  readonly authority?: string;
}

/** Envoy's retry conditions that Istio accepts in `retryOn`. */
export enum RetryOn {
  /** `5xx` */
  FIVE_XX = '5xx',
  /** `gateway-error` */
  GATEWAY_ERROR = 'gateway-error',
  /** `reset` */
  RESET = 'reset',
  /** `connect-failure` */
  CONNECT_FAILURE = 'connect-failure',
  /** `retriable-4xx` */
  RETRIABLE_4XX = 'retriable-4xx',
  /** `refused-stream` */
  REFUSED_STREAM = 'refused-stream',
  /** `retriable-status-codes` */
  RETRIABLE_STATUS_CODES = 'retriable-status-codes',
  /** `cancelled` */
  CANCELLED = 'cancelled',
  /** `deadline-exceeded` */
  DEADLINE_EXCEEDED = 'deadline-exceeded',
  /** `internal` */
  INTERNAL = 'internal',
  /** `resource-exhausted` */
  RESOURCE_EXHAUSTED = 'resource-exhausted',
  /** `unavailable` */
  UNAVAILABLE = 'unavailable',
}

/** Retries of a route. */
export interface HttpRetryPolicy {
  /**
   * Number of retries (0 disables retries).
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
   */
  readonly attempts: number;
  /**
   * Timeout of each attempt.
   * @default - the route's timeout
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
   */
  readonly perTryTimeout?: Duration;
  /**
   * Conditions that trigger a retry.
   * @default - Istio's default (connect-failure, refused-stream, unavailable, cancelled, 503)
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
   */
  readonly retryOn?: RetryOn[];
}

/** Renders `retries`, checking Istio's rules. */
export function renderRetries(retries: HttpRetryPolicy, where: string): Record<string, unknown> {
  if (!Number.isInteger(retries.attempts) || retries.attempts < 0) {
    throw new IstioTrafficError(ErrorCodes.RANGE, `${where}.attempts`, 'retry attempts must be a non-negative integer', retries.attempts, 'use 0 to disable retries or a small positive count');
  }
  if (retries.attempts === 0 && (retries.perTryTimeout || retries.retryOn)) {
    throw new IstioTrafficError(ErrorCodes.CONFLICT, where, 'attempts 0 disables retries, so other retry settings are rejected by Istio', retries.attempts, 'drop perTryTimeout/retryOn or set attempts > 0');
  }
  const spec: Record<string, unknown> = { attempts: retries.attempts };
  if (retries.perTryTimeout) spec.perTryTimeout = renderDuration(retries.perTryTimeout, `${where}.perTryTimeout`, 'perTryTimeout');
  if (retries.retryOn && retries.retryOn.length > 0) spec.retryOn = retries.retryOn.join(',');
  return spec;
}

/** Fault injection for testing resilience. */
export class HttpFault {
  /** Abort `percentage` % of requests with `status`. */
  public static abort(status: number, percentage: number): HttpFault {
    return new HttpFault({ abort: { status, percentage } });
  }

  /** Delay `percentage` % of requests by `delay`. */
  public static delay(delay: Duration, percentage: number): HttpFault {
    return new HttpFault({ delay: { delay, percentage } });
  }

  private constructor(private readonly spec: {
    abort?: { status: number; percentage: number };
    delay?: { delay: Duration; percentage: number };
  }) {}

  /**
   * Renders `fault`, checking ranges.
   * @internal used by the constructs while rendering; not for users (kept public for them)
   */
  public bind(where: string): Record<string, unknown> {
    if (this.spec.abort) {
      const { status, percentage } = this.spec.abort;
      validateRange(status, 200, 599, `${where}.abort.httpStatus`, 'abort status');
      validateRange(percentage, 0, 100, `${where}.abort.percentage`, 'percentage');
      return { abort: { httpStatus: status, percentage: { value: percentage } } };
    }
    const { delay, percentage } = this.spec.delay!;
    validateRange(percentage, 0, 100, `${where}.delay.percentage`, 'percentage');
    return { delay: { fixedDelay: renderDuration(delay, `${where}.delay`, 'fault delay'), percentage: { value: percentage } } };
  }
}

/** Changes to request or response headers. */
export interface HeaderOperations {
  /**
   * Headers to overwrite.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Headers-HeaderOperations
   */
  readonly set?: Record<string, string>;
  /**
   * Headers to append.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Headers-HeaderOperations
   */
  readonly add?: Record<string, string>;
  /**
   * Headers to remove.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Headers-HeaderOperations
   */
  readonly remove?: string[];
}

/** Renders header operations, or nothing when empty. */
export function renderHeaderOperations(ops: HeaderOperations, where: string): Record<string, unknown> | undefined {
  const spec: Record<string, unknown> = {};
  for (const key of ['set', 'add'] as const) {
    const values = ops[key];
    if (values && Object.keys(values).length > 0) {
      Object.keys(values).forEach((name) => validateHeaderName(name, `${where}.${key}`));
      spec[key] = Object.fromEntries(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
  }
  if (ops.remove && ops.remove.length > 0) {
    ops.remove.forEach((name) => validateHeaderName(name, `${where}.remove`));
    spec.remove = [...ops.remove];
  }
  return Object.keys(spec).length > 0 ? spec : undefined;
}

/** CORS answers of a route. */
export interface CorsPolicy {
  /**
   * Origins allowed, exactly as the browser sends them (`https://shop.example.com`).
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#CorsPolicy
   */
  readonly allowOrigins: string[];
  /**
   * Methods allowed.
   * @default - Envoy's default
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#CorsPolicy
   */
  readonly allowMethods?: string[];
  /**
   * Request headers allowed.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#CorsPolicy
   */
  readonly allowHeaders?: string[];
  /**
   * Whether credentials are allowed.
   * @default false
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#CorsPolicy
   */
  readonly allowCredentials?: boolean;
  /**
   * How long a preflight answer may be cached.
   * @default - not cached
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#CorsPolicy
   */
  readonly maxAge?: Duration;
}

/** Renders `corsPolicy`. */
export function renderCors(cors: CorsPolicy, where: string): Record<string, unknown> {
  if (!cors.allowOrigins || cors.allowOrigins.length === 0) {
    throw new IstioTrafficError(ErrorCodes.RANGE, `${where}.allowOrigins`, 'CORS needs at least one allowed origin', cors.allowOrigins, 'list the origins, e.g. ["https://shop.example.com"]');
  }
  const spec: Record<string, unknown> = { allowOrigins: cors.allowOrigins.map((o) => ({ exact: o })) };
  if (cors.allowMethods) spec.allowMethods = [...cors.allowMethods];
  if (cors.allowHeaders) spec.allowHeaders = [...cors.allowHeaders];
  if (cors.allowCredentials !== undefined) spec.allowCredentials = cors.allowCredentials;
  if (cors.maxAge) spec.maxAge = renderDuration(cors.maxAge, `${where}.maxAge`, 'CORS maxAge');
  return spec;
}

/** Renders `rewrite`. */
export function renderRewrite(rewrite: HttpRewrite, where: string): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  if (rewrite.path !== undefined) {
    validatePath(rewrite.path, `${where}.path`, 'rewrite path');
    spec.uri = rewrite.path;
  }
  if (rewrite.authority !== undefined) spec.authority = rewrite.authority;
  if (Object.keys(spec).length === 0) {
    throw new IstioTrafficError(ErrorCodes.CONFLICT, where, 'an empty rewrite', rewrite, 'set path or authority, or drop the rewrite');
  }
  return spec;
}
