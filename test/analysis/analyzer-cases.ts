/**
 * Analyzer tables in Istio's test shape (analyzers_test.go testGrid, validation tests'
 * `{ name, in, valid }`): each case is a set of manifests and whether the code stays silent.
 */
import { MeshEnvironment } from '../../src/model';
import { findingsOf, withCode } from './helpers';

export interface AnalyzerCase {
  readonly name: string;
  /** The manifests, as one multi-document YAML string. */
  readonly in: string;
  /** True when the code must not be reported. */
  readonly valid: boolean;
  /**
   * Part of the message that identifies the finding under test. Codes such as IST0101 come from
   * several checks; a valid case then only requires no finding containing this text.
   */
  readonly says?: string;
  readonly environment?: MeshEnvironment;
}

/** One `it` per case: invalid cases must report `code` (with `says`), valid ones must not. */
export function itReports(code: string, cases: readonly AnalyzerCase[]): void {
  it.each(cases)('$name', (c) => {
    const messages = withCode(findingsOf(c.in, c.environment), code).map((f) => f.message);
    const relevant = c.says === undefined ? messages : messages.filter((m) => m.includes(c.says!));
    if (c.valid) {
      expect(relevant).toEqual([]);
    } else {
      expect(relevant.length).toBeGreaterThan(0);
      expect(relevant.every((m) => m.includes(' Fix: '))).toBe(true);
    }
  });
}

/** A YAML document separator followed by one object. */
export function doc(yaml: string): string {
  return `\n---\n${yaml.trim()}\n`;
}
