/**
 * IST0106 for RequestAuthentications (istiod: validation.go `ValidateRequestAuthentication` and
 * `validateJwtRule`): selector vs targetRef(s), and per JWT rule issuer/jwksUri, audiences, token
 * locations, claim-to-header outputs and the fetch timeout.
 */
import { MeshModel, Resource } from '../../model';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { rejectsDryRunAnnotation } from '../support/dry-run';
import { durationProblem } from '../support/duration';
import { validateMatchLabelsSelector, validateOneOfSelectorType, validatePolicyTargets } from '../support/policy-targets';
import { arr, has, SchemaIssues } from '../support/schema';

/** validation.go `validHeaderRegex`, used for the headers JWT claims are copied to. */
const HEADER_NAME = /^[-_A-Za-z0-9]+$/;

export const requestAuthenticationValidation: Rule = {
  code: 'IST0106',
  description: 'RequestAuthentication fields that istiod\'s validating webhook rejects or warns about',
  run(model: MeshModel): Finding[] {
    return model.ofKind('RequestAuthentication').flatMap(validateRequestAuthentication);
  },
};

export function validateRequestAuthentication(policy: Resource): Finding[] {
  const issues = new SchemaIssues(policy);
  if (rejectsDryRunAnnotation(issues, policy)) return issues.result();
  const spec = policy.spec;
  validateOneOfSelectorType(issues, spec);
  validateMatchLabelsSelector(issues, spec.selector);
  validatePolicyTargets(issues, spec);
  arr(spec.jwtRules).forEach((rule, i) => {
    if (has(rule)) validateJwtRule(issues, rule, `jwtRules[${i}]`);
  });
  return issues.result();
}

function validateJwtRule(issues: SchemaIssues, rule: any, where: string): void {
  if (arr(rule.audiences).some((a) => !a)) issues.add(`${where}: audience must be non-empty string`, 'remove empty audiences');
  if (!rule.issuer && !rule.jwksUri) issues.add(`${where}: issuer or jwksUri must be non-empty string`, 'set the issuer (the token\'s iss claim) and, unless discoverable, jwksUri');
  if (rule.jwksUri) issues.addIf(jwksUriProblem(String(rule.jwksUri), where), 'use an http:// or https:// URL for jwksUri');
  if (rule.jwks) issues.addIf(jwksProblem(rule.jwks, where), 'inline a JSON Web Key Set such as {"keys":[...]}, or use jwksUri');
  for (const location of arr(rule.fromHeaders)) {
    if (!has(location)) issues.add(`${where}: location header name must be non-null`, 'remove the null fromHeaders entry');
    else if (!location.name) issues.add(`${where}: location header name must be non-empty string`, 'name the header carrying the token, e.g. Authorization');
  }
  if (arr(rule.fromParams).some((p) => !p)) issues.add(`${where}: location query must be non-empty string`, 'remove empty fromParams');
  if (arr(rule.fromCookies).some((c) => !c)) issues.add(`${where}: cookie name must be non-empty string`, 'remove empty fromCookies');
  for (const output of arr(rule.outputClaimToHeaders)) {
    if (!has(output)) {
      issues.add(`${where}: outputClaimToHeaders must not be null`, 'remove the null outputClaimToHeaders entry');
    } else if (!output.claim || !output.header) {
      issues.add(`${where}: outputClaimToHeaders header and claim value must be non-empty string`, 'set both claim and header');
    } else if (!HEADER_NAME.test(output.header)) {
      issues.add(`${where}: header name ${output.header} is not a valid header name`, 'use letters, digits, - and _ in the header name');
    }
  }
  if (has(rule.timeout)) issues.addIf(durationProblem(rule.timeout, `${where}.timeout`), 'use a duration of at least 1ms in whole milliseconds, e.g. "5s"');
}

/** pkg/config/security `ParseJwksURI`: a parseable URL with scheme http or https and a numeric port. */
function jwksUriProblem(uri: string, where: string): string | undefined {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase() ?? '';
  if (scheme !== 'http' && scheme !== 'https') return `${where}: URI scheme "${scheme}" is not supported`;
  const authority = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(uri)?.[1] ?? '';
  const port = /:([^:\]]*)$/.exec(authority.replace(/^.*@/, ''))?.[1];
  if (port !== undefined && port !== '' && !/^[0-9]+$/.test(port)) return `${where}: jwksUri port "${port}" is not a number`;
  return undefined;
}

/** lestrrat-go/jwx `jwk.Parse`, reduced to its shape: a JSON key or key set. */
function jwksProblem(jwks: unknown, where: string): string | undefined {
  let parsed: any;
  try {
    parsed = JSON.parse(String(jwks));
  } catch (e) {
    return `${where}: jwks parse error: ${(e as Error).message}`;
  }
  const isKey = (k: any) => k !== null && typeof k === 'object' && typeof k.kty === 'string';
  if (isKey(parsed) || (parsed !== null && Array.isArray(parsed.keys) && parsed.keys.every(isKey))) return undefined;
  return `${where}: jwks parse error: not a JSON Web Key or Key Set (every key needs "kty")`;
}
