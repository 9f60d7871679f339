/**
 * How one AuthorizationPolicy value matches, as the Envoy matchers istiod generates for it do.
 * Istio's value syntax is exact, `prefix*`, `*suffix` or `*` (present / non-empty); hosts
 * compare ignoring case; paths may be URI templates (`{*}`, `{**}`).
 */

/** A compiled value: true when the request attribute (undefined = absent) matches. */
export type ValueTest = (actual: string | undefined) => boolean;

/**
 * istiod: matcher/string.go StringMatcherWithPrefix. `*` is the regex `.+`, `*x` a suffix (a regex
 * `prefix.*x` when a prefix is inserted), `x*` a prefix, anything else exact.
 */
export function stringTest(value: string, prefix = '', ignoreCase = false): ValueTest {
  if (value === '*') return (a) => a !== undefined && a.length > 0;
  if (ignoreCase) {
    const lower = stringTest(value.toLowerCase(), prefix.toLowerCase());
    return (a) => lower(a === undefined ? a : a.toLowerCase());
  }
  if (value.startsWith('*')) {
    const suffix = value.slice(1);
    return (a) => a !== undefined && a.length >= prefix.length + suffix.length && a.startsWith(prefix) && a.endsWith(suffix);
  }
  if (value.endsWith('*')) {
    const start = prefix + value.slice(0, -1);
    return (a) => a !== undefined && a.startsWith(start);
  }
  const exact = prefix + value;
  return (a) => a === exact;
}

/** istiod: matcher/header.go HeaderMatcher — `*` means the header is present, else a string match. */
export function headerTest(value: string): ValueTest {
  if (value === '*') return (a) => a !== undefined;
  return stringTest(value);
}

/** istiod: matcher/header.go HostMatcher — `:authority`, `*` present, otherwise ignoring case. */
export function hostTest(value: string): ValueTest {
  if (value === '*') return (a) => a !== undefined;
  return stringTest(value, '', true);
}

/** istiod: pkg/config/security ContainsPathTemplate — `{*}` or `{**}` make a path a URI template. */
export function isPathTemplate(value: string): boolean {
  return value.includes('{*}') || value.includes('{**}');
}

/**
 * istiod: model/generator.go pathGenerator + matcher/template.go PathTemplateMatcher. Envoy's
 * uri_template: `{*}` is one segment, `{**}` zero or more segments (only at the end).
 */
export function pathTest(value: string): ValueTest {
  if (!isPathTemplate(value)) return stringTest(value);
  const segment = "[a-zA-Z0-9\\-._~%!$&'()+,;:@=]";
  const pattern = value.split(/(\{\*\*\}|\{\*\})/).map((part) => {
    if (part === '{*}') return `${segment}+`;
    if (part === '{**}') return `(?:${segment}|/)*`;
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('');
  const regex = new RegExp(`^${pattern}$`);
  return (a) => a !== undefined && regex.test(a);
}

/** istiod: model/generator.go srcNamespaceGenerator — regex `.*\/ns/<value, * → .*>/.*` on the peer's URI SAN. */
export function namespaceTest(value: string): ValueTest {
  const regex = new RegExp(`^.*/ns/${value.replace(/\*/g, '.*')}/.*$`);
  return (a) => a !== undefined && regex.test(a);
}

/**
 * istiod: model/generator.go serviceAccountRegex — `name` (in the policy's namespace) or
 * `ns/name`, as the regex `spiffe://.+/ns/<ns>/(.+/|)sa/<name>(/.+)?` on the peer's URI SAN.
 */
export function serviceAccountTest(policyNamespace: string): (value: string) => ValueTest {
  return (value) => {
    const slash = value.indexOf('/');
    const ns = slash < 0 ? policyNamespace : value.slice(0, slash);
    const sa = slash < 0 ? value : value.slice(slash + 1);
    const regex = new RegExp(`^spiffe://.+/ns/${ns}/(.+/|)sa/${sa}(/.+)?$`);
    return (a) => a !== undefined && regex.test(a);
  };
}

/** istiod: util.AddrStrToCidrRange — an IP or CIDR; throws for anything else (a generator error). */
export function cidrTest(value: string): ValueTest {
  const [address, bits] = value.split('/');
  const v4 = parseIpv4(address);
  if (v4 !== undefined) {
    const length = bits === undefined ? 32 : Number(bits);
    if (!/^\d+$/.test(bits ?? '32') || length > 32) throw new Error(`invalid CIDR ${value}`);
    const mask = length === 0 ? 0 : (~0 << (32 - length)) >>> 0;
    return (a) => {
      const ip = a === undefined ? undefined : parseIpv4(a);
      return ip !== undefined && ((ip & mask) >>> 0) === ((v4 & mask) >>> 0);
    };
  }
  if (address.includes(':') && (bits === undefined || /^\d+$/.test(bits))) {
    // IPv6: compared as written (the simulator takes no IPv6 ranges apart).
    const exact = address.toLowerCase();
    return (a) => a !== undefined && a.toLowerCase() === exact;
  }
  throw new Error(`invalid IP address or CIDR ${value}`);
}

function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => ((acc << 8) | Number(p)) >>> 0, 0);
}

/** istiod: model/util.go convertToPort — an integer in [0, 65535]; throws otherwise. */
export function portTest(value: string): (port: number) => boolean {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new Error(`invalid port ${value}`);
  const port = Number(value);
  return (p) => p === port;
}

/**
 * istiod: model/generator.go requestPrincipalGenerator — `iss/sub` split at the last `/`, each side
 * exact, or with a `*` prefix/suffix as written there.
 */
export function requestPrincipalTest(value: string): ValueTest {
  if (value === '*') return (a) => a !== undefined && a.length > 0;
  return (a) => {
    if (a === undefined) return false;
    const at = a.lastIndexOf('/');
    const iss = at < 0 ? a : a.slice(0, at);
    const sub = at < 0 ? '' : a.slice(at + 1);
    const idx = value.lastIndexOf('/');
    const found = idx >= 0;
    const vIss = found ? value.slice(0, idx) : value;
    const vSub = found ? value.slice(idx + 1) : '';
    if (value.startsWith('*')) {
      if (found) return (vIss === '*' ? iss.length > 0 : iss.endsWith(vIss.slice(1))) && sub === vSub;
      return iss.length > 0 && sub.endsWith(value.slice(1));
    }
    if (value.endsWith('*')) {
      if (found) return iss === vIss && (vSub === '*' ? sub.length > 0 : sub.startsWith(vSub.slice(0, -1)));
      return iss.startsWith(value.slice(0, -1)) && sub.length > 0;
    }
    return iss === vIss && sub === vSub;
  };
}
