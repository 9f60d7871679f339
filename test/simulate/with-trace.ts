/**
 * Runs a test's expectations on an explanation and, when one fails, appends the whole trace to
 * the failure message (what a person reads first).
 */
import { Explanation, formatExplanation } from '../../src/simulate';

export function expectWithTrace(result: Explanation, check: () => void): void {
  try {
    check();
  } catch (error) {
    (error as Error).message += `\n\ntrace:\n${formatExplanation(result)}`;
    throw error;
  }
}
