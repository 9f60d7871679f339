/**
 * The ObjectMeta checks the API server applies to every custom resource on create
 * (apimachinery ValidateObjectMeta with NameIsDNSSubdomain, as the CR strategy uses), plus the
 * strict decoder's unknown-field rejection inside `metadata`. The CRD schema says nothing
 * about metadata, so without this a manifest with a bad name would pass validation.
 */

export interface MetadataViolation {
  path: string;
  message: string;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

const KNOWN_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

function isDnsSubdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

/** validation.IsQualifiedName: `[prefix/]name`, prefix a DNS subdomain, name ≤ 63. */
function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1]!;
  if (parts.length === 2 && (parts[0] === '' || !isDnsSubdomain(parts[0]!))) return false;
  return name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}

function stringMap(v: unknown, path: string, out: MetadataViolation[]): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    out.push({ path, message: 'Invalid value: must be a map of string to string' });
    return {};
  }
  return v as Record<string, string>;
}

export function validateMetadata(metadata: unknown, namespaced: boolean): MetadataViolation[] {
  const out: MetadataViolation[] = [];
  if (metadata === undefined || metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    return [{ path: 'metadata.name', message: 'Required value: name or generateName is required' }];
  }
  const m = metadata as Record<string, unknown>;
  for (const k of Object.keys(m)) if (!KNOWN_FIELDS.has(k)) out.push({ path: `metadata.${k}`, message: `unknown field "metadata.${k}"` });
  if (typeof m.name === 'string' && m.name !== '') {
    if (!isDnsSubdomain(m.name)) {
      out.push({ path: 'metadata.name', message: `Invalid value: "${m.name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character` });
    }
  } else if (typeof m.generateName !== 'string' || m.generateName === '') {
    out.push({ path: 'metadata.name', message: 'Required value: name or generateName is required' });
  }
  if (m.namespace !== undefined && m.namespace !== '') {
    if (!namespaced) out.push({ path: 'metadata.namespace', message: 'Forbidden: not allowed on this type' });
    else if (typeof m.namespace !== 'string' || m.namespace.length > 63 || !DNS1123_LABEL.test(m.namespace)) {
      out.push({ path: 'metadata.namespace', message: `Invalid value: ${JSON.stringify(m.namespace)}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'` });
    }
  }
  for (const [k, v] of Object.entries(stringMap(m.labels, 'metadata.labels', out))) {
    if (!isQualifiedName(k)) out.push({ path: 'metadata.labels', message: `Invalid value: "${k}": name part must consist of alphanumeric characters, '-', '_' or '.'` });
    if (v.length > 63 || !LABEL_VALUE.test(v)) out.push({ path: `metadata.labels`, message: `Invalid value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.' (at most 63)` });
  }
  const annotations = stringMap(m.annotations, 'metadata.annotations', out);
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    if (!isQualifiedName(k.toLowerCase())) out.push({ path: 'metadata.annotations', message: `Invalid value: "${k}": name part must consist of alphanumeric characters, '-', '_' or '.'` });
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) out.push({ path: 'metadata.annotations', message: `Too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes` });
  return out;
}
