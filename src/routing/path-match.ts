/**
 * Matching the request path (without its query string).
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
 */
import { StringMatchSpec } from './string-match';
import { validatePath, validateRe2 } from './validate';

/** How the request path is matched. */
export class PathMatch {
  /** The path equals `path`. */
  public static exactly(path: string): PathMatch {
    return new PathMatch({ exact: path });
  }

  /**
   * The path starts with `prefix`, compared as a plain string: `startsWith('/v1')` also matches
   * `/v1x`. End the prefix with `/` to match a path segment.
   */
  public static startsWith(prefix: string): PathMatch {
    return new PathMatch({ prefix });
  }

  /** The whole path matches the RE2 `pattern`. */
  public static regex(pattern: string): PathMatch {
    return new PathMatch({ regex: pattern });
  }

  private constructor(private readonly spec: StringMatchSpec) {}

  /** Whether this is a prefix match (rewrites then replace only the prefix). */
  public get isPrefix(): boolean {
    return this.spec.prefix !== undefined;
  }

  /**
   * Renders the `uri` fragment, checking it first.
   * @internal used by the constructs while rendering; not for users (kept public for them)
   */
  public bind(where: string): StringMatchSpec {
    if (this.spec.regex !== undefined) validateRe2(this.spec.regex, where);
    else validatePath((this.spec.exact ?? this.spec.prefix) as string, where, 'URI match');
    return { ...this.spec };
  }
}
