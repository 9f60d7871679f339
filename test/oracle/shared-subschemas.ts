/**
 * Istio's CRD schemas repeat whole subtrees (a StringMatch under uri, scheme, method, authority,
 * every header and query parameter; a DestinationRule's traffic policy under the rule, each
 * subset and each port). ajv would generate code for every copy: the VirtualService validator is
 * ~230 KB of JavaScript and compiling the seven kinds took most of a `check` run. Moving each
 * repeated subtree into `definitions` once, referenced by `$ref` and compiled as its own
 * function (ajv `inlineRefs: false`), keeps the same validation at a fraction of the cost.
 *
 * A shared subtree's `default` stays at the reference (where ajv's useDefaults reads it).
 * Only structural positions (properties, items, additionalProperties) are shared, never the
 * inside of oneOf/anyOf/not branches, so ajv's schemaPath still shows when an error comes from
 * inside a branch (structural-schema.ts filters those).
 */
type JsonSchema = Record<string, unknown>;

/** Subtrees smaller than this (JSON characters) are cheaper to inline than to call. */
const MIN_SHARED_SIZE = 200;

function mapChildren(node: JsonSchema, f: (child: JsonSchema) => JsonSchema): JsonSchema {
  const out: JsonSchema = { ...node };
  if (node.properties) {
    out.properties = Object.fromEntries(Object.entries(node.properties as Record<string, JsonSchema>).map(([k, v]) => [k, f(v)]));
  }
  if (node.items && typeof node.items === 'object') out.items = f(node.items as JsonSchema);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') out.additionalProperties = f(node.additionalProperties as JsonSchema);
  return out;
}

/** The same schema with every repeated structural subtree moved to `definitions`. */
export function shareRepeatedSubschemas(root: JsonSchema): JsonSchema {
  const counts = new Map<string, number>();
  const count = (node: JsonSchema): JsonSchema => {
    const key = JSON.stringify(node);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return mapChildren(node, count);
  };
  mapChildren(root, count);

  const definitions: Record<string, JsonSchema> = {};
  const names = new Map<string, string>();
  const rewrite = (node: JsonSchema): JsonSchema => {
    const key = JSON.stringify(node);
    if (key.length < MIN_SHARED_SIZE || counts.get(key)! < 2) return mapChildren(node, rewrite);
    let name = names.get(key);
    if (name === undefined) {
      name = `shared${names.size}`;
      names.set(key, name);
      const { default: _applied, ...shared } = node;
      definitions[name] = mapChildren(shared, rewrite);
    }
    // ajv applies a property's `default` from the property's own schema node, never from behind a $ref.
    return node.default === undefined ? { $ref: `#/definitions/${name}` } : { $ref: `#/definitions/${name}`, default: node.default };
  };
  const body = mapChildren(root, rewrite);
  return names.size === 0 ? body : { ...body, definitions };
}
