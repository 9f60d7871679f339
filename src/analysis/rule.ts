/**
 * A rule is a small object with a code and a `run` over the whole model, so rules can be listed,
 * documented (`explain`) and tested one by one.
 */
import { MeshModel } from '../model';
import { Finding } from './finding';

export interface Rule {
  /** The code(s) the rule reports, e.g. `IST0101` or `IST0128/IST0129`. */
  readonly code: string;
  /** One line: what the rule looks for. */
  readonly description: string;
  run(model: MeshModel): Finding[];
}
