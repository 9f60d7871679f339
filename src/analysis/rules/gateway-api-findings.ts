/**
 * Shared by the gateway-api-* rules: the conditions of the Gateway API translation as findings,
 * with the field they concern and its `file:line`.
 */
import { gatewayApiTranslation, GatewayApiCondition } from '../../gateway-api';
import { MeshModel } from '../../model';
import { fieldLine, fieldPathSegments } from '../../model/field-lines';
import { describeResource } from '../../model/resource';
import { Finding, finding, Severity } from '../finding';

/** The translation's conditions with one of `reasons`, optionally only on fields matching `field`. */
export function conditionsWith(model: MeshModel, reasons: readonly string[], field?: RegExp): GatewayApiCondition[] {
  return gatewayApiTranslation(model).conditions.filter((c) => reasons.includes(c.reason) && (!field || field.test(c.field ?? '')));
}

/** `spec.rules[0].backendRefs[1] (routes.yaml:14)`: the field, and where it is written when known. */
export function whereField(c: GatewayApiCondition): string {
  if (!c.field) return describeResource(c.resource);
  const line = c.resource.source ? fieldLine(c.resource.object, c.field) : undefined;
  return line === undefined ? c.field : `${c.field} (${c.resource.source!.file}:${line})`;
}

/** The value at a Kubernetes field path (`spec.rules[0].backendRefs[1]`) of an object. */
export function valueAt(object: any, path: string): any {
  let value = object;
  for (const segment of fieldPathSegments(path)) value = value == null ? undefined : value[/^[0-9]+$/.test(segment) ? Number(segment) : segment];
  return value;
}

export function conditionFinding(c: GatewayApiCondition, code: string, severity: Severity, message: string, fix: string): Finding {
  return finding(c.resource, code, severity, message, fix);
}

/** `Service ns/name` for a backendRef written in a route of `routeNamespace`. */
export function describeBackend(ref: any, routeNamespace: string): string {
  const group = ref?.group ?? '';
  const kind = ref?.kind ?? 'Service';
  const shown = group === '' ? kind : `${kind}.${group}`;
  return `${shown} ${ref?.namespace ?? routeNamespace}/${ref?.name}`;
}

/**
 * The share of a rule's requests a backendRef receives: `weight 1 of 2` (the CRD defaults each
 * weight to 1), `all requests` when it is the only weighted backend.
 */
export function shareOf(rule: any, ref: any): string {
  const weights = (Array.isArray(rule?.backendRefs) ? rule.backendRefs : []).map((r: any) => (typeof r?.weight === 'number' ? r.weight : 1));
  const total = weights.reduce((a: number, b: number) => a + b, 0);
  const own = typeof ref?.weight === 'number' ? ref.weight : 1;
  return own === total ? 'all of the rule\'s requests' : `weight ${own} of ${total} of the rule's requests`;
}
