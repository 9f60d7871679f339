/**
 * The CEL environment the API-server layer evaluates CRD rules in: @bufbuild/cel's standard library plus
 * the Kubernetes extensions the Istio and Gateway API bundles' rules actually call, with the standard functions
 * whose @bufbuild/cel behaviour differs from cel-go (which the API server runs) overridden:
 *
 *  - `duration(string)`: Go `time.ParseDuration`; @bufbuild/cel parses "" and "-" as 0s.
 *  - `int(string)`: Go `strconv.ParseInt(s, 10, 64)`; @bufbuild/cel uses JS `BigInt()`, which
 *    accepts " 80", "" (as 0) and "0x50".
 *  - `string.substring(int[, int])`: cel-go ext strings counts code points; @bufbuild/cel counts
 *    UTF-16 units.
 *  - `isURL(string)`, `url(string)`, `<URL>.getScheme()`: Kubernetes' URL library (urls.go),
 *    absent from @bufbuild/cel. A URL value is a branded CEL map (@bufbuild/cel has no opaque
 *    object types without protobuf descriptors); the CRD rules only ever call getScheme() on it.
 *  - `string.matches(string)`: the same RE2 as @bufbuild/cel's (unanchored, Go syntax), on re2js
 *    as the schema's `pattern`s are, but each pattern compiled once: @bufbuild/cel compiles it on
 *    every call, and the Gateway API rules match every path, hostname and annotation key.
 *  - `isIP(string)`: Kubernetes' IP library (ip.go), absent from @bufbuild/cel (go-ip.ts).
 *  - `string.split(string)` comes from @bufbuild/cel's ext strings, as in cel-go's.
 *
 * `KUBERNETES_FUNCTIONS_USED` lists every function/operator the bundle's rules call; a test
 * checks it against the parsed rules so a new Istio release cannot slip an unsupported call in.
 */
import { celEnv, celFunc, celMap, celMethod, celType, CelScalar, isCelError, isCelMap, mapType, parse, plan, type CelEnv, type CelFunc, type CelValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { RE2JS } from 're2js';
import { isKubernetesIP } from './go-ip';
import { parseRequestUri } from './go-url';

const { INT, STRING, BOOL, DYN } = CelScalar;

/** The std `duration(string)`, used after Go's stricter syntax checks pass. */
const stdEnv = celEnv();
const stdDuration = plan(stdEnv, parse('duration(s)'));
function std(result: ReturnType<typeof stdDuration>): CelValue {
  if (isCelError(result)) throw result;
  return result;
}
const DURATION = celType(std(stdDuration({ s: '1s' })));

/** Parsed durations by text: manifests repeat a handful of values ("30s", "1ms" in every rule). */
const durations = new Map<string, CelValue>();
const MAX_CACHED_DURATIONS = 10_000;

/** time.ParseDuration rejects an empty string and a lone sign; the rest of its grammar matches. */
function goDuration(s: string): CelValue {
  const cached = durations.get(s);
  if (cached !== undefined) return cached;
  if (/^[+-]?$/.test(s)) throw new Error(`time: invalid duration "${s}"`);
  const d = std(stdDuration({ s }));
  if (durations.size < MAX_CACHED_DURATIONS) durations.set(s, d);
  return d;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** strconv.ParseInt(s, 10, 64): optional sign, decimal digits only, int64 range. */
function goParseInt(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new Error(`strconv.ParseInt: parsing "${s}": invalid syntax`);
  const v = BigInt(s);
  if (v < INT64_MIN || v > INT64_MAX) throw new Error(`strconv.ParseInt: parsing "${s}": value out of range`);
  return v;
}

/** cel-go ext strings `substring`, indexed by code point. */
function substring(this: string, start: bigint, end?: bigint): string {
  const runes = [...this];
  const i = Number(start);
  const j = end === undefined ? runes.length : Number(end);
  if (i < 0 || i > runes.length) throw new Error(`index out of range: ${i}`);
  if (j < 0 || j > runes.length) throw new Error(`index out of range: ${j}`);
  if (i > j) throw new Error(`invalid substring range. start: ${i}, end: ${j}`);
  return runes.slice(i, j).join('');
}

/** Compiled patterns by text: the rules' patterns are constants, so the table stays small. */
const regexes = new Map<string, RE2JS>();
const MAX_CACHED_REGEXES = 1_000;
/** cel-go `matches`: RE2, unanchored (regexp.MatchString). */
function matches(this: string, pattern: string): boolean {
  let re = regexes.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern);
    if (regexes.size < MAX_CACHED_REGEXES) regexes.set(pattern, re);
  }
  return re.test(this);
}

const URL_BRAND = '\u0000kubernetes.URL';
const URL_TYPE = mapType(DYN, DYN);
function toUrl(s: string) {
  let scheme: string;
  try {
    scheme = parseRequestUri(s).scheme;
  } catch (e) {
    throw new Error(`URL parse error during conversion from string: ${(e as Error).message}`);
  }
  return celMap(new Map<string, string>([[URL_BRAND, 'URL'], ['scheme', scheme]]));
}
function urlField(target: unknown, field: string): string {
  if (!isCelMap(target) || target.get(URL_BRAND) !== 'URL') throw new Error(`no such overload: ${field}`);
  return target.get(field) as string;
}

export const KUBERNETES_EXTENSIONS: CelFunc[] = [
  ...strings,
  celFunc('duration', [STRING], DURATION, goDuration),
  celFunc('int', [STRING], INT, goParseInt),
  celMethod('matches', STRING, [STRING], BOOL, matches),
  celMethod('substring', STRING, [INT], STRING, substring),
  celMethod('substring', STRING, [INT, INT], STRING, substring),
  celFunc('isURL', [STRING], BOOL, (s) => {
    try { parseRequestUri(s); return true; } catch { return false; }
  }),
  celFunc('url', [STRING], URL_TYPE, toUrl),
  celMethod('getScheme', URL_TYPE, [], STRING, function () { return urlField(this, 'scheme'); }),
  celFunc('isIP', [STRING], BOOL, isKubernetesIP),
];

/**
 * Every function the Istio 1.30.3 rules call (operators and macro internals included), all of
 * which the environment above provides; see cel-env.test.ts.
 */
export const KUBERNETES_FUNCTIONS_USED = [
  '!_', '_!=_', '_&&_', '_+_', '_<=_', '_<_', '_==_', '_>=_', '_>_', '_?_:_', '_||_', '@in', '@not_strictly_false',
  'contains', 'duration', 'endsWith', 'getScheme', 'int', 'isURL', 'matches', 'size', 'startsWith', 'substring', 'url',
];

/**
 * Every function the Gateway API v1.5.1 standard rules call (create rules and the one
 * transition rule, `self == oldSelf`), all provided above; see cel-env.test.ts.
 */
export const GATEWAY_API_FUNCTIONS_USED = [
  '!_', '@in', '@not_strictly_false', '_!=_', '_&&_', '_+_', '_<=_', '_<_', '_==_', '_>_', '_?_:_', '_[_]', '_||_',
  'contains', 'duration', 'endsWith', 'isIP', 'matches', 'size', 'split', 'startsWith', 'substring',
];

let env: CelEnv | undefined;
/** One shared environment: building the resolver is not free, and it is immutable. */
export function kubernetesCelEnv(): CelEnv {
  return (env ??= celEnv({ funcs: KUBERNETES_EXTENSIONS }));
}
