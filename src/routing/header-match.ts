/**
 * Matching request headers, including the cookie idiom.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
 */
import { RE2JS } from 're2js';
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { StringMatch, StringMatchSpec } from './string-match';
import { validateHeaderName } from './validate';

/** A rendered header condition: the header name and its `StringMatch` (`{}` = present). */
export interface HeaderMatchSpec {
  /** Header name, lowercase. */
  readonly name: string;
  /** The comparison (`{}` = present). */
  readonly match: StringMatchSpec;
}

/** A condition on one request header (or one cookie). */
export class HeaderMatch {
  /** The header equals `value`. */
  public static valueIs(name: string, value: string): HeaderMatch {
    return new HeaderMatch(name, StringMatch.exactly(value));
  }

  /** The header starts with `prefix` (must be non-empty: Istio rejects an empty header prefix). */
  public static valueStartsWith(name: string, prefix: string): HeaderMatch {
    return new HeaderMatch(name, StringMatch.startsWith(prefix), prefix);
  }

  /** The whole header value matches the RE2 `pattern`. */
  public static valueMatchesRegex(name: string, pattern: string): HeaderMatch {
    return new HeaderMatch(name, StringMatch.regex(pattern));
  }

  /** The header is present, whatever its value. */
  public static isPresent(name: string): HeaderMatch {
    return new HeaderMatch(name, undefined);
  }

  /**
   * The `cookie` header carries `name=value` as one of its cookies. Builds the RE2 idiom
   * `^(.*?;\s*)?(name=value)(;.*)?$` with both parts quoted. Unlike the bookinfo sample's
   * `^(.*?;)?(user=jason)(;.*)?$`, it allows the space browsers put after `;`
   * (`foo=1; user=jason`), which the sample's regex does not match.
   */
  public static cookieIs(name: string, value: string): HeaderMatch {
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name ?? '')) {
      throw new IstioTrafficError(ErrorCodes.HEADER_NAME, 'HeaderMatch.cookieIs', 'cookie name is not a token', name, 'use letters, digits and -_. in cookie names');
    }
    const pair = RE2JS.quote(`${name}=${value}`);
    return new HeaderMatch('cookie', StringMatch.regex(`^(.*?;\\s*)?(${pair})(;.*)?$`));
  }

  private constructor(
    private readonly name: string,
    private readonly match: StringMatch | undefined,
    private readonly prefix?: string,
  ) {}

  /**
   * Renders the header name and its match, checking them first.
   * @internal used by the constructs while rendering; not for users (kept public for them)
   */
  public bind(where: string): HeaderMatchSpec {
    validateHeaderName(this.name, where);
    if (this.prefix !== undefined && this.prefix === '') {
      throw new IstioTrafficError(ErrorCodes.RANGE, where, `header "${this.name}" prefix is empty`, this.prefix, 'use HeaderMatch.isPresent() to match any value');
    }
    return { name: this.name.toLowerCase(), match: this.match ? this.match.bind(where) : {} };
  }
}
