/**
 * How istiod merges a root VirtualService's `http[].delegate` rule with the rules of its delegate
 * (pilot/pkg/model/virtualservice.go, stable from 1.10 to 1.30): pure functions over the specs'
 * plain objects, so `explain` (src/simulate/delegates.ts) and `check` (CIT124) agree.
 * - every delegate match must narrow some root match, else the delegate rule is dropped
 *   (mergeHTTPMatchRequests / hasConflict);
 * - a delegate match is merged with each root match it does not conflict with: the delegate's
 *   conditions win, the root's fill what it leaves unset, header/query maps are unioned
 *   (mergeHTTPMatchRequest);
 * - the root rule's fields fill the delegate rule's unset ones (mergeHTTPRoute).
 */

/** One merged match entry and the entries it came from. */
export interface MergedMatch {
  readonly entry: any;
  /** Index in the root rule's `match`; undefined when the root rule has none. */
  readonly rootIndex?: number;
  /** Index in the delegate rule's `match`; undefined when the delegate rule has none. */
  readonly delegateIndex?: number;
}

/**
 * istiod: virtualservice.go mergeHTTPMatchRequests — the merged entries, or undefined when some
 * delegate entry narrows no root entry (a conflict: istiod logs it and drops the delegate rule).
 * An empty list means "no match" (the rule matches everything).
 */
export function mergeMatches(root: readonly any[], delegate: readonly any[]): MergedMatch[] | undefined {
  if (root.length === 0) return delegate.map((entry, delegateIndex) => ({ entry, delegateIndex }));
  if (delegate.length === 0) return root.map((entry, rootIndex) => ({ entry, rootIndex }));
  const out: MergedMatch[] = [];
  for (const [delegateIndex, leaf] of delegate.entries()) {
    let found = false;
    for (const [rootIndex, rootEntry] of root.entries()) {
      if (hasConflict(rootEntry ?? {}, leaf ?? {})) continue;
      out.push({ entry: mergeMatch(rootEntry ?? {}, leaf ?? {}), rootIndex, delegateIndex });
      found = true;
    }
    if (!found) return undefined;
  }
  return out.length > 0 ? out : undefined;
}

/** istiod: virtualservice.go mergeHTTPMatchRequest — the delegate entry, completed by the root's. */
export function mergeMatch(root: any, leaf: any): any {
  const out: any = { ...leaf };
  out.name = joinNames(root.name, leaf.name);
  for (const field of ['uri', 'scheme', 'method', 'authority']) if (out[field] === undefined) out[field] = root[field];
  for (const field of ['headers', 'withoutHeaders', 'queryParams', 'sourceLabels']) {
    if (root[field] || leaf[field]) out[field] = { ...(root[field] ?? {}), ...(leaf[field] ?? {}) };
  }
  if (!(out.port > 0)) out.port = root.port;
  if (!out.sourceNamespace) out.sourceNamespace = root.sourceNamespace;
  if (!Array.isArray(out.gateways) || out.gateways.length === 0) out.gateways = root.gateways;
  if (!out.statPrefix) out.statPrefix = root.statPrefix;
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

/** Rule fields a delegate rule inherits from its root rule when it leaves them unset (mergeHTTPRoute). */
const INHERITED = ['rewrite', 'directResponse', 'timeout', 'retries', 'fault', 'mirror', 'mirrorPercent', 'mirrorPercentage', 'corsPolicy', 'mirrors', 'headers'];

/** istiod: virtualservice.go mergeHTTPRoute — the delegate rule with the merged `match` and the root's fields filled in. */
export function mergeRule(root: any, delegate: any, match: readonly MergedMatch[]): any {
  const out: any = { ...delegate };
  if (match.length > 0) out.match = match.map((m) => m.entry);
  else delete out.match;
  const name = joinNames(root.name, delegate.name);
  if (name !== undefined) out.name = name;
  for (const field of INHERITED) if (out[field] === undefined && root[field] !== undefined) out[field] = root[field];
  return out;
}

function joinNames(root: unknown, leaf: unknown): string | undefined {
  const r = typeof root === 'string' && root !== '' ? root : undefined;
  const l = typeof leaf === 'string' && leaf !== '' ? leaf : undefined;
  if (l === undefined) return r;
  return r === undefined ? l : `${r}-${l}`;
}

/** istiod: virtualservice.go hasConflict — the delegate entry `leaf` cannot narrow the root entry. */
export function hasConflict(root: any, leaf: any): boolean {
  for (const field of ['uri', 'scheme', 'method', 'authority']) if (stringMatchConflict(root[field], leaf[field])) return true;
  for (const field of ['headers', 'withoutHeaders', 'queryParams']) {
    for (const [key, value] of Object.entries(leaf[field] ?? {})) if (stringMatchConflict(root[field]?.[key], value)) return true;
  }
  if (Boolean(root.ignoreUriCase) !== Boolean(leaf.ignoreUriCase)) return true;
  if (root.port > 0 && leaf.port > 0 && root.port !== leaf.port) return true;
  if (root.sourceNamespace && leaf.sourceNamespace !== root.sourceNamespace) return true;
  for (const [key, value] of Object.entries(leaf.sourceLabels ?? {})) {
    if (root.sourceLabels && key in root.sourceLabels && root.sourceLabels[key] !== value) return true;
  }
  const rootGateways: unknown[] = Array.isArray(root.gateways) ? root.gateways : [];
  const leafGateways: unknown[] = Array.isArray(leaf.gateways) ? leaf.gateways : [];
  if (rootGateways.length > 0 && leafGateways.length > 0) {
    if (rootGateways.length < leafGateways.length || leafGateways.some((g) => !rootGateways.includes(g))) return true;
  }
  return false;
}

/**
 * istiod: virtualservice.go stringMatchConflict — no conflict when either side is unset; regex
 * never narrows or is narrowed; an exact root takes only the same exact; a prefix root takes a
 * longer prefix or an exact value under it.
 */
export function stringMatchConflict(root: any, leaf: any): boolean {
  if (!root || !leaf) return false;
  if (root.regex && (leaf.regex || leaf.prefix || leaf.exact)) return true;
  if (leaf.regex && (root.regex || root.prefix || root.exact)) return true;
  if (root.exact) return Boolean(leaf.prefix) || leaf.exact !== root.exact;
  if (root.prefix) {
    if (leaf.prefix) return !String(leaf.prefix).startsWith(root.prefix);
    if (leaf.exact) return !String(leaf.exact).startsWith(root.prefix);
  }
  return true;
}
