/**
 * Lets an `IstioTrafficError` thrown while an object is rendered reach the caller as itself.
 *
 * cdk8s's `ApiObject.toJson()` catches whatever a `Lazy` producer throws and re-throws a plain
 * `Error` carrying only the message, so the code, where, received and fix fields are lost. This
 * resolver resolves `Lazy` values exactly as cdk8s's LazyResolver does (it is placed before it,
 * through the public `AppProps.resolvers`), remembering such an error on the way; `unwrap()`
 * then throws the remembered error instead of cdk8s's wrapper.
 */
import { IResolver, Lazy, ResolutionContext } from 'cdk8s';
import { IstioTrafficError } from '../errors';

export class LazyErrorCapture implements IResolver {
  private captured?: IstioTrafficError;

  public resolve(context: ResolutionContext): void {
    if (!(context.value instanceof Lazy)) return;
    try {
      context.replaceValue(context.value.produce());
    } catch (e) {
      if (e instanceof IstioTrafficError && !this.captured) this.captured = e;
      throw e;
    }
  }

  /** Runs `render`; when it failed because a producer threw an IstioTrafficError, throws that. */
  public unwrap<T>(render: () => T): T {
    this.captured = undefined;
    try {
      return render();
    } catch (e) {
      throw this.captured ?? e;
    } finally {
      this.captured = undefined;
    }
  }
}
