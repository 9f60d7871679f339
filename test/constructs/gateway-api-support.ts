/**
 * Helpers of the Gateway API construct tests: synthesise a team, pick objects by kind and name,
 * and validate the synthesised objects as the API server would on create (`validateManifest`:
 * schema and CEL of the installed Istio 1.30.3 and Gateway API v1.5.1 standard CRDs).
 */
import { Chart } from 'cdk8s';
import { formatViolation, validateManifest } from '../../src/analysis/apiserver/validate';
import { Team } from '../../src';

/** Every way the API server would reject `objects` (Istio and Gateway API kinds), one line each. */
export function gatewayApiViolations(objects: unknown[]): string[] {
  return validateManifest(objects).violations.map(formatViolation);
}

/** The synthesised objects of `team` (its checks run first, like `Testing.synth`). */
export function synthTeam(team: Team | Chart): any[] {
  return team.toJson();
}

/** The objects of one kind. */
export function ofKind(objects: any[], kind: string): any[] {
  return objects.filter((o) => o.kind === kind);
}

/** The one object of `kind` named `name`; fails the test when there is not exactly one. */
export function one(objects: any[], kind: string, name: string): any {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length} (have: ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')})`);
  return found[0];
}

/** `kind/name` of every object, for shape assertions. */
export function inventory(objects: any[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata?.name}`);
}
