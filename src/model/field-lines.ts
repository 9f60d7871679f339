/**
 * Lines of fields inside objects read from YAML, so a finding about `spec.http[0].route[0].x`
 * can say where `x` is written. The parsed YAML node of each object is remembered beside the
 * object (a WeakMap: it lives as long as the object) and walked only when a line is asked for.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node } from 'yaml';

interface Located {
  readonly node: Node;
  readonly lineCounter: LineCounter;
}

const located = new WeakMap<object, Located>();

/** Called by the loader for every object it reads. */
export function rememberYamlNode(object: object, node: Node | null | undefined, lineCounter: LineCounter): void {
  if (node) located.set(object, { node, lineCounter });
}

/** `spec.http[0].ports[https]` → `['spec', 'http', '0', 'ports', 'https']`. */
export function fieldPathSegments(path: string): string[] {
  return [...path.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)].map((m) => m[1] ?? m[2]!);
}

/**
 * The 1-based line of the field at `path` (Kubernetes field-path syntax) in the YAML `object`
 * was read from; when the path leads past what is written (a missing required field), the line
 * of the deepest part that exists. Undefined for objects not read from YAML.
 */
export function fieldLine(object: object, path: string): number | undefined {
  const at = located.get(object);
  if (!at) return undefined;
  let node: unknown = at.node;
  let offset = at.node.range?.[0];
  for (const segment of fieldPathSegments(path)) {
    let next: { offset?: number; node: unknown } | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (pair) next = { offset: (pair.key as Node).range?.[0], node: pair.value };
    } else if (isSeq(node) && /^[0-9]+$/.test(segment)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (item) next = { offset: item.range?.[0], node: item };
    }
    if (!next) break;
    node = next.node;
    offset = next.offset ?? offset;
  }
  return offset === undefined ? undefined : at.lineCounter.linePos(offset).line;
}
