/**
 * Jest matchers that assert routing from a team's chart tests:
 *
 *   expect.extend(istioMatchers);
 *   expect(chart).toRoute({ from: { gateway: 'shop/public' }, host: 'shop.example.com', path: '/cart' },
 *                         { host: 'cart.shop.svc.cluster.local', subset: 'v2' });
 *
 * The subject is what cdk8s tests have at hand: an App or Chart, the manifest array from
 * `Testing.synth(chart)`, or a MeshModel (to choose the environment, e.g. REGISTRY_ONLY).
 * Every failure message carries the formatted trace, so the reader sees where the request went.
 */
import { MeshModel } from '../model/mesh-model';
import { CLUSTER_DOMAIN } from '../model/hosts';
import { explain, Explanation, ExplainRequest, formatExplanation } from '../simulate';
import { isWorkloadSource } from '../simulate/request';
import { requestOf, TestRequest } from './sources';
import { withVersionsAsSubsets } from './version-services';

/** A destination as the constructs describe one (`service.subset('v2')` has this shape). */
export interface ExpectedDestination {
  /** FQDN (`cart.shop.svc.cluster.local`), or a short name when the request comes from a workload (resolved in its namespace). */
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
}

/** `[destination, share]`, share in [0, 1]. */
export type ExpectedShare = readonly [ExpectedDestination, number];

/** What `this` offers inside a matcher (a subset of jest's MatcherContext, so no jest types are needed). */
export interface MatcherThis {
  readonly isNot?: boolean;
}

export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/** Shares closer than this are equal (weights divide into binary fractions inexactly). */
const SHARE_TOLERANCE = 1e-9;

