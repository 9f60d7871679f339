/**
 * Header names and values as istiod's webhook checks them (pkg/config/validation/validation.go
 * ValidateHTTPHeader*; header_value_validator.go validateHeaderValue, a port of Envoy's
 * header_parser.cc). Each function returns the problem, or undefined when valid.
 */

/** RFC 7230 token characters (validation.go validHeaderNameRegex). */
const TOKEN = /^[!#$%&'*+\-.^_`|~A-Za-z0-9]+$/;
/** HTTP/2 pseudo-headers a match may name (validation.go pseudoHeaders). */
const PSEUDO_HEADERS = new Set([':method', ':scheme', ':authority', ':path', ':status']);
/** Control characters other than TAB are not allowed in a header value (httpHeaderValueRegexp). */
const CONTROL_CHARS = /[\u0000-\u0008\u000A-\u001F\u007F]/;

// istiod: jwt.ToRoutingClaim(...).Match — `@request.auth.claims.<name>` or `@request.auth.claims[<a>][<b>]`.
export function isJwtClaimRoute(name: string): boolean {
  const prefix = '@request.auth.claims';
  if (!name.toLowerCase().startsWith(prefix)) return false;
  const rest = name.slice(prefix.length);
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2);
}

// istiod: ValidateHTTPHeaderNameOrJwtClaimRoute — header names in matches.
export function matchHeaderNameProblem(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (isJwtClaimRoute(name) || PSEUDO_HEADERS.has(name)) return undefined;
  return TOKEN.test(name) ? undefined : `header name ${name} is not a valid header name`;
}

// istiod: ValidateCORSHTTPHeaderName — like a header name, and `*` is allowed.
export function corsHeaderNameProblem(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (name === '*') return undefined;
  return TOKEN.test(name) ? undefined : `header name ${name} is not a valid header name`;
}

// istiod: virtualservice.go isInternalHeader / isAuthorityHeader
function isInternalHeader(name: string): boolean {
  return name.startsWith(':') || name.toLowerCase() === 'host';
}

export function isAuthorityHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === ':authority' || lower === 'host';
}

// istiod: ValidateHTTPHeaderWithAuthorityOperationName — request add/set (`:authority`/`host` allowed,
// checked later by validateAuthorityRewrite).
export function requestSetHeaderNameProblem(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (isInternalHeader(name) && !isAuthorityHeader(name)) return `invalid header "${name}": header cannot have ":" prefix`;
  return undefined;
}

// istiod: ValidateHTTPHeaderOperationName — request remove, response add/set/remove.
export function headerOperationNameProblem(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (name.toLowerCase() === 'host') return `invalid header "${name}": cannot set Host header`;
  if (isInternalHeader(name)) return `invalid header "${name}": header cannot have ":" prefix`;
  return undefined;
}

// istiod: ValidateHTTPHeaderValue — no control characters, and `%` formatters well formed.
export function headerValueProblem(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : String(value ?? '');
  if (CONTROL_CHARS.test(text)) return `header value configuration ${JSON.stringify(text)} is invalid (control characters are not allowed)`;
  const parse = envoyHeaderFormatProblem(text);
  return parse ? `header value configuration: ${parse}` : undefined;
}

type State = 'literal' | 'variable' | 'expectArray' | 'expectString' | 'string' | 'expectDelimiterOrEnd' | 'expectArgsEnd' | 'expectVariableEnd';

// istiod: header_value_validator.go validateHeaderValue (Envoy's `%VAR%` / `%VAR(["a"])%` grammar).
function envoyHeaderFormatProblem(value: string): string | undefined {
  let state: State = 'literal';
  for (let pos = 0; pos < value.length; pos++) {
    const ch = value[pos];
    const hasNext = pos + 1 < value.length;
    switch (state) {
      case 'literal':
        if (ch !== '%') break;
        if (!hasNext) return 'invalid header configuration. Un-escaped %';
        if (value[pos + 1] === '%') { pos++; break; }
        state = 'variable';
        break;
      case 'variable':
        if (ch === '%') state = 'literal';
        else if (ch === '(') state = 'expectArray';
        break;
      case 'expectArray':
        if (ch === '[') state = 'expectString';
        else if (ch !== ' ') state = 'string';
        break;
      case 'expectDelimiterOrEnd':
        if (ch === ',') state = 'expectString';
        else if (ch === ']') state = 'expectArgsEnd';
        else if (ch !== ' ') return "invalid header configuration. Expecting ',', ']', or whitespace";
        break;
      case 'expectString':
        if (ch === '"') state = 'string';
        else if (ch !== ' ') return 'invalid header configuration. Expecting \'"\'';
        break;
      case 'string':
        if (ch === '\\') {
          if (!hasNext) return 'invalid header configuration. Un-terminated backslash in JSON string';
          pos++;
        } else if (ch === ')') state = 'expectVariableEnd';
        else if (ch === '"') state = 'expectDelimiterOrEnd';
        break;
      case 'expectArgsEnd':
        if (ch === ')') state = 'expectVariableEnd';
        else if (ch !== ' ') return "invalid header configuration. Expecting ')' or whitespace after '{}', but found '{}'";
        break;
      case 'expectVariableEnd':
        if (ch === '%') state = 'literal';
        else if (ch !== ' ') return "invalid header configuration. Expecting '%' or whitespace after";
        break;
    }
  }
  return state === 'literal' ? undefined : `invalid header configuration. Un-terminated variable expression '${value}'`;
}
