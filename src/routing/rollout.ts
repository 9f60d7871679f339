/**
 * A gradual rollout from one subset to another (seed 001): steps such as 10, 25, 50, 100 give
 * one route state each; the current step is chosen by a prop, so moving on is a one-line change.
 */
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { Destination, WeightedDestination } from './destination';
import { HttpAction } from './http-action';

/** The two versions of a rollout and its steps. */
export interface RolloutOptions {
  /**
   * The version receiving traffic today.
   * @see https://istio.io/latest/docs/concepts/traffic-management/#routing-versions
   */
  readonly from: Destination;
  /**
   * The version being rolled out.
   * @see https://istio.io/latest/docs/concepts/traffic-management/#routing-versions
   */
  readonly to: Destination;
  /**
   * Percentages sent to `to` at each step, strictly increasing, each 1–100.
   * @default [10, 25, 50, 100]
   * @see https://istio.io/latest/docs/tasks/traffic-management/traffic-shifting/
   */
  readonly steps?: number[];
}

/** A gradual rollout: one split per step. */
export class Rollout {
  /** Percentages sent to the new version at each step. */
  public readonly steps: number[];

  constructor(private readonly options: RolloutOptions) {
    this.steps = options.steps ?? [10, 25, 50, 100];
    const where = 'Rollout.steps';
    if (this.steps.length === 0) {
      throw new IstioTrafficError(ErrorCodes.WEIGHTS, where, 'a rollout needs at least one step', this.steps, 'give steps such as [10, 25, 50, 100]');
    }
    this.steps.forEach((step, i) => {
      if (!Number.isInteger(step) || step < 1 || step > 100 || (i > 0 && step <= this.steps[i - 1])) {
        throw new IstioTrafficError(ErrorCodes.WEIGHTS, `${where}[${i}]`, 'steps must be strictly increasing integer percentages from 1 to 100', this.steps,
          'use steps such as [10, 25, 50, 100]');
      }
    });
  }

  /** The split at step `index` (0-based): `to` gets `steps[index]` %, `from` the rest. */
  public splitAt(index: number): WeightedDestination[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.steps.length) {
      throw new IstioTrafficError(ErrorCodes.RANGE, 'Rollout.splitAt', `step must be 0 to ${this.steps.length - 1}`, index, `choose one of the ${this.steps.length} steps`);
    }
    const share = this.steps[index];
    if (share === 100) return [{ destination: this.options.to, weight: 100 }];
    return [{ destination: this.options.from, weight: 100 - share }, { destination: this.options.to, weight: share }];
  }

  /** The rule action at step `index`. */
  public actionAt(index: number): HttpAction {
    return HttpAction.split(this.splitAt(index));
  }
}
