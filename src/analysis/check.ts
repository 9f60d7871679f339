/**
 * The entry point: run every rule over a model and return the findings, sorted.
 */
import { MeshEnvironment, MeshModel } from '../model';
import { Finding, sortFindings } from './finding';
import { Rule } from './rule';
import { RULES } from './registry';

/** Runs `rules` (all by default) over the model; output is deterministic. */
export function check(model: MeshModel, rules: readonly Rule[] = RULES): Finding[] {
  return sortFindings(rules.flatMap((rule) => rule.run(model)));
}

/** Convenience for tests and synth hooks: checks an in-process cdk8s App or Chart. */
export function checkApp(appOrChart: unknown, environment: MeshEnvironment = {}): Finding[] {
  return check(MeshModel.fromApp(appOrChart, environment));
}

/** Checks YAML/JSON manifest files or folders (throws `IstioTrafficError` CIT900 on unusable input). */
export function checkFiles(paths: readonly string[], environment: MeshEnvironment = {}): Finding[] {
  return check(MeshModel.fromFiles(paths, environment));
}

/** Whether any finding is an error (what makes `check` exit 1 and synth fail). */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
