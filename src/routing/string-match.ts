/**
 * How a request attribute is compared: exactly, by prefix, or by an RE2 regex over the whole value.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#StringMatch
 */
import { validateRe2 } from './validate';

/** The rendered Istio `StringMatch` fragment. */
export interface StringMatchSpec {
  /** Equal to this. */
  readonly exact?: string;
  /** Starts with this. */
  readonly prefix?: string;
  /** Matches this RE2 regex, whole value. */
  readonly regex?: string;
}

/** How a request attribute is compared: exactly, by prefix, or by RE2 regex. */
export class StringMatch {
  /** Equal to `value`. */
  public static exactly(value: string): StringMatch {
    return new StringMatch({ exact: value });
  }

  /** Starts with `prefix` (a plain string prefix: `/v1` also matches `/v1x`). */
  public static startsWith(prefix: string): StringMatch {
    return new StringMatch({ prefix });
  }

  /** Matches the RE2 `pattern` over the WHOLE value (Envoy anchors it; no look-around). */
  public static regex(pattern: string): StringMatch {
    return new StringMatch({ regex: pattern });
  }

  private constructor(private readonly spec: StringMatchSpec) {}

  /**
   * Renders the fragment, checking a regex with RE2 first.
   * @internal used by the constructs while rendering; not for users (kept public for them)
   */
  public bind(where: string): StringMatchSpec {
    if (this.spec.regex !== undefined) validateRe2(this.spec.regex, where);
    return { ...this.spec };
  }
}
