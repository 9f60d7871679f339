/**
 * Where each code is described: Istio's analysis reference for IST codes, the library's own
 * docs/codes.md anchor for CIT codes (and that anchor exists).
 */
import * as fs from 'fs';
import * as path from 'path';
import { codeReference, CODE_TITLES, CODES_DOC } from '../../src/analysis';

const CASES = [
  { name: 'Istio analyzer code', in: 'IST0101', out: 'https://istio.io/latest/docs/reference/config/analysis/ist0101/' },
  { name: 'Istio webhook code', in: 'IST0106', out: 'https://istio.io/latest/docs/reference/config/analysis/ist0106/' },
  { name: 'library check', in: 'CIT122', out: 'docs/codes.md#cit122' },
  { name: 'construct error', in: 'CIT001', out: 'docs/codes.md#cit001' },
];

describe('codeReference', () => {
  it.each(CASES)('$name $in → $out', ({ in: code, out }) => expect(codeReference(code)).toBe(out));

  it('every CIT code in CODE_TITLES links to an anchor that docs/codes.md has', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', CODES_DOC), 'utf8');
    for (const code of Object.keys(CODE_TITLES).filter((c) => c.startsWith('CIT'))) {
      expect(doc).toContain(`<a id="${codeReference(code).split('#')[1]}"></a>`);
    }
  });
});
