/**
 * Reading routing test files. Two formats, told apart by their top-level key:
 * - `testCases:` — GetYourGuide's istio-config-validator (internal/pkg/parser/testcase.go
 *   TestCaseYAML). That tool decodes YAML through encoding/json, so keys match
 *   case-insensitively (`TestCases`, `wantmatch`) and an omitted `wantMatch` is `false`.
 * - `tests:` — this library's own format, for what that tool cannot say (source, scheme, port,
 *   outcome, shares, rewritten path, redirect location, authorization).
 * Anything else, and any unknown or mistyped field, is a `CIT902` error at `file:line`.
 */
import * as fs from 'fs';
import { LineCounter, parseAllDocuments } from 'yaml';
import { IstioTrafficError } from '../../errors';
import { fieldLine, rememberYamlNode } from '../../model/field-lines';
import { expandPaths } from '../../model/load';
import { NativeDestination, OutcomeExpectation, RequestSpec, RoutingTestCase, RuleExpectation } from './types';

/** Error code for a routing test file that cannot be used. */
export const TEST_FILE_ERROR = 'CIT902';

/** Where a value is written: the document's object (for fieldLine) and the field path in it. */
interface At {
  readonly file: string;
  readonly root: object;
  readonly path: string;
}

const child = (at: At, key: string | number): At => ({ ...at, path: typeof key === 'number' ? `${at.path}[${key}]` : at.path === '' ? key : `${at.path}.${key}` });
const lineOf = (at: At): number => fieldLine(at.root, at.path) ?? 1;

function fail(at: At, problem: string, received: unknown, fix: string): never {
  throw new IstioTrafficError(TEST_FILE_ERROR, `${at.file}:${lineOf(at)}`, `${at.path || 'document'}: ${problem}`, received, fix);
}

/** Reads every test file under `inputs` (files or folders, `.yaml`/`.yml`/`.json`); throws CIT902 when they hold no test case. */
export function readTestFiles(inputs: readonly string[]): RoutingTestCase[] {
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new IstioTrafficError(TEST_FILE_ERROR, input, 'no such test file or folder', input, 'pass existing routing test files or folders');
  }
  const cases = expandPaths(inputs).flatMap((file) => parseTestFile(fs.readFileSync(file, 'utf8'), file));
  // A run that tests nothing is a mistake (a wrong folder), not a pass.
  if (cases.length === 0) throw new IstioTrafficError(TEST_FILE_ERROR, inputs.join(' '), 'no test cases in these files', inputs, 'pass files with testCases: or tests: lists');
  return cases;
}

/** Parses one file's text (multi-document YAML, as istio-config-validator reads it). */
export function parseTestFile(text: string, file: string): RoutingTestCase[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: true });
  const cases: RoutingTestCase[] = [];
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    const error = document.errors[0];
    if (error) {
      throw new IstioTrafficError(TEST_FILE_ERROR, `${file}:${error.linePos?.[0]?.line ?? 1}`, `malformed YAML: ${error.message.split('\n')[0]}`, error.code,
        'correct the YAML syntax at that line');
    }
    const value = document.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new IstioTrafficError(TEST_FILE_ERROR, `${file}:1`, 'a test file is a mapping', value, 'start the file with testCases: (istio-config-validator) or tests: (native)');
    }
    rememberYamlNode(value, document.contents, lineCounter);
    const at: At = { file, root: value, path: '' };
    const icv = keyOf(value, 'testCases');
    if (icv !== undefined) {
      only(at, value, ['testCases'], true);
      cases.push(...list(child(at, icv), value[icv]).map(([item, itemAt]) => icvCase(item, itemAt)));
    } else if ('tests' in value) {
      only(at, value, ['tests'], false);
      cases.push(...list(child(at, 'tests'), value.tests).map(([item, itemAt]) => nativeCase(item, itemAt)));
    } else {
      fail(at, 'neither testCases (istio-config-validator) nor tests (native) at the top level', Object.keys(value),
        'put the test list under testCases: or tests:');
    }
  }
  return cases;
}

