/**
 * IP address parsing as Go's `net/netip.ParseAddr` does it, for the two places Kubernetes parses
 * addresses in a CRD check:
 *  - the `ipv4`/`ipv6` string formats (kube-openapi strfmt → govalidator.IsIPv4/IsIPv6:
 *    `net.ParseIP(s) != nil` and the text contains `.` / `:`; net.ParseIP is ParseAddr without a zone);
 *  - CEL `isIP(string)` (k8s.io/apiserver/pkg/cel/library/ip.go parseIPAddr: ParseAddr, then no
 *    zone and no IPv4-mapped IPv6 address).
 * Go's grammar is stricter than most: no leading zeros in IPv4 octets, at most 4 hex digits per
 * IPv6 field, one `::` that must stand for at least one zero field.
 */

/** 16 bytes (IPv4 as 4 bytes) and the zone. */
export interface ParsedAddr {
  bytes: number[];
  zone: string;
}

/**
 * Go's parse error. Not an Error on purpose: format checks try ipv4 and ipv6 on every address
 * and hostname, and capturing a stack trace per failed attempt was most of their cost.
 */
class AddrError {
  constructor(readonly input: string, readonly reason: string) {}
}

function fail(input: string, reason: string): never {
  throw new AddrError(input, reason);
}

/** netip parseIPv4Fields: four decimal octets, no leading zeros, each ≤ 255. */
function parseIPv4(input: string, s: string): number[] {
  const fields = s.split('.');
  if (fields.length !== 4) fail(input, fields.length < 4 ? 'IPv4 address too short' : 'IPv4 address too long');
  return fields.map((f) => {
    if (f === '') fail(input, 'IPv4 field must have at least one digit');
    if (!/^[0-9]+$/.test(f)) fail(input, 'unexpected character');
    if (f.length > 1 && f[0] === '0') fail(input, 'IPv4 field has octet with leading zero');
    const v = Number(f);
    if (v > 255) fail(input, 'IPv4 field has value >255');
    return v;
  });
}

/** netip parseIPv6, without the zone. */
function parseIPv6(input: string, text: string): number[] {
  const ip = new Array<number>(16).fill(0);
  let s = text;
  let ellipsis = -1;
  let i = 0;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return ip;
  }
  while (i < 16) {
    const digits = /^[0-9a-fA-F]*/.exec(s)![0];
    if (digits.length > 4) fail(input, 'each colon-separated field must have at most 4 hex digits');
    if (digits.length === 0) fail(input, 'each colon-separated field must have at least one digit');
    if (s[digits.length] === '.') {
      if (ellipsis < 0 && i !== 12) fail(input, 'embedded IPv4 address must replace the final 2 fields of the address');
      if (i + 4 > 16) fail(input, 'too many hex fields to fit an embedded IPv4 at the end of the address');
      parseIPv4(input, s).forEach((b, k) => { ip[i + k] = b; });
      s = '';
      i += 4;
      break;
    }
    const acc = parseInt(digits, 16);
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(digits.length);
    if (s === '') break;
    if (s[0] !== ':') fail(input, 'unexpected character, want colon');
    if (s.length === 1) fail(input, 'colon must be followed by more characters');
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) fail(input, 'multiple :: in address');
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') fail(input, 'trailing garbage after address');
  if (i < 16) {
    if (ellipsis < 0) fail(input, 'address string too short');
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!;
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) {
    fail(input, 'the :: must expand to at least one field of zeros');
  }
  return ip;
}

/** netip.ParseAddr: the first `.`, `:` or `%` decides the family; throws Go's message as an Error. */
export function parseAddr(s: string): ParsedAddr {
  try {
    return parseAddrFast(s);
  } catch (e) {
    throw e instanceof AddrError ? new Error(`ParseAddr(${JSON.stringify(e.input)}): ${e.reason}`) : e;
  }
}

function parseAddrFast(s: string): ParsedAddr {
  for (const c of s) {
    if (c === '.') return { bytes: parseIPv4(s, s), zone: '' };
    if (c === ':') {
      const pct = s.indexOf('%');
      const zone = pct < 0 ? '' : s.slice(pct + 1);
      if (pct >= 0 && zone === '') fail(s, 'zone must be a non-empty string');
      return { bytes: parseIPv6(s, pct < 0 ? s : s.slice(0, pct)), zone };
    }
    if (c === '%') fail(s, 'missing IPv6 address');
  }
  return fail(s, 'unable to parse IP');
}

/** Addr.Is4In6: ::ffff:a.b.c.d. */
function is4In6(a: ParsedAddr): boolean {
  return a.bytes.length === 16 && a.bytes.slice(0, 10).every((b) => b === 0) && a.bytes[10] === 0xff && a.bytes[11] === 0xff;
}

/** Go net.ParseIP(s) != nil: ParseAddr without a zone. */
function isNetIP(s: string): boolean {
  try {
    return parseAddrFast(s).zone === '';
  } catch {
    return false;
  }
}

/** strfmt `ipv4` (govalidator.IsIPv4). */
export function isIPv4Format(s: string): boolean {
  return isNetIP(s) && s.includes('.');
}

/** strfmt `ipv6` (govalidator.IsIPv6). */
export function isIPv6Format(s: string): boolean {
  return isNetIP(s) && s.includes(':');
}

/** Kubernetes CEL `isIP(string)`: parses, has no zone and is not an IPv4-mapped IPv6 address. */
export function isKubernetesIP(s: string): boolean {
  try {
    const a = parseAddrFast(s);
    return a.zone === '' && !is4In6(a);
  } catch {
    return false;
  }
}
