/**
 * Jest matchers for routing assertions in cdk8s chart tests.
 *
 *   import { istioMatchers } from 'cdk8s-istio-traffic/lib/src/testing';
 *   expect.extend(istioMatchers);
 */
import type { ExpectedDestination, ExpectedShare } from './matchers';
import type { ExplainRequest } from '../simulate/types';

export { istioMatchers, meshModelOf } from './matchers';
export type { ExpectedDestination, ExpectedShare, MatcherResult, MatcherThis } from './matchers';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // Same type parameters as @types/jest's declaration, as declaration merging requires.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = {}> {
      /** The request is routed, 100% of it, to `destination` (host FQDN, optional subset and port). */
      toRoute(request: ExplainRequest, destination: ExpectedDestination): R;
      /** The request is split exactly as given: `[[destination, 0.9], [destination, 0.1]]`, nothing else. */
      toSplit(request: ExplainRequest, shares: readonly ExpectedShare[]): R;
      /** The proxy answers itself with `status`: redirect, direct response, fault abort, 404 or 502. */
      toRespond(request: ExplainRequest, status: number): R;
    }
  }
}