// ---- istio-config-validator (internal/pkg/parser/testcase.go TestCase, Request) ----

const ICV_CASE_FIELDS = ['description', 'request', 'route', 'redirect', 'rewrite', 'fault', 'headers', 'delegate', 'wantMatch'];
const ICV_REQUEST_FIELDS = ['authority', 'method', 'uri', 'headers', 'queryParams'];

function icvCase(item: unknown, at: At): RoutingTestCase {
  const map = mapping(at, item);
  only(at, map, ICV_CASE_FIELDS, true);
  const field = (name: string) => { const key = keyOf(map, name); return key === undefined ? undefined : { key, value: map[key], at: child(at, key) }; };
  const description = field('description');
  const request = field('request');
  if (!request) fail(at, 'a test case needs a request', undefined, 'add request: { authority: [...], method: [...], uri: [...] }');
  const wantMatch = field('wantMatch');
  if (wantMatch && typeof wantMatch.value !== 'boolean') fail(wantMatch.at, 'wantMatch is true or false', wantMatch.value, 'write wantMatch: true');
  const rule: Record<string, unknown> = {};
  for (const name of ['route', 'redirect', 'rewrite', 'fault', 'headers', 'delegate']) {
    const f = field(name);
    if (!f || f.value === null) continue;
    if (name === 'route' ? !Array.isArray(f.value) : typeof f.value !== 'object' || Array.isArray(f.value)) {
      fail(f.at, name === 'route' ? 'route is a list of HTTPRouteDestination' : `${name} is a mapping (VirtualService ${name} fields)`, f.value,
        name === 'route' ? 'write route: [{ destination: { host: ... } }]' : `write ${name} as in the VirtualService rule`);
    }
    if (name === 'route') (f.value as unknown[]).forEach((d, i) => routeDestination(child(f.at, i), d));
    rule[name] = f.value;
  }
  return {
    format: 'istio-config-validator',
    name: description ? text(description.at, description.value) : `test case at line ${lineOf(at)}`,
    file: at.file,
    line: lineOf(at),
    request: icvRequest(request.at, request.value),
    wantMatch: wantMatch?.value === true,
    rule: rule as RuleExpectation,
  };
}

function routeDestination(at: At, value: unknown): void {
  const map = mapping(at, value);
  only(at, map, ['destination', 'weight', 'headers'], true);
  const key = keyOf(map, 'destination');
  if (key === undefined) fail(at, 'a route entry needs a destination', value, 'write - destination: { host: svc.ns.svc.cluster.local }');
  const destination = mapping(child(at, key), map[key]);
  only(child(at, key), destination, ['host', 'subset', 'port'], true);
  if (typeof destination.host !== 'string' || destination.host === '') fail(child(child(at, key), 'host'), 'destination.host is a host name', destination.host, 'write host: svc.ns.svc.cluster.local');
}

function icvRequest(at: At, value: unknown): RequestSpec {
  const map = mapping(at, value);
  only(at, map, ICV_REQUEST_FIELDS, true);
  // testcase.go Request.Unfold: an empty authority, method or URI list is an error.
  const strings = (name: string): string[] => {
    const key = keyOf(map, name);
    const where = child(at, key ?? name);
    if (key === undefined || !Array.isArray(map[key]) || map[key].length === 0) {
      fail(key === undefined ? at : where, `${name} is a non-empty list of strings (istio-config-validator: "${name === 'uri' ? 'URI' : name} list is empty")`, key === undefined ? undefined : map[key],
        `write ${name}: [${name === 'authority' ? '"www.example.com"' : name === 'method' ? '"GET"' : '"/users"'}]`);
    }
    return (map[key] as unknown[]).map((v, i) => text(child(where, i), v));
  };
  const uris = strings('uri');
  uris.forEach((u, i) => { if (!u.startsWith('/')) fail(child(child(at, keyOf(map, 'uri')!), i), 'a uri is a path starting with "/"', u, `write "/${u}"`); });
  const headersKey = keyOf(map, 'headers');
  const queryKey = keyOf(map, 'queryParams');
  const query = queryKey === undefined ? '' : queryString(child(at, queryKey), map[queryKey]);
  return {
    authority: strings('authority'),
    method: strings('method'),
    uri: query === '' ? uris : uris.map((u) => `${u}${u.includes('?') ? '&' : '?'}${query}`),
    headers: headersKey === undefined ? undefined : stringMap(child(at, headersKey), map[headersKey]),
  };
}

