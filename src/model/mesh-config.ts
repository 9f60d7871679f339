/**
 * Reading Istio's MeshConfig (the `mesh` key of the `istio` ConfigMap in istio-system, or the bare
 * MeshConfig YAML that `istioctl` and the operator take) into the MeshEnvironment that `check`,
 * `explain` and `graph` read. Only the fields the library uses are read; every other MeshConfig
 * field is accepted and ignored, as istiod ignores fields it does not act on. A bad value of a
 * field we read is an error (`CIT901`) with `file:line`, the field and the allowed values.
 */
import * as fs from 'fs';
import { isMap, isScalar, LineCounter, parseDocument, Scalar, YAMLMap } from 'yaml';
import { IstioTrafficError } from '../errors';
import { MeshEnvironment } from './environment';

/** Error code for a mesh config file that cannot be used. */
export const MESH_CONFIG_ERROR = 'CIT901';

/** MeshConfig.OutboundTrafficPolicy.Mode values. */
export const OUTBOUND_MODES = ['ALLOW_ANY', 'REGISTRY_ONLY'] as const;
/**
 * MeshConfig.ProxyPathNormalization.NormalizationType values; `DEFAULT` is BASE
 * (istiod: listener_builder.go buildHTTPConnectionManager treats DEFAULT and BASE alike).
 */
export const PATH_NORMALIZATIONS = ['DEFAULT', 'NONE', 'BASE', 'MERGE_SLASHES', 'DECODE_AND_MERGE_SLASHES'] as const;

/** Where a value sits, for messages: the file, and how a YAML offset in it becomes a line. */
interface Place {
  readonly file: string;
  readonly counter: LineCounter;
  /** Lines to add: the embedded `data.mesh` text starts further down the ConfigMap file. */
  readonly lineOffset: number;
}

/** Reads a MeshConfig file (bare MeshConfig or the `istio` ConfigMap). Throws CIT901 on bad input. */
export function readMeshConfigFile(file: string): MeshEnvironment {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new IstioTrafficError(MESH_CONFIG_ERROR, file, 'cannot read the mesh config file', (e as NodeJS.ErrnoException).code ?? String(e),
      'pass the path of a MeshConfig YAML file (or of the istio ConfigMap)');
  }
  return parseMeshConfig(text, file);
}

/** Parses MeshConfig text; `file` names it in errors. */
export function parseMeshConfig(text: string, file: string): MeshEnvironment {
  const outer = parseYaml(text, { file, counter: new LineCounter(), lineOffset: 0 });
  if (outer.map === undefined) return {}; // an empty file is the default MeshConfig
  const kind = outer.map.get('kind');
  if (kind === undefined) return readFields(outer.map, outer.place);
  if (kind !== 'ConfigMap') {
    throw error(outer.place, outer.map, 'kind', `a mesh config is a MeshConfig or the istio ConfigMap, not a ${String(kind)}`, kind,
      'pass the istio ConfigMap (kubectl -n istio-system get configmap istio -o yaml) or its data.mesh text');
  }
  const data = outer.map.get('data', true);
  const mesh = isMap(data) ? data.get('mesh', true) : undefined;
  if (!isScalar(mesh) || typeof mesh.value !== 'string') {
    const inData = isMap(data) && mesh !== undefined;
    throw error(outer.place, inData ? data : outer.map, inData ? 'mesh' : 'data', 'the ConfigMap has no data.mesh text', isScalar(mesh) ? mesh.value : undefined,
      'use the istio ConfigMap, whose data.mesh holds the MeshConfig YAML', !inData);
  }
  // A block scalar (`mesh: |`) starts on the line after its key; a quoted one on the same line.
  const startLine = outer.place.counter.linePos(mesh.range?.[0] ?? 0).line;
  const block = mesh.type === Scalar.BLOCK_LITERAL || mesh.type === Scalar.BLOCK_FOLDED;
  const inner = parseYaml(mesh.value, { file, counter: new LineCounter(), lineOffset: startLine - (block ? 0 : 1) });
  return inner.map === undefined ? {} : readFields(inner.map, inner.place);
}

function parseYaml(text: string, place: Place): { map?: YAMLMap; place: Place } {
  const document = parseDocument(text, { lineCounter: place.counter, uniqueKeys: true });
  const first = document.errors[0];
  if (first) {
    const line = (first.linePos?.[0]?.line ?? 1) + place.lineOffset;
    throw new IstioTrafficError(MESH_CONFIG_ERROR, `${place.file}:${line}`, `malformed YAML: ${first.message.split('\n')[0]}`, first.code,
      'correct the YAML syntax at that line');
  }
  const contents = document.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) return { place };
  if (!isMap(contents)) {
    throw new IstioTrafficError(MESH_CONFIG_ERROR, `${place.file}:${lineOf(place, contents)}`, 'a mesh config is a YAML mapping', document.toJS(),
      'write MeshConfig fields (outboundTrafficPolicy, pathNormalization, trustDomain, ...) at the top level');
  }
  return { map: contents, place };
}

