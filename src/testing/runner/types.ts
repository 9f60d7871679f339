/**
 * The shapes of the routing test runner: a test as read from a file (either format), the
 * requests it expands into, and what running it found.
 */
import { ExplainRequest, Explanation } from '../../simulate/types';

/** Which file format a test was written in. */
export type TestFormat = 'istio-config-validator' | 'native';

/** What istio-config-validator asserts: fields of the rule that matched (a VirtualService's `http[]` entry). */
export interface RuleExpectation {
  /** `route` (HTTPRouteDestination[]): destinations of the matched rule. */
  readonly route?: readonly any[];
  readonly rewrite?: any;
  readonly redirect?: any;
  readonly fault?: any;
  readonly headers?: any;
  readonly delegate?: any;
}

/** One expected destination of the native format; `weight` in percent, as a VirtualService writes it. */
export interface NativeDestination {
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
  readonly weight?: number;
}

/** What the native format asserts: what the request ends up as, after every hop. */
export interface OutcomeExpectation {
  readonly outcome?: string;
  readonly status?: number;
  /** The whole split: every destination that receives a share, and nothing else. */
  readonly destinations?: readonly NativeDestination[];
  /** The path (with query) every destination receives. */
  readonly path?: string;
  /** The authority every destination receives. */
  readonly authority?: string;
  readonly location?: string;
  /** true: no proxy refuses it; false: some proxy does. */
  readonly allowed?: boolean;
  /** The refusing policy: `ns/name` of an AuthorizationPolicy (or PeerAuthentication), or `no ALLOW policy matched`. */
  readonly deniedBy?: string;
}

/** A test's request as written: each list multiplies the others. */
export interface RequestSpec {
  /** explain's `--from` syntax (`ns/gateway`, `ns:app=web`); undefined: the default source (see expand.ts). */
  readonly from?: readonly string[];
  readonly authority: readonly string[];
  readonly method: readonly string[];
  /** Paths, may carry `?query`. */
  readonly uri: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly cookies?: Readonly<Record<string, string>>;
  readonly scheme?: string;
  readonly port?: number;
}

/** A test case as read, with where it is written. */
export interface RoutingTestCase {
  readonly format: TestFormat;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** The request lists the case expands into (their cross product). */
  readonly request: RequestSpec;
  /** istio-config-validator: `wantMatch` (pass when the expectations hold = wantMatch). Native: always true. */
  readonly wantMatch: boolean;
  readonly rule?: RuleExpectation;
  readonly expect?: OutcomeExpectation;
}

/** One expanded request of a case, run. */
export interface RequestResult {
  readonly request: ExplainRequest;
  readonly passed: boolean;
  /** Why it failed (empty when it passed): expected versus got, one line each. */
  readonly problems: readonly string[];
  readonly explanation: Explanation;
}

export interface TestCaseResult {
  readonly test: RoutingTestCase;
  readonly passed: boolean;
  readonly results: readonly RequestResult[];
}

export interface TestRunReport {
  readonly cases: readonly TestCaseResult[];
  readonly passed: number;
  readonly failed: number;
  /** Expanded requests run. */
  readonly requests: number;
}
