/**
 * Reading manifests from YAML files and folders, with `file:line` for every problem.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { IstioTrafficError } from '../errors';
import { rememberYamlNode } from './field-lines';
import { SourceLocation } from './resource';

/** An object read from a file, with where it starts. */
export interface LoadedObject {
  readonly object: any;
  readonly source: SourceLocation;
}

/** Error code for input that cannot be read as Kubernetes manifests. */
export const INPUT_ERROR = 'CIT900';

const YAML_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** Files cdk8s writes beside the manifests for itself; skipped when a folder is scanned. */
const CDK8S_OWN_FILES = new Set(['construct-metadata.json']);
/** Files larger than this are refused rather than parsed (a manifest bundle is far smaller). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Expands files and folders (recursively, `.yaml`/`.yml`/`.json`, sorted) into file paths. */
export function expandPaths(inputs: readonly string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch {
      throw new IstioTrafficError(INPUT_ERROR, input, 'no such file or directory', input, 'pass existing manifest files or folders');
    }
    if (stat.isDirectory()) {
      const entries = fs.readdirSync(input).sort();
      const nested = entries
        .map((entry) => path.join(input, entry))
        .filter((p) => fs.statSync(p).isDirectory() || (YAML_EXTENSIONS.has(path.extname(p)) && !CDK8S_OWN_FILES.has(path.basename(p))));
      files.push(...expandPaths(nested));
    } else {
      files.push(input);
    }
  }
  return files;
}

/** Parses one file's text (multi-document YAML) into objects; throws with `file:line` on bad input. */
export function parseManifests(text: string, file: string): LoadedObject[] {
  if (text.includes('\u0000')) {
    throw new IstioTrafficError(INPUT_ERROR, `${file}:1`, 'binary data, not YAML', 'a NUL byte', 'pass Kubernetes manifests as YAML or JSON text');
  }
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: true });
  const iterable = Array.isArray(documents) ? documents : [documents];
  const objects: LoadedObject[] = [];
  for (const document of iterable) {
    const start = lineCounter.linePos(document.range?.[0] ?? 0).line;
    const firstError = document.errors[0];
    if (firstError) {
      const line = firstError.linePos?.[0]?.line ?? start;
      const message = firstError.message.split('\n')[0];
      throw new IstioTrafficError(INPUT_ERROR, `${file}:${line}`, `malformed YAML: ${message}`, firstError.code, 'correct the YAML syntax at that line');
    }
    const value = document.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue; // empty document between separators
    const contentLine = document.contents?.range ? lineCounter.linePos(document.contents.range[0]).line : start;
    const source = { file, line: contentLine };
    if (value.kind === 'List' && Array.isArray(value.items)) {
      const itemNodes = isMap(document.contents) ? document.contents.get('items', true) : undefined;
      value.items.forEach((item: any, i: number) => {
        objects.push({ object: checkObject(item, source), source });
        if (isSeq(itemNodes)) rememberYamlNode(item, itemNodes.items[i] as Node, lineCounter);
      });
    } else {
      objects.push({ object: checkObject(value, source), source });
      rememberYamlNode(value, document.contents, lineCounter);
    }
  }
  return objects;
}

function checkObject(value: any, source: SourceLocation): any {
  const where = `${source.file}:${source.line}`;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new IstioTrafficError(INPUT_ERROR, where, 'a document is not a Kubernetes object', value, 'each YAML document must be a mapping with apiVersion, kind and metadata.name');
  }
  for (const field of ['apiVersion', 'kind']) {
    if (typeof value[field] !== 'string' || value[field] === '') {
      throw new IstioTrafficError(INPUT_ERROR, where, `object has no ${field}`, value[field], `set ${field} on every object`);
    }
  }
  if (typeof value.metadata?.name !== 'string' || value.metadata.name === '') {
    throw new IstioTrafficError(INPUT_ERROR, where, `${value.kind} has no metadata.name`, value.metadata, 'give every object a metadata.name');
  }
  return value;
}

/** Reads every manifest under `inputs` (files or folders). */
export function loadManifestFiles(inputs: readonly string[]): LoadedObject[] {
  const objects: LoadedObject[] = [];
  for (const file of expandPaths(inputs)) {
    const size = fs.statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      throw new IstioTrafficError(INPUT_ERROR, `${file}:1`, 'file too large to be a manifest bundle', `${size} bytes`, `split it into files under ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
    }
    const text = fs.readFileSync(file, 'utf8');
    if (text.trim() === '') {
      throw new IstioTrafficError(INPUT_ERROR, `${file}:1`, 'empty file', '', 'remove it or add manifests to it');
    }
    objects.push(...parseManifests(text, file));
  }
  return objects;
}