/** Builds the model the matchers read from a cdk8s App/Chart, a manifest array or a MeshModel. */
export function meshModelOf(subject: unknown): MeshModel {
  if (subject instanceof MeshModel) return subject;
  if (Array.isArray(subject)) return MeshModel.fromObjects(subject);
  const scope = subject as any;
  if (scope && (Array.isArray(scope.charts) || typeof scope.toJson === 'function')) return MeshModel.fromApp(scope);
  throw new TypeError(`expected a cdk8s App or Chart, a manifest array (Testing.synth(chart)) or a MeshModel, got ${describe(subject)}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'object';
}

/** The expected host as the trace writes it: short names from a workload resolve in its namespace. */
function expectedHost(request: ExplainRequest, destination: ExpectedDestination): string {
  const host = destination.host.toLowerCase();
  if (host.includes('.') || host === '*') return host;
  if (isWorkloadSource(request.from)) return `${host}.${request.from.namespace}.${CLUSTER_DOMAIN}`;
  throw new TypeError(`destination host "${destination.host}" is a short name; from a gateway write the FQDN, e.g. "${host}.<namespace>.${CLUSTER_DOMAIN}"`);
}

function matchesDestination(actual: Explanation['destinations'][number], host: string, expected: ExpectedDestination): boolean {
  return actual.host === host
    && (expected.subset === undefined || actual.subset === expected.subset)
    && (expected.port === undefined || actual.port === expected.port);
}

function showDestination(d: ExpectedDestination): string {
  return `${d.host}${d.port !== undefined ? `:${d.port}` : ''}${d.subset ? ` subset ${d.subset}` : ''}`;
}

function showRequest(r: ExplainRequest): string {
  const from = isWorkloadSource(r.from) ? `workload in ${r.from.namespace}` : `gateway ${(r.from as { gateway: string }).gateway}`;
  return `${r.method ?? 'GET'} ${r.host}${r.path} from ${from}`;
}

function shareOf(result: Explanation, request: ExplainRequest, destination: ExpectedDestination): number {
  const host = expectedHost(request, destination);
  return result.destinations.filter((d) => matchesDestination(d, host, destination)).reduce((sum, d) => sum + d.share, 0);
}

/**
 * Explains a test request (its `from` may be text or a construct). The matchers compare
 * `result`'s destinations with a per-version Service read as its subset (the Gateway API form,
 * see version-services.ts); messages show the explanation as it is.
 */
function run(subject: unknown, written: TestRequest): { result: Explanation; explanation: Explanation; request: ExplainRequest } {
  const model = meshModelOf(subject);
  const request = requestOf(model, written);
  const explanation = explain(model, request);
  return { result: withVersionsAsSubsets(model, explanation), explanation, request };
}

/** `denied 403 by AuthorizationPolicy ns/name rules[0] at Deployment ns/x`, for failure messages. */
function outcomeText(result: Explanation): string {
  const status = result.status !== undefined ? ` ${result.status}` : '';
  const by = result.denial ? ` by ${result.denial.policy}${result.denial.rule !== undefined ? ` rules[${result.denial.rule}]` : ''} at ${result.denial.at}` : '';
  return `${result.outcome}${status}${by}`;
}

function toRoute(this: MatcherThis, subject: unknown, written: TestRequest, destination: ExpectedDestination): MatcherResult {
  const { result, explanation, request } = run(subject, written);
  const share = result.outcome === 'routed' ? shareOf(result, request, destination) : 0;
  const pass = Math.abs(share - 1) <= SHARE_TOLERANCE;
  return {
    pass,
    message: () => `${pass ? 'expected request NOT to be routed entirely to' : 'expected request to be routed entirely (100%) to'} ${showDestination(destination)}\n`
      + `request: ${showRequest(request)}\n`
      + (pass ? '' : `got ${result.outcome === 'routed' ? `${(share * 100).toFixed(1)}% there` : outcomeText(result)}\n`)
      + `\n${formatExplanation(explanation)}`,
  };
}

function toSplit(this: MatcherThis, subject: unknown, written: TestRequest, shares: readonly ExpectedShare[]): MatcherResult {
  const { result, explanation, request } = run(subject, written);
  const problems: string[] = [];
  if (result.outcome !== 'routed') problems.push(`outcome is ${outcomeText(result)}, not routed`);
  else {
    for (const [destination, expected] of shares) {
      const actual = shareOf(result, request, destination);
      if (Math.abs(actual - expected) > SHARE_TOLERANCE) problems.push(`${showDestination(destination)}: expected ${pct(expected)}, got ${pct(actual)}`);
    }
    const hosts = shares.map(([d]) => ({ host: expectedHost(request, d), d }));
    for (const actual of result.destinations) {
      if (!hosts.some(({ host, d }) => matchesDestination(actual, host, d))) {
        problems.push(`unexpected destination ${showDestination(actual)} takes ${pct(actual.share)}`);
      }
    }
  }
  const pass = problems.length === 0;
  return {
    pass,
    message: () => `${pass ? 'expected request NOT to split as' : 'expected request to split as'} ${shares.map(([d, s]) => `${showDestination(d)} ${pct(s)}`).join(', ')}\n`
      + `request: ${showRequest(request)}\n`
      + problems.map((p) => `  - ${p}\n`).join('')
      + `\n${formatExplanation(explanation)}`,
  };
}

function toRespond(this: MatcherThis, subject: unknown, written: TestRequest, status: number): MatcherResult {
  const { result, explanation, request } = run(subject, written);
  const pass = result.outcome !== 'routed' && result.status === status;
  return {
    pass,
    message: () => `${pass ? 'expected the proxy NOT to answer' : 'expected the proxy itself to answer'} ${status} (redirect, direct response, fault, 404 or 502)\n`
      + `request: ${showRequest(request)}\n`
      + (pass ? '' : `got ${result.outcome}${result.status !== undefined ? ` ${result.status}` : ''}\n`)
      + `\n${formatExplanation(explanation)}`,
  };
}

/** No proxy on the way refuses the request: no AuthorizationPolicy denial, no mTLS reset. */
function toBeAllowed(this: MatcherThis, subject: unknown, written: TestRequest): MatcherResult {
  const { result, explanation, request } = run(subject, written);
  const pass = result.outcome !== 'denied' && result.outcome !== 'reset';
  return {
    pass,
    message: () => `${pass ? 'expected request to be refused, but no proxy refuses it' : 'expected request to be allowed'}\n`
      + `request: ${showRequest(request)}\n`
      + (pass ? '' : `got ${outcomeText(result)}: ${result.denial?.reason ?? ''}\n`)
      + `\n${formatExplanation(explanation)}`,
  };
}

/**
 * Some proxy refuses the request (403 from an AuthorizationPolicy, or a reset for mTLS); with
 * `policy` (`ns/name`, or `no ALLOW policy matched`) that policy must be the one.
 */
function toBeDenied(this: MatcherThis, subject: unknown, written: TestRequest, policy?: string): MatcherResult {
  const { result, explanation, request } = run(subject, written);
  const refused = result.outcome === 'denied' || result.outcome === 'reset';
  const named = policy === undefined || (result.denial !== undefined
    && (result.denial.policy === policy || result.denial.policy.endsWith(` ${policy}`)));
  const pass = refused && named;
  return {
    pass,
    message: () => `${pass ? 'expected request NOT to be refused' : 'expected request to be refused'}${policy ? ` by ${policy}` : ''}\n`
      + `request: ${showRequest(request)}\n`
      + `got ${outcomeText(result)}\n`
      + `\n${formatExplanation(explanation)}`,
  };
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Pass to `expect.extend`. */
export const istioMatchers = { toRoute, toSplit, toRespond, toBeAllowed, toBeDenied };
