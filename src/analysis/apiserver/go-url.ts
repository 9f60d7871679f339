/**
 * Go's `net/url.ParseRequestURI`, which Kubernetes' CEL `url()`/`isURL()` use
 * (k8s.io/apiserver/pkg/cel/library/urls.go). WHATWG `new URL()` accepts and rejects different
 * strings (e.g. it accepts "http://a b" after encoding, rejects "/path"), so it cannot stand in.
 * Only what the CRD rules read (the scheme) plus what decides validity is modelled.
 */

export interface GoUrl {
  scheme: string;
  opaque: string;
  host: string;
  path: string;
  rawQuery: string;
}

export class GoUrlError extends Error {}

function isAlpha(c: string): boolean { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
function isDigit(c: string): boolean { return c >= '0' && c <= '9'; }
function isHex(c: string | undefined): boolean { return c !== undefined && /^[0-9a-fA-F]$/.test(c); }

/** url.getScheme: a scheme is letters, then letters/digits/+-. up to the first ':'. */
function splitScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (isAlpha(c)) continue;
    if (isDigit(c) || c === '+' || c === '-' || c === '.') {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new GoUrlError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

/** url.shouldEscape(c, encodeHost) for ASCII: which host characters need no escaping. */
function hostCharAllowed(c: string): boolean {
  return isAlpha(c) || isDigit(c) || '-_.~!$&\'()*+,;=:[]<>"'.includes(c);
}

/** url.unescape: every '%' must start a valid escape; hosts allow only %XX of non-ASCII or %25. */
function checkEscapes(s: string, mode: 'host' | 'path' | 'userinfo'): void {
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%') {
      if (!isHex(s[i + 1]) || !isHex(s[i + 2])) throw new GoUrlError(`invalid URL escape "${s.slice(i, i + 3)}"`);
      if (mode === 'host' && parseInt(s.slice(i + 1, i + 3), 16) < 0x80 && s.slice(i, i + 3) !== '%25') {
        throw new GoUrlError(`invalid URL escape "${s.slice(i, i + 3)}"`);
      }
      i += 2;
    } else if (mode === 'host' && c.charCodeAt(0) < 0x80 && !hostCharAllowed(c)) {
      throw new GoUrlError(`invalid character "${c}" in host name`);
    }
  }
}

/** ":" followed by digits, or empty. */
function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new GoUrlError("missing ']' in host");
    if (!validOptionalPort(host.slice(i + 1))) throw new GoUrlError(`invalid port "${host.slice(i + 1)}" after host`);
  } else {
    const i = host.lastIndexOf(':');
    if (i >= 0 && !validOptionalPort(host.slice(i))) throw new GoUrlError(`invalid port "${host.slice(i)}" after host`);
  }
  checkEscapes(host, 'host');
  return host;
}

/** url.validUserinfo */
function validUserinfo(s: string): boolean {
  return /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);
}

function parseAuthority(authority: string): string {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!validUserinfo(userinfo)) throw new GoUrlError('net/url: invalid userinfo');
    checkEscapes(userinfo, 'userinfo');
  }
  return host;
}

/** Port of `url.parse(rawURL, viaRequest=true)`; throws GoUrlError where Go returns an error. */
export function parseRequestUri(raw: string): GoUrl {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new GoUrlError('net/url: invalid control character in URL');
  if (raw === '') throw new GoUrlError('empty url');
  const url: GoUrl = { scheme: '', opaque: '', host: '', path: '', rawQuery: '' };
  if (raw === '*') return { ...url, path: '*' };
  let [scheme, rest] = splitScheme(raw);
  url.scheme = scheme.toLowerCase();
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) { url.rawQuery = rest.slice(q + 1); rest = rest.slice(0, q); }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') return { ...url, opaque: rest };
    throw new GoUrlError('invalid URI for request');
  }
  if (url.scheme !== '' && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) { rest = authority.slice(slash); authority = authority.slice(0, slash); }
    url.host = parseAuthority(authority);
  }
  checkEscapes(rest, 'path');
  url.path = rest;
  return url;
}
