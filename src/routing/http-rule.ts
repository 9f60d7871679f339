/**
 * One ordered HTTP rule of a route: its match entries, its action and its policies.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
 */
import { Duration } from 'cdk8s';
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { Destination } from './destination';
import { HttpAction } from './http-action';
import { HttpRouteMatch, renderHttpMatch } from './http-match';
import {
  CorsPolicy, HeaderOperations, HttpFault, HttpRetryPolicy, HttpRewrite,
  renderCors, renderHeaderOperations, renderRetries, renderRewrite,
} from './http-policies';
import { renderDuration, validateRange } from './validate';

/** One ordered HTTP rule: matches, action and policies. */
export interface HttpRuleOptions {
  /**
   * A name for the rule, shown in access logs and `explain` traces.
   * @default - unnamed
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
   */
  readonly name?: string;
  /**
   * Match entries; the rule applies when ANY entry matches. Leave empty to match everything
   * (rules after such a rule are unreachable).
   * @default - match every request
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
   */
  readonly matches?: HttpRouteMatch[];
  /**
   * What to do: `HttpAction.to()`, `.split()`, `.redirect()` or `.respond()`.
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
   */
  readonly action: HttpAction;
  /**
   * Path/authority rewrite before forwarding.
   * @default - no rewrite
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRewrite
   */
  readonly rewrite?: HttpRewrite;
  /**
   * Total timeout of the request.
   * @default - no timeout (Istio's default)
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
   */
  readonly timeout?: Duration;
  /**
   * Retry policy.
   * @default - Istio's default retries
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
   */
  readonly retries?: HttpRetryPolicy;
  /**
   * Fault injection.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPFaultInjection
   */
  readonly fault?: HttpFault;
  /**
   * Mirror (shadow) traffic to this destination as well.
   * @default - no mirroring
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMirrorPolicy
   */
  readonly mirror?: Destination;
  /**
   * Percentage of traffic mirrored.
   * @default 100
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
   */
  readonly mirrorPercentage?: number;
  /**
   * Changes to request headers.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Headers
   */
  readonly requestHeaders?: HeaderOperations;
  /**
   * Changes to response headers.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Headers
   */
  readonly responseHeaders?: HeaderOperations;
  /**
   * CORS policy.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#CorsPolicy
   */
  readonly cors?: CorsPolicy;
}

/** Renders Istio's `HTTPRoute`, checking every value; `where` names the rule for errors. */
export function renderHttpRule(rule: HttpRuleOptions, where: string): Record<string, unknown> {
  if (!rule || !(rule.action instanceof HttpAction)) {
    throw new IstioTrafficError(ErrorCodes.RULE_ACTION, where, 'a rule needs an action', rule?.action,
      'set action: HttpAction.to(service.subset("v1")), HttpAction.split([...]), HttpAction.redirect({...}) or HttpAction.respond(404)');
  }
  const spec: Record<string, unknown> = {};
  if (rule.name !== undefined) spec.name = rule.name;
  if (rule.matches && rule.matches.length > 0) spec.match = rule.matches.map((m, i) => renderHttpMatch(m, `${where}.matches[${i}]`));
  Object.assign(spec, rule.action.bind(where));
  const routes = rule.action.kind === 'route';
  if (rule.rewrite) {
    if (!routes) throw conflict(where, 'rewrite', rule.action.kind);
    spec.rewrite = renderRewrite(rule.rewrite, `${where}.rewrite`);
  }
  if (rule.timeout) spec.timeout = renderDuration(rule.timeout, `${where}.timeout`, 'timeout');
  if (rule.retries) spec.retries = renderRetries(rule.retries, `${where}.retries`);
  if (rule.fault) {
    // istiod rejects a fault on a rule that ends at the proxy (redirect or direct response).
    if (!routes) throw conflict(where, 'fault', rule.action.kind);
    spec.fault = rule.fault.bind(`${where}.fault`);
  }
  if (rule.mirror) {
    if (!routes) throw conflict(where, 'mirror', rule.action.kind);
    spec.mirror = rule.mirror.bind(`${where}.mirror`);
    if (rule.mirrorPercentage !== undefined) {
      validateRange(rule.mirrorPercentage, 0, 100, `${where}.mirrorPercentage`, 'mirror percentage');
      spec.mirrorPercentage = { value: rule.mirrorPercentage };
    }
  }
  const headers: Record<string, unknown> = {};
  const request = rule.requestHeaders && renderHeaderOperations(rule.requestHeaders, `${where}.requestHeaders`);
  const response = rule.responseHeaders && renderHeaderOperations(rule.responseHeaders, `${where}.responseHeaders`);
  if (request) headers.request = request;
  if (response) headers.response = response;
  if (Object.keys(headers).length > 0) spec.headers = headers;
  if (rule.cors) spec.corsPolicy = renderCors(rule.cors, `${where}.cors`);
  return spec;
}

function conflict(where: string, option: string, action: string): IstioTrafficError {
  return new IstioTrafficError(ErrorCodes.CONFLICT, where, `${option} only applies to rules that route to destinations`, action,
    `drop ${option}, or use HttpAction.to()/split()`);
}