function readFields(mesh: YAMLMap, place: Place): MeshEnvironment {
  const environment: { -readonly [K in keyof MeshEnvironment]: MeshEnvironment[K] } = {};
  const outbound = mapping(mesh, 'outboundTrafficPolicy', place);
  if (outbound) environment.outboundTrafficPolicy = oneOf(outbound, 'mode', 'outboundTrafficPolicy.mode', OUTBOUND_MODES, place);
  const normalization = mapping(mesh, 'pathNormalization', place);
  if (normalization) {
    const value = oneOf(normalization, 'normalization', 'pathNormalization.normalization', PATH_NORMALIZATIONS, place);
    if (value !== undefined) environment.pathNormalization = value === 'DEFAULT' ? 'BASE' : value;
  }
  environment.trustDomain = text(mesh, 'trustDomain', 'cluster.local', place);
  environment.rootNamespace = text(mesh, 'rootNamespace', 'istio-system', place);
  const metadata = mapping(mapping(mesh, 'defaultConfig', place), 'proxyMetadata', place, 'defaultConfig.proxyMetadata');
  if (metadata) {
    const capture = flag(metadata, 'ISTIO_META_DNS_CAPTURE', place);
    const allocate = flag(metadata, 'ISTIO_META_DNS_AUTO_ALLOCATE', place);
    // Auto-allocation only acts when the DNS proxy captures queries.
    if (capture !== undefined || allocate !== undefined) environment.dnsAutoAllocate = capture === true && allocate === true;
  }
  for (const key of Object.keys(environment) as (keyof MeshEnvironment)[]) if (environment[key] === undefined) delete environment[key];
  return environment;
}

function mapping(parent: YAMLMap | undefined, key: string, place: Place, field = key): YAMLMap | undefined {
  const node = parent?.get(key, true);
  if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
  if (!isMap(node)) throw error(place, parent!, key, `${field} must be a mapping`, toJs(node), `write ${field} as a mapping of its fields`);
  return node;
}

function oneOf<T extends string>(parent: YAMLMap, key: string, field: string, allowed: readonly T[], place: Place): T | undefined {
  const node = parent.get(key, true);
  if (node === undefined) return undefined;
  const value = isScalar(node) ? node.value : toJs(node);
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw error(place, parent, key, `${field} must be one of ${allowed.join(', ')}`, value, `set ${field} to one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function text(parent: YAMLMap, key: string, example: string, place: Place): string | undefined {
  const node = parent.get(key, true);
  if (node === undefined) return undefined;
  const value = isScalar(node) ? node.value : toJs(node);
  if (typeof value !== 'string' || value.trim() === '') throw error(place, parent, key, `${key} must be a non-empty string`, value, `set ${key} to e.g. "${example}"`);
  return value;
}

/** proxyMetadata values are strings; Istio's agent reads "true" (strconv.ParseBool) as on. */
function flag(parent: YAMLMap, key: string, place: Place): boolean | undefined {
  const node = parent.get(key, true);
  if (node === undefined) return undefined;
  const value = isScalar(node) ? node.value : toJs(node);
  const shown = typeof value === 'boolean' ? String(value) : value;
  if (typeof shown !== 'string' || !/^(true|false|1|0|t|f|TRUE|FALSE|True|False)$/.test(shown)) {
    throw error(place, parent, key, `defaultConfig.proxyMetadata.${key} must be "true" or "false"`, value, `set ${key}: "true"`);
  }
  return /^(true|1|t|TRUE|True)$/.test(shown);
}

/** An error at `parent[key]`: at its value, or (`atKey`) at the key itself. */
function error(place: Place, parent: YAMLMap, key: string, problem: string, received: unknown, fix: string, atKey = false): IstioTrafficError {
  const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key);
  const node = ((atKey ? pair?.key : pair?.value) ?? pair?.key ?? parent) as { range?: [number, number, number] };
  return new IstioTrafficError(MESH_CONFIG_ERROR, `${place.file}:${lineOf(place, node)}`, problem, received, fix);
}

function lineOf(place: Place, node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return place.counter.linePos(range?.[0] ?? 0).line + place.lineOffset;
}

function toJs(node: unknown): unknown {
  return node && typeof (node as { toJSON?: () => unknown }).toJSON === 'function' ? (node as { toJSON: () => unknown }).toJSON() : node;
}
