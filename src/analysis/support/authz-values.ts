/**
 * The value checks istiod's AuthorizationPolicy validation takes from pkg/config/security
 * (security.go): empty values, service accounts, path templates, `when` attributes, IPs, ports.
 * Each returns the problem text, or undefined when istiod accepts the values.
 */
import { isIPPrefix, isValidIPAddress as isIPAddress } from './host-validation';

/** security.go `CheckEmptyValues`. */
export function emptyValuesProblem(key: string, values: readonly unknown[]): string | undefined {
  return values.some((v) => v === '' || v === null || v === undefined) ? `empty value not allowed, found in ${key}` : undefined;
}

/** security.go `CheckServiceAccount`: at most 16, `sa` or `namespace/sa`, no `*`, at most 320 characters. */
export function serviceAccountsProblem(key: string, values: readonly unknown[]): string | undefined {
  if (values.length > 16) return `${key}: may not have more than 16 values`;
  const format = 'expected format \'serviceAccount\' or \'namespace/serviceAccount\'';
  for (const raw of values) {
    const value = typeof raw === 'string' ? raw : '';
    if (value === '') return `empty value not allowed, found in ${key}`;
    if (value.includes('*')) return `wildcard not allowed, found in ${key}`;
    const slashes = value.split('/').length - 1;
    if (slashes > 1) return `${format}, found "${value}" in ${key}`;
    if (value.length > 320) return `value cannot exceed 320 characters, found "${value}" in ${key}`;
    if (slashes === 1) {
      const [ns, sa] = value.split('/');
      if (ns === '') return `${format}, found empty namespace "${value}" in ${key}`;
      if (sa === '') return `${format}, found empty serviceAccount "${value}" in ${key}`;
    }
  }
  return undefined;
}

const MATCH_ONE = '{*}';
const MATCH_ANY = '{**}';
/** RFC 3986 pchar: what Envoy accepts as a literal segment of a path template. */
const VALID_LITERAL = /^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/;

/**
 * security.go `CheckValidPathTemplate`: in `{*}`/`{**}` templates `{**}` comes last, no other
 * braces, and literal segments are pchars. Paths without a template are not checked.
 */
export function pathTemplateProblem(key: string, paths: readonly unknown[]): string | undefined {
  for (const raw of paths) {
    if (typeof raw !== 'string') continue;
    const isTemplate = raw.includes(MATCH_ONE) || raw.includes(MATCH_ANY);
    const path = raw.replace(/^\/+|\/+$/g, '');
    let matchAnySeen = false;
    for (const glob of path.split('/')) {
      if ((glob === MATCH_ONE || glob === MATCH_ANY) && matchAnySeen) {
        return `invalid or unsupported path ${path}, found in ${key}. {**} is not the last operator`;
      }
      if (glob === MATCH_ONE) continue;
      if (glob === MATCH_ANY) {
        matchAnySeen = true;
        continue;
      }
      if (/[{}]/.test(glob)) return `invalid or unsupported path ${path}, found in ${key}. Contains '{' or '}' beyond a supported path template`;
      if (isTemplate && !VALID_LITERAL.test(glob)) return `invalid or unsupported path ${path}, found in ${key}. Contains segment ${glob} with invalid string literal`;
    }
  }
  return undefined;
}

/** security.go `ValidateIPs`: an address, or with a `/` a CIDR prefix. One problem per bad value. */
export function ipProblems(values: readonly unknown[]): string[] {
  const problems: string[] = [];
  for (const v of values) {
    if (typeof v === 'string' && v.includes('/')) {
      if (!isIPPrefix(v)) problems.push(`bad CIDR range (${v})`);
    } else if (!isIPAddress(v)) {
      problems.push(`bad IP address (${v})`);
    }
  }
  return problems;
}

/** security.go `ValidatePorts`: decimal strings 0–65535 (Go's ParseUint: digits only, no sign). */
export function portProblems(values: readonly unknown[]): string[] {
  return values
    .filter((v) => typeof v !== 'string' || !/^[0-9]+$/.test(v) || Number(v) > 65535)
    // An unquoted YAML number never reaches istiod (the field is a string list), but say so plainly.
    .map((v) => (typeof v === 'number' ? `bad port (${v}): ports are strings, write "${v}"` : `bad port (${v})`));
}

/** security.go `validateMapKey`: `name[key]` with a non-empty key. */
function mapKeyProblem(key: string): string | undefined {
  const open = key.indexOf('[');
  return key.endsWith(']') && open > 0 && open < key.length - 2 ? undefined : `bad key (${key}): should have format a[b]`;
}

/**
 * security.go `ValidateAttribute`: the `when` keys istiod knows and what their values must be.
 * The order of the prefix tests is Go's.
 */
export function attributeProblem(key: string, values: readonly unknown[]): string | undefined {
  const empty = emptyValuesProblem(key, values);
  if (empty) return empty;
  const first = (problems: string[]) => (problems.length > 0 ? problems.join('; ') : undefined);
  if (key.startsWith('request.headers')) return mapKeyProblem(key);
  if (key.startsWith('request.experimental.inline.headers')) return mapKeyProblem(key);
  switch (key) {
    case 'source.ip':
    case 'remote.ip':
    case 'destination.ip':
      return first(ipProblems(values));
    case 'source.serviceAccount':
      return serviceAccountsProblem(key, values);
    case 'destination.port':
      return first(portProblems(values));
    case 'source.namespace':
    case 'source.principal':
    case 'request.auth.principal':
    case 'request.auth.audiences':
    case 'request.auth.presenter':
    case 'connection.sni':
      return undefined;
    case 'destination.namespace':
      return `attribute ${key} is replaced by the metadata.namespace`;
    case 'destination.name':
    case 'destination.user':
      return `deprecated attribute ${key}: only supported in v1alpha1`;
  }
  if (key.startsWith('request.auth.claims')) return mapKeyProblem(key);
  if (key.startsWith('experimental.envoy.filters.')) return mapKeyProblem(key);
  if (key.startsWith('destination.labels')) return `attribute ${key} is replaced by the workload selector`;
  return `unknown attribute: ${key}`;
}
