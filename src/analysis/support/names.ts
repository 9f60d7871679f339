/**
 * Name syntax as istiod's validation reads it (pkg/config/validation, pkg/config/labels).
 */
import { isIPv4 } from '../../model';
import { isIstioDNS1123Label } from './host-validation';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Istio accepts upper case in host labels (hosts are matched case-insensitively). */
const HOST_LABEL = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
/** First label of a host: `*`, or a label optionally prefixed by `*` / `*-` (Istio's wildcardPrefix). */
const WILDCARD_FIRST_LABEL = /^(\*|(\*|\*-)?[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;

/** A Kubernetes DNS-1123 label: namespaces, subset names, port names of ServiceEntries. */
export function isDNS1123Label(value: string): boolean {
  return value.length > 0 && value.length <= 63 && DNS1123_LABEL.test(value);
}

/**
 * Istio's `ValidateWildcardDomain`: returns the problem with a host, or undefined when it is valid.
 * A wildcard is accepted only in the first label.
 */
export function wildcardDomainProblem(domain: string): string | undefined {
  if (domain === '') return 'empty domain name not allowed';
  if (domain.length > 255) return `domain name "${domain}" too long (max 255)`;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (first.length > 63 || !WILDCARD_FIRST_LABEL.test(first)) return `domain name "${domain}" invalid (label "${first}" invalid)`;
  if (dot < 0) return undefined;
  return labelsProblem(domain, domain.slice(dot + 1));
}

/** Istio's `ValidateFQDN`: like a domain, but no wildcard at all. */
export function fqdnProblem(domain: string): string | undefined {
  if (domain === '') return 'empty domain name not allowed';
  if (domain.length > 255) return `domain name "${domain}" too long (max 255)`;
  return labelsProblem(domain, domain);
}

function labelsProblem(domain: string, rest: string): string | undefined {
  // A single trailing dot (absolute name) is tolerated, as in istiod.
  const trimmed = rest.endsWith('.') ? rest.slice(0, -1) : rest;
  for (const label of trimmed.split('.')) {
    if (label.length > 63 || !HOST_LABEL.test(label)) return `domain name "${domain}" invalid (label "${label}" invalid)`;
  }
  return undefined;
}

/** Whether `value` is an IPv4/IPv6 address or CIDR. */
export function isIPOrCIDR(value: string): boolean {
  if (isIPv4(value)) return value.split('/')[0].split('.').every((o) => Number(o) <= 255);
  return /^[0-9a-fA-F:]+(\/\d{1,3})?$/.test(value) && value.includes(':');
}

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Problem with a Kubernetes label key (`prefix/name`), or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || fqdnProblem(prefix.toLowerCase()) !== undefined)) return `invalid label key prefix "${prefix}"`;
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) return `invalid label key "${key}"`;
  return undefined;
}

/** Problem with a Kubernetes label value, or undefined. */
export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `label value ${JSON.stringify(value)} is not a string`;
  if (value.length > 63 || !LABEL_VALUE.test(value)) return `invalid label value "${value}"`;
  return undefined;
}

/** Problems with a label map (selector, subset labels). */
export function labelsProblems(labels: unknown): string[] {
  if (labels === undefined || labels === null) return [];
  if (typeof labels !== 'object' || Array.isArray(labels)) return [`labels must be a map of strings, got ${JSON.stringify(labels)}`];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    const k = labelKeyProblem(key);
    if (k) problems.push(k);
    const v = labelValueProblem(value);
    if (v) problems.push(v);
  }
  return problems;
}

/** RFC 7230 token characters: what Envoy accepts as a header name. */
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-zA-Z]+$/;

export function isHttpToken(name: string): boolean {
  return HTTP_TOKEN.test(name);
}

export function isValidPort(port: unknown): boolean {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** istiod: validation.go `ValidatePortName`. */
export function portNameProblem(name: unknown): string | undefined {
  return isIstioDNS1123Label(name) ? undefined : `invalid port name: ${name ?? ''}`;
}

/**
 * istiod: validation.go `validateWorkloadSelector` / `ValidateAlphaWorkloadSelector`: keys not
 * empty, no `*` in keys or values. (The empty-map warning is left to the caller: its wording differs.)
 */
export function selectorLabelProblems(labels: unknown): string[] {
  if (labels === undefined || labels === null || typeof labels !== 'object') return [];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    const pair = JSON.stringify(`${key}=${value}`);
    if (key === '') problems.push(`empty key is not supported in selector: ${pair}`);
    if (key.includes('*') || String(value).includes('*')) problems.push(`wildcard is not supported in selector: ${pair}`);
  }
  return problems;
}
