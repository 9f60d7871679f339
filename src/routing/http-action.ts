/**
 * What an HTTP rule does with a matched request: send it to destinations, redirect it, or
 * answer it directly. Exactly one action per rule, so Istio's "route, redirect or
 * directResponse, not two" rule cannot be broken.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { Destination, WeightedDestination } from './destination';
import { validatePath, validatePort, validateRange } from './validate';

/** What a redirect changes. */
export interface HttpRedirectOptions {
  /**
   * Replace the whole path with this.
   * @default - keep the path
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRedirect
   */
  readonly path?: string;
  /**
   * Replace the host (authority).
   * @default - keep the host
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRedirect
   */
  readonly authority?: string;
  /**
   * Redirect to this port.
   * @default - the request's port
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRedirect
   */
  readonly port?: number;
  /**
   * Redirect to this scheme (`http` or `https`).
   * @default - the request's scheme
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRedirect
   */
  readonly scheme?: string;
  /**
   * The 3xx status code: 301, 302, 303, 307 or 308 (istiod's ApplyRedirect drops the redirect of
   * any other code, so the rule would not redirect).
   * @default 301
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRedirect
   */
  readonly statusCode?: number;
}

/** The codes Envoy's RedirectAction can send, as istiod maps them (route.go ApplyRedirect). */
const REDIRECT_CODES: readonly number[] = [301, 302, 303, 307, 308];

/** The one action of an HTTP rule: route, split, redirect or respond. */
export class HttpAction {
  /** All matched traffic to one destination. */
  public static to(destination: Destination): HttpAction {
    return new HttpAction('route', [{ destination, weight: 100 }]);
  }

  /** Split matched traffic by integer percentages that add up to 100 (e.g. 90/10). */
  public static split(destinations: WeightedDestination[]): HttpAction {
    return new HttpAction('route', destinations);
  }

  /** Answer with a redirect. */
  public static redirect(options: HttpRedirectOptions): HttpAction {
    return new HttpAction('redirect', [], options);
  }

  /** Answer directly with a status (and optional body) without calling any backend. */
  public static respond(status: number, body?: string): HttpAction {
    return new HttpAction('directResponse', [], undefined, { status, body });
  }

  private constructor(
    /** `route`, `redirect` or `directResponse`. */
    public readonly kind: string,
    private readonly destinations: WeightedDestination[],
    private readonly redirectOptions?: HttpRedirectOptions,
    private readonly response?: { status: number; body?: string },
  ) {}

  /** The destinations this action sends to (empty for redirects and direct responses). */
  public get targets(): Destination[] {
    return this.destinations.map((d) => d.destination);
  }

  /**
   * Renders the action's fields of an Istio `HTTPRoute`.
   * @internal used by the constructs while rendering; not for users (kept public for them)
   */
  public bind(where: string): Record<string, unknown> {
    switch (this.kind) {
      case 'redirect': return { redirect: renderRedirect(this.redirectOptions ?? {}, `${where}.redirect`) };
      case 'directResponse': return { directResponse: renderResponse(this.response!, `${where}.directResponse`) };
      default: return { route: renderSplit(this.destinations, `${where}.route`) };
    }
  }
}

function renderSplit(destinations: WeightedDestination[], where: string): Record<string, unknown>[] {
  if (!Array.isArray(destinations) || destinations.length === 0) {
    throw new IstioTrafficError(ErrorCodes.RULE_ACTION, where, 'a route needs at least one destination', destinations, 'pass HttpAction.to(service.subset(...)) or a non-empty split');
  }
  for (const [i, d] of destinations.entries()) {
    if (!Number.isInteger(d.weight) || d.weight < 0) {
      throw new IstioTrafficError(ErrorCodes.WEIGHTS, `${where}[${i}]`, 'weight must be a non-negative integer percentage', d.weight, 'use whole percentages such as 90 and 10');
    }
  }
  const total = destinations.reduce((sum, d) => sum + d.weight, 0);
  if (total !== 100) {
    throw new IstioTrafficError(ErrorCodes.WEIGHTS, where, `weights add up to ${total}, not 100`, destinations.map((d) => d.weight),
      'make the percentages add up to exactly 100');
  }
  const seen = new Set<string>();
  return destinations.map((d, i) => {
    const key = `${d.destination.host}|${d.destination.subset ?? ''}|${d.destination.port ?? ''}`;
    if (seen.has(key)) throw new IstioTrafficError(ErrorCodes.DUPLICATE, `${where}[${i}]`, 'the same destination appears twice in one split', key, 'merge the two weights into one');
    seen.add(key);
    const rendered: Record<string, unknown> = { destination: d.destination.bind(`${where}[${i}].destination`) };
    // A single destination takes all traffic; Istio's docs write it without a weight.
    if (destinations.length > 1) rendered.weight = d.weight;
    return rendered;
  });
}

function renderRedirect(options: HttpRedirectOptions, where: string): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  if (options.path !== undefined) {
    validatePath(options.path, `${where}.path`);
    spec.uri = options.path;
  }
  if (options.authority !== undefined) spec.authority = options.authority;
  if (options.port !== undefined) {
    validatePort(options.port, `${where}.port`);
    spec.port = options.port;
  }
  if (options.scheme !== undefined) {
    if (options.scheme !== 'http' && options.scheme !== 'https') {
      throw new IstioTrafficError(ErrorCodes.RANGE, `${where}.scheme`, 'scheme must be http or https', options.scheme, 'use "http" or "https"');
    }
    spec.scheme = options.scheme;
  }
  if (options.statusCode !== undefined) {
    if (!REDIRECT_CODES.includes(options.statusCode)) {
      throw new IstioTrafficError(ErrorCodes.RANGE, `${where}.statusCode`, 'Istio redirects only with 301, 302, 303, 307 or 308 (route.go ApplyRedirect drops the redirect action for any other code)', options.statusCode,
        'use 301 or 308 (permanent), 302 or 307 (temporary), or 303');
    }
    spec.redirectCode = options.statusCode;
  }
  if (Object.keys(spec).length === 0) {
    throw new IstioTrafficError(ErrorCodes.RULE_ACTION, where, 'a redirect must change something', options, 'set path, authority, port or scheme');
  }
  return spec;
}

function renderResponse(response: { status: number; body?: string }, where: string): Record<string, unknown> {
  validateRange(response.status, 200, 599, `${where}.status`, 'direct response status');
  if (!Number.isInteger(response.status)) validateRange(NaN, 200, 599, `${where}.status`, 'direct response status');
  return response.body === undefined ? { status: response.status } : { status: response.status, body: { string: response.body } };
}
