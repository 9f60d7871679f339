/**
 * Matching query parameters.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
 */
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { StringMatch, StringMatchSpec } from './string-match';

/** A rendered query parameter condition. */
export interface QueryParameterMatchSpec {
  /** Parameter name. */
  readonly name: string;
  /** The comparison (`{}` = present). */
  readonly match: StringMatchSpec;
}

/** A condition on one query parameter. */
export class QueryParameterMatch {
  /** The parameter equals `value`. */
  public static valueIs(name: string, value: string): QueryParameterMatch {
    return new QueryParameterMatch(name, StringMatch.exactly(value));
  }

  /** The parameter starts with `prefix`. */
  public static valueStartsWith(name: string, prefix: string): QueryParameterMatch {
    return new QueryParameterMatch(name, StringMatch.startsWith(prefix));
  }

  /** The whole parameter value matches the RE2 `pattern`. */
  public static valueMatchesRegex(name: string, pattern: string): QueryParameterMatch {
    return new QueryParameterMatch(name, StringMatch.regex(pattern));
  }

  /** The parameter is present. */
  public static isPresent(name: string): QueryParameterMatch {
    return new QueryParameterMatch(name, undefined);
  }

  private constructor(private readonly name: string, private readonly match: StringMatch | undefined) {}

  /**
   * Renders the parameter name and its match, checking them first.
   * @internal used by the constructs while rendering; not for users (kept public for them)
   */
  public bind(where: string): QueryParameterMatchSpec {
    if (typeof this.name !== 'string' || this.name === '') {
      throw new IstioTrafficError(ErrorCodes.HEADER_NAME, where, 'query parameter name is empty', this.name, 'name the parameter');
    }
    return { name: this.name, match: this.match ? this.match.bind(where) : {} };
  }
}
