/**
 * IST0106 for AuthorizationPolicies (istiod: validation.go `ValidateAuthorizationPolicy`, with the
 * value checks of pkg/config/security): selector vs targetRef(s), CUSTOM and its provider, DENY
 * without rules, empty from/to/source/operation, `when` keys and values, ports, IP blocks, paths.
 */
import { MeshModel, Resource } from '../../model';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { attributeProblem, emptyValuesProblem, ipProblems, pathTemplateProblem, portProblems, serviceAccountsProblem } from '../support/authz-values';
import { rejectsDryRunAnnotation } from '../support/dry-run';
import { validateMatchLabelsSelector, validateOneOfSelectorType, validatePolicyTargets } from '../support/policy-targets';
import { arr, has, SchemaIssues } from '../support/schema';

export const authorizationPolicyValidation: Rule = {
  code: 'IST0106',
  description: 'AuthorizationPolicy fields that istiod\'s validating webhook rejects or warns about',
  run(model: MeshModel): Finding[] {
    return model.ofKind('AuthorizationPolicy').flatMap(validateAuthorizationPolicy);
  },
};

const SOURCE_FIELDS = ['principals', 'requestPrincipals', 'namespaces', 'serviceAccounts', 'ipBlocks', 'remoteIpBlocks',
  'notPrincipals', 'notRequestPrincipals', 'notNamespaces', 'notServiceAccounts', 'notIpBlocks', 'notRemoteIpBlocks'];
/** Source fields that an L4 (TCP) filter can evaluate: a DENY rule using only others matches no TCP traffic. */
const TCP_SOURCE_FIELDS = ['principals', 'notPrincipals', 'ipBlocks', 'notIpBlocks', 'namespaces', 'notNamespaces',
  'remoteIpBlocks', 'notRemoteIpBlocks', 'serviceAccounts', 'notServiceAccounts'];
const OPERATION_FIELDS = ['ports', 'methods', 'paths', 'hosts', 'notPorts', 'notMethods', 'notPaths', 'notHosts'];
/** What ext_authz (CUSTOM) cannot evaluate: istiod rejects these in CUSTOM rules. */
const CUSTOM_UNSUPPORTED_SOURCES: ReadonlyArray<[string, string]> = [
  ['namespaces', 'From.Namespaces'], ['notNamespaces', 'From.NotNamespaces'], ['serviceAccounts', 'From.ServiceAccounts'],
  ['notServiceAccounts', 'From.NotServiceAccounts'], ['principals', 'From.Principals'], ['notPrincipals', 'From.NotPrincipals'],
  ['requestPrincipals', 'From.RequestPrincipals'], ['notRequestPrincipals', 'From.NotRequestPrincipals'],
];
/** AuthorizationPolicy.Action: any other value fails istiod's decoding of the resource. */
const ACTIONS = ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'];
const NEVER_TRIGGERED = 'without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request';

export function validateAuthorizationPolicy(policy: Resource): Finding[] {
  const issues = new SchemaIssues(policy);
  if (rejectsDryRunAnnotation(issues, policy)) return issues.result();
  const spec = policy.spec;
  const action = spec.action ?? 'ALLOW';
  if (!ACTIONS.includes(action)) issues.add(`unknown action ${JSON.stringify(action)}`, `use one of ${ACTIONS.join(', ')}`);
  validateOneOfSelectorType(issues, spec);
  validateMatchLabelsSelector(issues, spec.selector);
  validatePolicyTargets(issues, spec);

  // `rules: []` is present (non-nil) for istiod; only an absent list is "no rules".
  const rules: any[] | undefined = Array.isArray(spec.rules) ? spec.rules : undefined;
  if (action === 'CUSTOM') {
    if (rules === undefined) issues.add(`CUSTOM action ${NEVER_TRIGGERED}`, 'add rules (an empty rule {} matches every request)');
    else if (!spec.provider?.name) issues.add('`provider.name` must not be empty', 'name the extension provider declared in MeshConfig extensionProviders');
    for (const rule of rules ?? []) validateCustomRule(issues, rule);
  }
  if (has(spec.provider) && action !== 'CUSTOM') {
    issues.add(`\`provider\` must not be with non CUSTOM action, found ${action}`, 'remove provider, or set action: CUSTOM');
  }
  if (action === 'DENY' && rules === undefined) issues.add(`DENY action ${NEVER_TRIGGERED}`, 'add the rules to deny (an empty rule {} denies every request)');
  (rules ?? []).forEach((rule, i) => validateRule(issues, rule, i, action === 'DENY'));
  return issues.result();
}

function validateCustomRule(issues: SchemaIssues, rule: any): void {
  const unsupported = (name: string) => issues.add(`${name} is currently not supported with CUSTOM action`, 'match on operations, IP blocks or headers in CUSTOM rules, and on identities in ALLOW/DENY policies');
  for (const from of arr(rule?.from)) {
    const source = from?.source;
    if (!has(source)) continue;
    for (const [field, name] of CUSTOM_UNSUPPORTED_SOURCES) if (arr(source[field]).length > 0) unsupported(name);
  }
  for (const when of arr(rule?.when)) {
    if (!has(when)) {
      issues.add('when field cannot be nil', 'remove the empty when entry');
      continue;
    }
    const key = String(when.key ?? '');
    if (key === 'source.namespace' || key === 'source.serviceAccount' || key === 'source.principal' || key.startsWith('request.auth.')) unsupported(key);
  }
}

