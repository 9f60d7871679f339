/**
 * Jest matchers for routing assertions in cdk8s chart tests.
 *
 *   import { istioMatchers } from 'cdk8s-istio-traffic/testing';
 *   expect.extend(istioMatchers);
 */
import type { ExpectedDestination, ExpectedShare } from './matchers';
import type { TestRequest } from './sources';

export { istioMatchers, meshModelOf } from './matchers';
export { expectRoutingFile, testRoutingFile } from './routing-file';
export type { TestCaseResult, TestRunReport, RequestResult, RoutingTestCase } from './runner';
export type { ExpectedDestination, ExpectedShare, MatcherResult, MatcherThis } from './matchers';
export type { TestRequest, TestSource } from './sources';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // Same type parameters as @types/jest's declaration, as declaration merging requires.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = {}> {
      /**
       * The request is routed, 100% of it, to `destination` (host FQDN, optional subset and port),
       * and no proxy on the way refuses it (AuthorizationPolicy, mTLS).
       */
      toRoute(request: TestRequest, destination: ExpectedDestination): R;
      /** The request is split exactly as given: `[[destination, 0.9], [destination, 0.1]]`, nothing else, and allowed everywhere. */
      toSplit(request: TestRequest, shares: readonly ExpectedShare[]): R;
      /** The proxy answers itself with `status`: redirect, direct response, fault abort, 404, 502, 403 (denied) or 503 (reset). */
      toRespond(request: TestRequest, status: number): R;
      /** No proxy on the way refuses the request: no AuthorizationPolicy denies it, no mTLS reset. */
      toBeAllowed(request: TestRequest): R;
      /** A proxy refuses the request (403, or a reset for mTLS); with `policy` (`ns/name`), that policy decided. */
      toBeDenied(request: TestRequest, policy?: string): R;
    }
  }
}
