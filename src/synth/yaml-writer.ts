/**
 * `Yaml.stringify(...docs)` of cdk8s, byte for byte, about 5–10× faster for Kubernetes manifests.
 *
 * At 1,000 teams, serialising with the `yaml` library was most of MeshApp's time: it builds a
 * full document AST per manifest. Manifests are plain trees of maps, lists, strings, integers
 * and booleans, whose block layout is simple, so this writes that layout directly. Whether a
 * string needs quotes is the only subtle part; it is answered by cdk8s's own `Yaml.stringify`
 * (asked once per distinct string, cached) unless the string is obviously plain. Any document
 * holding something else (floats, undefined, shared objects, multi-line or `---`-like strings…)
 * is handed whole to `Yaml.stringify`, so the output never differs; the property test in
 * test/synth checks that against random documents.
 */
import { Yaml } from 'cdk8s';

/** Thrown inside the writer when a document needs the real library. */
class NeedsLibrary {}
const NEEDS_LIBRARY = new NeedsLibrary();

/**
 * Plain in YAML 1.1 as a key or a value: starts with a letter, only `[A-Za-z0-9_./:-]` after it,
 * no `:` at the end (a `:` inside, as in `image:1.0`, is not followed by a space, so it is not an
 * indicator), and not one of 1.1's boolean or null words nor a mantissa-less float like `e5` (the
 * letter-first strings the `yaml` library's 1.1 tags claim, see its schema/yaml-1.1 and
 * common/null). Such a string cannot look like another number, a timestamp, an indicator, a
 * comment or a marker.
 */
const OBVIOUSLY_PLAIN = /^[A-Za-z][A-Za-z0-9_./:-]*(?<!:)$/;
const YAML11_WORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|[eE]-?[0-9]+)$/;
/** Strings whose rendering depends on indentation or spans lines: left to the library. */
const CONTEXT_DEPENDENT = /[\n\r]|^(?:%|---|\.\.\.)/;

const valueCache = new Map<string, string | null>();
const keyCache = new Map<string, string | null>();

/** What cdk8s puts between documents of one file. */
export const DOCUMENT_SEPARATOR = '---\n';

/** cdk8s's `Yaml.stringify(...docs)`. */
export function stringifyDocs(docs: readonly unknown[]): string {
  return docs.map(stringifyDoc).join(DOCUMENT_SEPARATOR);
}

/** cdk8s's `Yaml.stringify(doc)` of one document. */
export function stringifyDoc(doc: unknown): string {
  if (doc === undefined) return '\n';
  const fast = writeDoc(doc);
  return fast ?? Yaml.stringify(doc);
}

/** The document in block style, or undefined when it holds anything the writer does not know. */
export function writeDoc(doc: unknown): string | undefined {
  if (!isPlainObject(doc)) return undefined;
  if (Object.keys(doc).length === 0) return '{}\n';
  const lines: string[] = [];
  try {
    writeMap(doc, '', lines, new Set());
  } catch (e) {
    if (e === NEEDS_LIBRARY) return undefined;
    throw e;
  }
  return lines.join('');
}

function writeMap(map: Record<string, unknown>, indent: string, lines: string[], seen: Set<object>): void {
  enter(map, seen);
  for (const key of Object.keys(map)) {
    const head = `${indent}${keyText(key)}:`;
    const value = map[key];
    if (!isCollection(value)) {
      lines.push(`${head} ${scalarText(value)}\n`);
    } else if (isEmpty(value)) {
      enter(value, seen);
      lines.push(`${head} ${Array.isArray(value) ? '[]' : '{}'}\n`);
    } else {
      lines.push(`${head}\n`);
      // Lists under a key are indented (the library's default `indentSeq: true`), maps too.
      writeCollection(value, `${indent}  `, lines, seen);
    }
  }
}

function writeSeq(seq: unknown[], indent: string, lines: string[], seen: Set<object>): void {
  enter(seq, seen);
  for (let i = 0; i < seq.length; i++) {
    if (!(i in seq)) throw NEEDS_LIBRARY; // holes
    const item = seq[i];
    if (!isCollection(item)) {
      lines.push(`${indent}- ${scalarText(item)}\n`);
    } else if (isEmpty(item)) {
      enter(item, seen);
      lines.push(`${indent}- ${Array.isArray(item) ? '[]' : '{}'}\n`);
    } else {
      // A collection item starts on the dash's line: write it one level in, then put the dash
      // in place of the first line's indentation.
      const first = lines.length;
      writeCollection(item, `${indent}  `, lines, seen);
      lines[first] = `${indent}- ${lines[first].slice(indent.length + 2)}`;
    }
  }
}

function writeCollection(value: object, indent: string, lines: string[], seen: Set<object>): void {
  if (Array.isArray(value)) writeSeq(value, indent, lines, seen);
  else writeMap(value as Record<string, unknown>, indent, lines, seen);
}

/** The library writes an object met twice as an anchor and alias: leave those to it. */
function enter(value: object, seen: Set<object>): void {
  if (seen.has(value)) throw NEEDS_LIBRARY;
  seen.add(value);
}

function isCollection(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (isPlainObject(value)) return true;
  if (value !== null && typeof value === 'object') throw NEEDS_LIBRARY; // Date, Map, class instances…
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isEmpty(value: object): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function scalarText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return stringText(value);
    case 'number':
      // Floats, -0 and huge numbers have formatting rules of their own: not worth copying.
      if (!Number.isSafeInteger(value) || Object.is(value, -0)) throw NEEDS_LIBRARY;
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      if (value === null) return 'null';
      throw NEEDS_LIBRARY; // undefined, bigint, symbol, function
  }
}

function stringText(value: string): string {
  if (OBVIOUSLY_PLAIN.test(value) && !YAML11_WORDS.test(value)) return value;
  return cached(valueCache, value, () => askLibrary(value, { k: value }, 'k: ', '\n'));
}

function keyText(key: string): string {
  if (OBVIOUSLY_PLAIN.test(key) && !YAML11_WORDS.test(key)) return key;
  return cached(keyCache, key, () => askLibrary(key, { [key]: 1 }, '', ': 1\n'));
}

/** Bound on each cache, so a long-lived process (a watch mode) does not grow without end. */
const MAX_CACHED = 100_000;

/** Looks up (or works out once) how a string is written; `null` caches "needs the library". */
function cached(cache: Map<string, string | null>, scalar: string, work: () => string | null): string {
  let text = cache.get(scalar);
  if (text === undefined) {
    text = work();
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(scalar, text);
  }
  if (text === null) throw NEEDS_LIBRARY;
  return text;
}

/** How the library writes `scalar`, cut out of a one-line document `probe` holding it. */
function askLibrary(scalar: string, probe: Record<string, unknown>, prefix: string, suffix: string): string | null {
  if (CONTEXT_DEPENDENT.test(scalar)) return null;
  const out = Yaml.stringify(probe);
  if (!out.startsWith(prefix) || !out.endsWith(suffix)) return null;
  const text = out.slice(prefix.length, out.length - suffix.length);
  // Block scalars (`|`, `>`), explicit keys (`?`) and anything multi-line depend on context.
  if (text.includes('\n') || /^[|>?]/.test(text)) return null;
  return text;
}
