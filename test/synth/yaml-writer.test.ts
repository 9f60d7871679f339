/**
 * The fast YAML writer writes exactly what cdk8s's Yaml.stringify writes: on random documents
 * full of YAML's traps (1.1 booleans, numbers in strings, indicators, markers, unicode…), and on
 * every manifest of the examples — where it must not fall back to the library, or MeshApp would
 * not be fast.
 */
import * as fc from 'fast-check';
import { Testing, Yaml } from 'cdk8s';
import { stringifyDocs, writeDoc } from '../../src/synth/yaml-writer';
import { buildExample, EXAMPLES } from '../support/examples';

const TRAPS = [
  'yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'NO', 'True', 'FALSE', 'null', 'Null', '~', '', ' ', '  lead', 'trail ',
  '1', '0', '-1', '+1', '007', '0x1f', '0o17', '0b101', '1_000', '1e3', '1.5', '.5', '.inf', '-.inf', '.nan', 'NaN', 'Infinity',
   'e5', 'E0', 'e-3', 'E+2', '12:30', '190:20:30', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '100m', '128Mi', '2', '15021',
  '-', '- x', '-x', '?', '? x', ':', ': x', 'a: b', 'a:b', 'x:', 'x::', 'a:b:', 'img:1.0', 'a:-', 'a::b', 'a #b', 'a#b', '#c', '*a', '&a', '!t', '|', '>', '%x', '@a', '`a',
  '"q"', "'q'", "it's", 'x,y', '[a]', '{a}', '<<', '=', 'café', 'ünï', '日本', 'a\nb', 'a\n', '\tx', '---', '---x', '...', 'a ---',
  'app.kubernetes.io/managed-by', 'inject.istio.io/templates', '^(.*?;\\s*)?(user=jason)(;.*)?$', 'http-80', 'v1', 'Deployment',
];

const scalar = fc.oneof(
  fc.constantFrom(...TRAPS),
  fc.string({ maxLength: 6 }),
  fc.string({ maxLength: 4, unit: 'binary' }), // control characters, U+2028, astral planes…
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.\/:-]{0,8}$/),
  fc.integer({ min: -100000, max: 100000 }),
  fc.constantFrom(0.5, -0, 1e21, 3.0, Number.MAX_SAFE_INTEGER + 2),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.oneof(fc.constantFrom(...TRAPS), fc.string({ maxLength: 5 }), fc.string({ maxLength: 3, unit: 'binary' }), fc.stringMatching(/^[a-z][a-zA-Z0-9.\/:-]{0,8}$/));

const { doc } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('seq')),
  map: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  seq: fc.array(tie('value'), { maxLength: 4 }),
  doc: fc.dictionary(key, tie('value'), { maxKeys: 6 }),
}));

describe('yaml writer', () => {
  test('writes random documents exactly as Yaml.stringify does (or leaves them to it)', () => {
    fc.assert(fc.property(doc, (d) => {
      const fast = writeDoc(d);
      if (fast !== undefined) expect(fast).toBe(Yaml.stringify(d));
    }), { numRuns: Number(process.env.FUZZ_RUNS ?? 3000) });
  });

  test('stringifyDocs equals Yaml.stringify for whole files, undefined documents included', () => {
    fc.assert(fc.property(fc.array(fc.option(doc, { nil: undefined }), { maxLength: 4 }), (docs) => {
      expect(stringifyDocs(docs)).toBe(Yaml.stringify(...docs));
    }), { numRuns: 500 });
  });

  test('the random documents do reach the fast path (the property is not vacuous)', () => {
    const docs = fc.sample(doc, { numRuns: 500, seed: 42 });
    expect(docs.filter((d) => writeDoc(d) !== undefined).length).toBeGreaterThan(100);
  });

  test('objects met twice (YAML anchors) and non-plain values are left to the library', () => {
    const shared = { a: 1 };
    expect(writeDoc({ x: shared, y: shared })).toBeUndefined();
    expect(writeDoc({ when: new Date(0) })).toBeUndefined();
    expect(writeDoc({ gone: undefined })).toBeUndefined();
    expect(writeDoc({ text: 'two\nlines' })).toBeUndefined();
    expect(stringifyDocs([{ x: shared, y: shared }])).toBe(Yaml.stringify({ x: shared, y: shared }));
  });

  test.each(Object.keys(EXAMPLES))('every manifest of example %s takes the fast path, identically', (name) => {
    const app = buildExample(name);
    for (const chart of app.charts) {
      for (const manifest of Testing.synth(chart)) {
        expect(writeDoc(manifest)).toBe(Yaml.stringify(manifest));
      }
    }
  });
});
