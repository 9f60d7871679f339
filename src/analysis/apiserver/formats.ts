/**
 * String formats as the Kubernetes API server checks them for custom resources (kube-openapi's
 * strfmt registry). Only the string formats that appear in the Istio and Gateway API bundles
 * are implemented; formats on numbers (`int32`, `double`) are never checked by Kubernetes, and a format
 * Kubernetes ignores is ignored here. A format Kubernetes *does* check but this file does not
 * implement makes compilation fail, so nobody silently relies on a check that is not there.
 */
import { isIPv4Format, isIPv6Format } from './go-ip';

/** Formats that Kubernetes validates on strings (apiextensions-apiserver supported formats). */
const KUBERNETES_CHECKED_FORMATS = new Set([
  'bsonobjectid', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac', 'uuid', 'uuid3', 'uuid4',
  'uuid5', 'isbn', 'isbn10', 'isbn13', 'creditcard', 'ssn', 'hexcolor', 'rgbcolor', 'byte', 'password',
  'date', 'duration', 'datetime', 'date-time',
]);
/** Go's base64.StdEncoding: padded standard alphabet (strfmt.Base64). */
function isBase64(s: string): boolean {
  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
}

/**
 * strfmt.IsDateTime (the check, not the lenient parser): full-date, `T`/`t`, hh:mm:ss, optional
 * fraction (its regexp has an unescaped `.`, so any one character introduces it), `Z` or ±hh:mm.
 */
const TIME_PART = /^(\d{2}):(\d{2}):(\d{2})(.\d+)?(z|[+-]\d{2}:\d{2})$/;
function isDateTime(s: string): boolean {
  const parts = s.toLowerCase().split('t');
  if (parts.length < 2 || !isDate(parts[0]!)) return false;
  const m = TIME_PART.exec(parts[1]!);
  return !!m && m[1]! <= '23' && m[2]! <= '59' && m[3]! <= '59';
}

/** strfmt `date`: full-date of RFC 3339. */
function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) >= 1 && Number(m[3]) <= daysIn(Number(m[1]), Number(m[2]));
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export const STRING_FORMATS: Record<string, (s: string) => boolean> = {
  'byte': isBase64,
  'date-time': isDateTime,
  'datetime': isDateTime,
  'date': isDate,
  'ipv4': isIPv4Format,
  'ipv6': isIPv6Format,
};

/**
 * What to do with `format` on a schema node: `undefined` when Kubernetes would not check it,
 * the format name when it is checked and implemented; throws when checked but not implemented.
 * A node without `type` checks its format on string values too (kube-openapi's formatValidator
 * looks at the value's kind): the Gateway API's `anyOf: [{format: ipv4}, {format: ipv6}]`.
 */
export function checkedFormat(type: string | undefined, format: string | undefined): string | undefined {
  if (format === undefined || (type !== 'string' && type !== undefined) || !KUBERNETES_CHECKED_FORMATS.has(format)) return undefined;
  if (!(format in STRING_FORMATS)) {
    throw new Error(`CRD validation: string format "${format}" is checked by Kubernetes but not implemented here`);
  }
  return format;
}
