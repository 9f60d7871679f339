/**
 * docs/codes.md documents every code the library can report or throw, under a stable anchor
 * (`#cit101`) that the validation plugin links to. A new code fails this test until it has an
 * entry: meaning, example and fix.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CODE_TITLES } from '../../src/analysis';
import { CLI_ERRORS } from '../../src/cli/explain-command';
import { ErrorCodes } from '../../src/codes';
import { INPUT_ERROR } from '../../src/model';
import { MESH_CONFIG_ERROR } from '../../src/model/mesh-config';
import { PLUGIN_PROPERTIES_ERROR } from '../../src/plugin/properties';
import { REQUEST_ERRORS } from '../../src/simulate/request';
import { TEST_FILE_ERROR } from '../../src/testing/runner';

const DOC = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'codes.md'), 'utf8');
/** Thrown by src/simulate/regex.ts for a pattern in the manifests that is not RE2; it has no named constant. */
const SIMULATOR_REGEX_ERROR = 'CIT230';
const ALL_CODES = [...new Set([
  ...Object.keys(CODE_TITLES), ...Object.values(ErrorCodes), ...Object.values(REQUEST_ERRORS), ...Object.values(CLI_ERRORS),
  SIMULATOR_REGEX_ERROR, INPUT_ERROR, MESH_CONFIG_ERROR, TEST_FILE_ERROR, PLUGIN_PROPERTIES_ERROR,
])].sort();

/** The entry under a code's anchor, up to the next anchor or section. */
function entryOf(code: string): string | undefined {
  const start = DOC.indexOf(`<a id="${code.toLowerCase()}"></a>`);
  if (start < 0) return undefined;
  const rest = DOC.slice(start + 1);
  const end = rest.search(/\n(<a id=|## |<!-- codes:)/);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('docs/codes.md', () => {
  it.each(ALL_CODES)('documents %s under its anchor with a heading, an explanation and a fix', (code) => {
    const entry = entryOf(code);
    expect(entry).toBeDefined();
    expect(entry).toMatch(new RegExp(`\\n### ${code}\\b`));
    expect(entry).toContain('Fix:');
    if (CODE_TITLES[code]) expect(entry).toContain(CODE_TITLES[code]);
  });

  it('documents only codes that exist, each once', () => {
    const anchors = [...DOC.matchAll(/<a id="([a-z]+\d+)"><\/a>/g)].map((m) => m[1].toUpperCase());
    expect(anchors.filter((code) => !ALL_CODES.includes(code))).toEqual([]);
    expect(new Set(anchors).size).toBe(anchors.length);
  });

});
