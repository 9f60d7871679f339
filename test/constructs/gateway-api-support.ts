/**
 * Helpers of the Gateway API construct tests: synthesise a team, pick objects by kind and name,
 * and validate the Gateway API objects against the vendored v1.5.1 standard CRDs (schema and
 * CEL, as the API server would on create).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { parseCrdBundle } from '../../scripts/crd-schemas';
import type { CrdBundle } from '../../src/analysis/apiserver/crd-types';
import { formatViolation, validateManifest } from '../../src/analysis/apiserver/validate';
import { Team } from '../../src';

let bundle: CrdBundle | undefined;

/** The v1.5.1 standard-channel CRDs the repo vendors. */
export function gatewayApiCrds(): CrdBundle {
  bundle ??= parseCrdBundle(
    fs.readFileSync(path.join(__dirname, '../../vendor/gateway-api-v1.5.1/standard-install.yaml'), 'utf8'),
    'gateway-api-v1.5.1/standard-install.yaml',
  );
  return bundle;
}

/**
 * Every way the API server would reject the Gateway API objects of `objects`, one line each.
 * The Gateway API CRDs declare `metadata` as a bare object, and the structural walk (written
 * for Istio's CRDs, which do not) reads that as "no fields allowed"; the API server validates
 * ObjectMeta itself, so those lines are not rejections and are left out here.
 */
export function gatewayApiViolations(objects: unknown[]): string[] {
  return validateManifest(objects, { bundle: gatewayApiCrds() }).violations
    .filter((v) => !(v.source === 'schema' && v.path.startsWith('metadata.')))
    .map(formatViolation);
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
