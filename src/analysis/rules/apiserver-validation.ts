/**
 * What the Kubernetes API server rejects before istiod sees anything: `kubectl apply` (strict
 * field validation) of an Istio or Gateway API object is checked against its CRD version's
 * structural schema (unknown fields, types, enums, formats, bounds, ObjectMeta) and the CRD's
 * CEL rules (src/analysis/apiserver), with the Istio 1.30.3 and Gateway API v1.5.1 standard
 * CRDs installed. Istio has no code for these (they never reach istiod), so they are the
 * library's own: CIT110 schema, CIT111 CEL rule, CIT112 apiVersion not served.
 */
import { MeshModel, Resource } from '../../model';
import { fieldLine, fieldPathSegments } from '../../model/field-lines';
import { gvkKey, splitApiVersion, type CrdBundle, type CrdVersion } from '../apiserver/crd-types';
import { closestField, schemaAt } from '../apiserver/field-suggestion';
import { bundleForGroup, isInstalledGroup } from '../apiserver/installed-crds';
import { isUnknownField, validateAgainstCrds, type Violation } from '../apiserver/validate';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';

export const CRD_SCHEMA_VIOLATION = 'CIT110';
export const CRD_RULE_VIOLATION = 'CIT111';
export const API_VERSION_NOT_SERVED = 'CIT112';

export const apiServerValidation: Rule = {
  code: `${CRD_SCHEMA_VIOLATION}/${CRD_RULE_VIOLATION}/${API_VERSION_NOT_SERVED}`,
  description: 'Istio and Gateway API objects the Kubernetes API server rejects: CRD structural schema (strict) and CEL rules',
  run(model: MeshModel): Finding[] {
    return model.resources
      .filter((r) => isInstalledGroup(splitApiVersion(r.apiVersion).group))
      .flatMap(validateResource);
  },
};

function validateResource(resource: Resource): Finding[] {
  const { group, version } = splitApiVersion(resource.apiVersion);
  const bundle = bundleForGroup(group)!;
  const result = validateAgainstCrds(resource.object, { bundle });
  if (result.ok) return [];
  const crd = bundle.byGvk.get(gvkKey(group, version, resource.kind));
  if (!crd) return [versionNotServed(resource, group, bundle)];
  // The API server's "some validation rules were not checked" line is not a problem of its own.
  return result.violations.filter((v) => v.source !== 'cel' || v.ruleId !== undefined).map((v) => toFinding(resource, crd, v, result.celSkipped));
}

function versionNotServed(resource: Resource, group: string, bundle: CrdBundle): Finding {
  const release = bundle.release ?? bundle.source;
  const served = bundle.versions.filter((v) => v.group === group && v.kind === resource.kind).map((v) => v.version);
  if (served.length === 0) {
    return finding(resource, API_VERSION_NOT_SERVED, 'error',
      `The API server has no ${resource.kind} in ${group}: no matches for kind "${resource.kind}" in version "${resource.apiVersion}" (${release} has no such CRD).`,
      `use a kind that ${group} defines: ${[...new Set(bundle.versions.filter((v) => v.group === group).map((v) => v.kind))].join(', ')}`);
  }
  return finding(resource, API_VERSION_NOT_SERVED, 'error',
    `The API server has no ${resource.kind} in ${resource.apiVersion}: no matches for kind "${resource.kind}" in version "${resource.apiVersion}" (${release} serves ${served.map((v) => `${group}/${v}`).join(', ')}).`,
    `set apiVersion to ${group}/${served.includes('v1') ? 'v1' : served[0]}`);
}

/** `spec.x (file.yaml:12)`: the field, and where it is written when the object came from a file. */
function where(resource: Resource, path: string): string {
  const line = resource.source && path !== '' ? fieldLine(resource.object, path) : undefined;
  const shown = path === '' ? '<root>' : path;
  return line === undefined ? shown : `${shown} (${resource.source!.file}:${line})`;
}

function toFinding(resource: Resource, crd: CrdVersion, v: Violation, celSkipped: boolean): Finding {
  const gvk = `${crd.group}/${crd.version} ${crd.kind}`;
  if (v.source === 'cel') {
    return finding(resource, CRD_RULE_VIOLATION, 'error',
      `The API server rejects it: ${where(resource, v.path)}: ${v.message} (CEL rule of the ${gvk} CRD: ${v.rule}).`,
      'change the value so that the rule holds');
  }
  const later = isUnknownField(v) ? ' (the API server validates the rest of the object only once no field is unknown)'
    : celSkipped ? ' (the API server checks the CRD\'s CEL rules only once this is fixed)' : '';
  return finding(resource, CRD_SCHEMA_VIOLATION, 'error',
    `The API server rejects it: ${where(resource, v.path)}: ${schemaMessage(v)} (${gvk} CRD schema).`,
    `${schemaFix(crd, v)}${later}`);
}

function schemaMessage(v: Violation): string {
  return isUnknownField(v) ? 'unknown field' : v.message;
}

function schemaFix(crd: CrdVersion, v: Violation): string {
  if (isUnknownField(v)) {
    const segments = fieldPathSegments(v.path);
    const name = segments[segments.length - 1]!;
    const suggestion = v.source === 'schema' ? closestField(schemaAt(crd.schema, segments.slice(0, -1)), name) : undefined;
    return suggestion ? `did you mean "${suggestion}"? Rename "${name}" to "${suggestion}"` : `remove "${name}"; the ${crd.kind} ${crd.version} schema has no such field here`;
  }
  if (v.message.startsWith('Required value')) return 'add the required field';
  if (v.message.startsWith('Unsupported value')) return 'use one of the supported values';
  if (v.message.startsWith('Invalid value: must be of type')) return `write the value as ${v.message.slice('Invalid value: must be of type '.length)}`;
  if (v.message.startsWith('Duplicate value')) return 'remove the duplicate entry or give it a distinct key';
  return 'change the value to satisfy the CRD schema';
}