/** Newer istio-config-validator versions take `queryParams` (a null value is an empty one). */
function queryString(at: At, value: unknown): string {
  if (value === null) return '';
  const map = mapping(at, value);
  return Object.keys(map).sort().map((name) => {
    const v = map[name] === null ? '' : text(child(at, name), map[name]);
    return `${encodeURIComponent(name)}=${encodeURIComponent(v)}`;
  }).join('&');
}

// ---- native format ----

const NATIVE_CASE_FIELDS = ['name', 'from', 'request', 'expect'];
const NATIVE_REQUEST_FIELDS = ['host', 'path', 'method', 'headers', 'cookies', 'scheme', 'port'];
const NATIVE_EXPECT_FIELDS = ['outcome', 'status', 'destinations', 'path', 'authority', 'location', 'allowed', 'deniedBy'];
const OUTCOMES = ['routed', 'no-virtual-host', 'no-route', 'blocked', 'redirect', 'direct-response', 'fault', 'denied', 'reset'];

function nativeCase(item: unknown, at: At): RoutingTestCase {
  const map = mapping(at, item);
  only(at, map, NATIVE_CASE_FIELDS, false);
  if (typeof map.name !== 'string' || map.name === '') fail(child(at, 'name'), 'a test needs a name', map.name, 'add name: what the test shows');
  if (map.request === undefined) fail(at, 'a test needs a request', undefined, 'add request: { host: ..., path: ... }');
  if (map.expect === undefined) fail(at, 'a test needs an expect', undefined, 'add expect: { outcome: routed, destinations: [...] }');
  const request = mapping(child(at, 'request'), map.request);
  const reqAt = child(at, 'request');
  only(reqAt, request, NATIVE_REQUEST_FIELDS, false);
  if (request.host === undefined) fail(reqAt, 'a request needs a host', undefined, 'add host: shop.example.com');
  if (request.path === undefined) fail(reqAt, 'a request needs a path', undefined, 'add path: /');
  const port = request.port;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) fail(child(reqAt, 'port'), 'the port is an integer from 1 to 65535', port, 'write port: 80');
  const scheme = request.scheme;
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') fail(child(reqAt, 'scheme'), 'the scheme is http or https', scheme, 'write scheme: https');
  const paths = oneOrMany(child(reqAt, 'path'), request.path);
  paths.forEach((p, i) => { if (!p.startsWith('/')) fail(child(reqAt, 'path'), `path ${i + 1} does not start with "/"`, p, `write "/${p}"`); });
  return {
    format: 'native',
    name: map.name,
    file: at.file,
    line: lineOf(at),
    request: {
      from: map.from === undefined ? undefined : oneOrMany(child(at, 'from'), map.from),
      authority: oneOrMany(child(reqAt, 'host'), request.host),
      method: request.method === undefined ? ['GET'] : oneOrMany(child(reqAt, 'method'), request.method),
      uri: paths,
      headers: request.headers === undefined ? undefined : stringMap(child(reqAt, 'headers'), request.headers),
      cookies: request.cookies === undefined ? undefined : stringMap(child(reqAt, 'cookies'), request.cookies),
      scheme, port,
    },
    wantMatch: true,
    expect: nativeExpect(child(at, 'expect'), map.expect),
  };
}