function validateRule(issues: SchemaIssues, rule: any, i: number, deny: boolean): void {
  if (!has(rule)) {
    issues.add(`\`rule\` must not be nil, found at rule ${i}`, 'remove the null rule, or write {} to match every request');
    return;
  }
  const from = validateClauses(issues, rule, i, 'from', 'source', validateSource);
  const to = validateClauses(issues, rule, i, 'to', 'operation', validateOperation);
  for (const condition of arr(rule.when)) validateCondition(issues, condition ?? {});
  if (deny && ((from.exists && !to.exists && !from.tcp) || (to.exists && !to.tcp))) {
    issues.warn('configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port',
      `add to.operation.ports to rules[${i}] so the DENY rule applies to HTTP ports only`);
  }
}

/**
 * `rules[i].from` or `rules[i].to`: the list, when given, not empty; each entry and its
 * `source`/`operation` not nil; each body validated by `validate`. Returns whether some body was
 * there and whether some body uses a field TCP traffic can match (istiod: ValidateAuthorizationPolicy).
 */
function validateClauses(issues: SchemaIssues, rule: any, i: number, clause: 'from' | 'to', body: 'source' | 'operation',
  validate: (issues: SchemaIssues, value: any, i: number) => boolean): { exists: boolean; tcp: boolean } {
  const fix = `remove rules[${i}].${clause} or give it at least one matching field`;
  if (Array.isArray(rule[clause]) && rule[clause].length === 0) issues.add(`\`${clause}\` must not be empty, found at rule ${i}`, fix);
  let exists = false;
  let tcp = false;
  for (const entry of arr(rule[clause])) {
    if (!has(entry)) {
      issues.add(`\`${clause}\` must not be nil, found at rule ${i}`, fix);
      continue;
    }
    if (!has(entry[body])) {
      issues.add(`\`${clause}.${body}\` must not be nil, found at rule ${i}`, fix);
      continue;
    }
    exists = true;
    tcp = validate(issues, entry[body], i) || tcp;
  }
  return { exists, tcp };
}

/** Validates one `source`; returns whether it uses a field TCP traffic can match. */
function validateSource(issues: SchemaIssues, source: any, i: number): boolean {
  const count = (fields: string[]) => fields.reduce((n, f) => n + arr(source[f]).length, 0);
  if (count(['principals', 'notPrincipals', 'namespaces', 'notNamespaces']) > 0 && count(['serviceAccounts', 'notServiceAccounts']) > 0) {
    issues.add(`cannot set serviceAccounts with namespaces or principals, found at rule ${i}`, 'use either serviceAccounts or principals/namespaces in one source');
  }
  if (count(SOURCE_FIELDS) === 0) issues.add(`\`from.source\` must not be empty, found at rule ${i}`, 'set principals, namespaces, serviceAccounts, requestPrincipals or ipBlocks, or remove the source');
  for (const field of ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks']) {
    for (const problem of ipProblems(arr(source[field]))) issues.add(`rules[${i}].from.source.${field}: ${problem}`, 'use IP addresses or CIDR blocks such as 10.0.0.0/16');
  }
  for (const field of SOURCE_FIELDS) {
    const key = field[0].toUpperCase() + field.slice(1);
    const problem = field === 'serviceAccounts' || field === 'notServiceAccounts'
      ? serviceAccountsProblem(key, arr(source[field]))
      : emptyValuesProblem(key, arr(source[field]));
    issues.addIf(problem, `remove empty values from rules[${i}].from.source.${field}`);
  }
  return TCP_SOURCE_FIELDS.some((f) => has(source[f]));
}

/** Validates one `operation`; returns whether it names ports (so TCP traffic can match). */
function validateOperation(issues: SchemaIssues, operation: any, i: number): boolean {
  if (OPERATION_FIELDS.every((f) => arr(operation[f]).length === 0)) {
    issues.add(`\`to.operation\` must not be empty, found at rule ${i}`, 'set ports, methods, paths or hosts, or remove the operation');
  }
  for (const field of ['ports', 'notPorts']) {
    for (const problem of portProblems(arr(operation[field]))) issues.add(`rules[${i}].to.operation.${field}: ${problem}`, 'write ports as strings of numbers 0–65535, e.g. "8080"');
  }
  for (const field of OPERATION_FIELDS) {
    issues.addIf(emptyValuesProblem(field[0].toUpperCase() + field.slice(1), arr(operation[field])), `remove empty values from rules[${i}].to.operation.${field}`);
  }
  issues.addIf(pathTemplateProblem('Paths', arr(operation.paths)), 'use only {*} and {**} (last) as path template operators');
  issues.addIf(pathTemplateProblem('NotPaths', arr(operation.notPaths)), 'use only {*} and {**} (last) as path template operators');
  return has(operation.ports) || has(operation.notPorts);
}

function validateCondition(issues: SchemaIssues, condition: any): void {
  const key = typeof condition.key === 'string' ? condition.key : '';
  if (key === '') {
    issues.add('`key` must not be empty', 'set when[].key, e.g. request.headers[x-user] or source.ip');
    return;
  }
  const values = arr(condition.values);
  const notValues = arr(condition.notValues);
  if (values.length === 0 && notValues.length === 0) {
    issues.add(`at least one of \`values\` or \`notValues\` must be set for key ${key}`, `give the condition on ${key} values or notValues`);
    return;
  }
  const fix = 'use a known key (request.headers[...], source.ip, remote.ip, source.namespace, source.principal, source.serviceAccount, request.auth.*, destination.ip, destination.port, connection.sni, experimental.envoy.filters.*) with valid values';
  const valueProblem = attributeProblem(key, values);
  if (valueProblem) issues.add(`invalid \`value\` for \`key\` ${key}: ${valueProblem}`, fix);
  const notValueProblem = attributeProblem(key, notValues);
  if (notValueProblem) issues.add(`invalid \`notValue\` for \`key\` ${key}: ${notValueProblem}`, fix);
}