function nativeExpect(at: At, value: unknown): OutcomeExpectation {
  const map = mapping(at, value);
  only(at, map, NATIVE_EXPECT_FIELDS, false);
  if (Object.keys(map).length === 0) fail(at, 'expect says nothing', map, 'add outcome, status, destinations, path, authority, location, allowed or deniedBy');
  if (map.outcome !== undefined && !OUTCOMES.includes(map.outcome)) fail(child(at, 'outcome'), `the outcome is one of ${OUTCOMES.join(', ')}`, map.outcome, 'write outcome: routed');
  if (map.status !== undefined && (!Number.isInteger(map.status) || map.status < 100 || map.status > 599)) fail(child(at, 'status'), 'the status is an HTTP status code', map.status, 'write status: 404');
  for (const name of ['path', 'authority', 'location', 'deniedBy']) if (map[name] !== undefined) text(child(at, name), map[name]);
  if (map.allowed !== undefined && typeof map.allowed !== 'boolean') fail(child(at, 'allowed'), 'allowed is true or false', map.allowed, 'write allowed: true');
  let destinations: NativeDestination[] | undefined;
  if (map.destinations !== undefined) {
    destinations = list(child(at, 'destinations'), map.destinations).map(([d, dAt]) => {
      const dest = mapping(dAt, d);
      only(dAt, dest, ['host', 'subset', 'port', 'weight'], false);
      if (typeof dest.host !== 'string' || dest.host === '') fail(child(dAt, 'host'), 'a destination needs a host', dest.host, 'write host: cart.shop.svc.cluster.local');
      if (dest.subset !== undefined) text(child(dAt, 'subset'), dest.subset);
      if (dest.port !== undefined && !Number.isInteger(dest.port)) fail(child(dAt, 'port'), 'the port is a number', dest.port, 'write port: 80');
      if (dest.weight !== undefined && (typeof dest.weight !== 'number' || dest.weight < 0 || dest.weight > 100)) {
        fail(child(dAt, 'weight'), 'the weight is a percentage from 0 to 100', dest.weight, 'write weight: 90');
      }
      return dest as NativeDestination;
    });
  }
  return { ...map, destinations } as OutcomeExpectation;
}

// ---- shared field checks ----

/** The key of `map` that stands for `name`: exact for the native format, case-insensitive for istio-config-validator's. */
function keyOf(map: Record<string, unknown>, name: string): string | undefined {
  if (name in map) return name;
  return Object.keys(map).find((k) => k.toLowerCase() === name.toLowerCase());
}

/** Unknown fields are mistakes (a typo would silently test nothing). */
function only(at: At, map: Record<string, unknown>, allowed: readonly string[], caseInsensitive: boolean): void {
  const known = new Set(allowed.map((a) => (caseInsensitive ? a.toLowerCase() : a)));
  for (const key of Object.keys(map)) {
    if (!known.has(caseInsensitive ? key.toLowerCase() : key)) {
      fail(child(at, key), `unknown field "${key}"`, key, `use one of ${allowed.join(', ')}`);
    }
  }
}

function mapping(at: At, value: unknown): Record<string, any> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(at, 'expected a mapping', value, 'write key: value pairs here');
  return value as Record<string, any>;
}

function list(at: At, value: unknown): Array<[unknown, At]> {
  if (!Array.isArray(value)) fail(at, 'expected a list', value, 'write a YAML list (- item)');
  return value.map((item, i) => [item, child(at, i)]);
}

function text(at: At, value: unknown): string {
  if (typeof value !== 'string') fail(at, 'expected a string', value, 'quote the value');
  return value;
}

function oneOrMany(at: At, value: unknown): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) fail(at, 'the list is empty', value, 'give at least one value');
    return value.map((v, i) => text(child(at, i), v));
  }
  return [text(at, value)];
}

function stringMap(at: At, value: unknown): Record<string, string> {
  const map = mapping(at, value);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) {
    out[k] = typeof v === 'number' || typeof v === 'boolean' ? String(v) : text(child(at, k), v);
  }
  return out;
}
