/**
 * IST0106 for DestinationRules (pkg/config/validation ValidateDestinationRule).
 */
import { MeshModel, Resource } from '../../model';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { durationProblem } from '../support/duration';
import { isDNS1123Label, isValidPort, labelsProblems, wildcardDomainProblem } from '../support/names';
import { arr, has, SchemaIssues } from '../support/schema';

const TRAFFIC_POLICY_FIELDS = ['loadBalancer', 'connectionPool', 'outlierDetection', 'tls', 'portLevelSettings', 'tunnel', 'proxyProtocol', 'retryBudget'];

export const destinationRuleValidation: Rule = {
  code: 'IST0106',
  description: 'DestinationRule fields that istiod\'s validating webhook rejects',
  run(model: MeshModel): Finding[] {
    return model.ofKind('DestinationRule').flatMap(validateDestinationRule);
  },
};

export function validateDestinationRule(dr: Resource): Finding[] {
  const issues = new SchemaIssues(dr);
  const host = dr.spec.host;
  if (typeof host !== 'string' || host === '') {
    issues.add('destination rule must have a host', 'set spec.host to the service the rule applies to');
  } else {
    issues.addIf(wildcardDomainProblem(host), 'use a valid DNS name (a wildcard only as the whole first label)');
  }
  if (has(dr.spec.trafficPolicy)) validateTrafficPolicy(issues, dr.spec.trafficPolicy, 'trafficPolicy', true);
  const names = new Set<string>();
  arr(dr.spec.subsets).forEach((subset, i) => {
    const where = `subsets[${i}]`;
    const name = subset?.name;
    if (typeof name !== 'string' || name === '') {
      issues.add(`${where}: subset name cannot be empty`, 'give every subset a name');
    } else {
      if (!isDNS1123Label(name)) issues.add(`${where}: subset name is invalid: ${name}`, 'use a DNS-1123 label (lower case letters, digits, -) as subset name');
      if (names.has(name)) issues.add(`duplicate subset names: ${name}`, 'give each subset a unique name');
      names.add(name);
    }
    for (const problem of labelsProblems(subset?.labels)) issues.add(`${where}.labels: ${problem}`, 'use valid Kubernetes label keys and values');
    if (has(subset?.trafficPolicy)) validateTrafficPolicy(issues, subset.trafficPolicy, `${where}.trafficPolicy`, true);
  });
  for (const problem of labelsProblems(dr.spec.workloadSelector?.matchLabels)) issues.add(`workloadSelector: ${problem}`, 'use valid Kubernetes label keys and values');
  return issues.result();
}

function validateTrafficPolicy(issues: SchemaIssues, policy: any, where: string, allowPortLevel: boolean): void {
  if (typeof policy !== 'object' || !TRAFFIC_POLICY_FIELDS.some((f) => has(policy[f]))) {
    issues.add(`${where}: traffic policy must have at least one field`, `set one of ${TRAFFIC_POLICY_FIELDS.join(', ')} or remove ${where}`);
    return;
  }
  if (has(policy.tls)) validateClientTls(issues, policy.tls, `${where}.tls`);
  if (has(policy.loadBalancer)) validateLoadBalancer(issues, policy.loadBalancer, `${where}.loadBalancer`);
  if (has(policy.outlierDetection)) validateOutlier(issues, policy.outlierDetection, `${where}.outlierDetection`);
  if (has(policy.connectionPool)) validateConnectionPool(issues, policy.connectionPool, `${where}.connectionPool`);
  arr(policy.portLevelSettings).forEach((pls, i) => {
    const pwhere = `${where}.portLevelSettings[${i}]`;
    if (!allowPortLevel) return;
    if (!has(pls?.port)) issues.add(`${pwhere}: port must be specified`, 'set port.number');
    else if (!isValidPort(pls.port.number)) issues.add(`${pwhere}: port number ${JSON.stringify(pls.port.number)} must be in the range 1..65535`, 'use a port between 1 and 65535');
    const { port: _port, ...rest } = pls ?? {};
    validateTrafficPolicy(issues, rest, pwhere, false);
  });
}

function validateClientTls(issues: SchemaIssues, tls: any, where: string): void {
  const mode = tls.mode ?? 'DISABLE';
  if (!['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'].includes(mode)) {
    issues.add(`${where}: unknown TLS mode "${mode}"`, 'use DISABLE, SIMPLE, MUTUAL or ISTIO_MUTUAL');
    return;
  }
  if (mode === 'MUTUAL' && !tls.credentialName) {
    if (!tls.clientCertificate) issues.add(`${where}: client certificate required for mutual tls`, 'set clientCertificate and privateKey, or credentialName');
    if (!tls.privateKey) issues.add(`${where}: private key required for mutual tls`, 'set clientCertificate and privateKey, or credentialName');
  }
  if (mode === 'ISTIO_MUTUAL' && (tls.clientCertificate || tls.privateKey || tls.caCertificates || tls.credentialName)) {
    issues.add(`${where}: cannot specify client certificates or CA certificate or credentialName when tls mode is ISTIO_MUTUAL`,
      'drop the certificates (Istio supplies them) or use mode MUTUAL');
  }
}

function validateLoadBalancer(issues: SchemaIssues, lb: any, where: string): void {
  const ch = lb.consistentHash;
  if (has(ch?.httpCookie)) {
    if (!ch.httpCookie.name) issues.add(`${where}.consistentHash.httpCookie: name required for HttpCookie`, 'give the cookie a name');
    if (has(ch.httpCookie.ttl) && ch.httpCookie.ttl !== '0s') issues.addIf(durationProblem(ch.httpCookie.ttl, `${where}.consistentHash.httpCookie.ttl`), 'use a duration in whole milliseconds');
  }
}

/** Duration fields of connectionPool; the CRD's CEL rules require each to be at least 1ms. */
const CONNECTION_POOL_DURATIONS = [
  ['tcp', 'connectTimeout'], ['tcp', 'idleTimeout'], ['tcp', 'maxConnectionDuration'],
  ['tcp', 'tcpKeepalive', 'time'], ['tcp', 'tcpKeepalive', 'interval'], ['http', 'idleTimeout'],
];

function validateConnectionPool(issues: SchemaIssues, pool: any, where: string): void {
  for (const pathParts of CONNECTION_POOL_DURATIONS) {
    const value = pathParts.reduce((o: any, k) => (o === undefined || o === null ? undefined : o[k]), pool);
    if (has(value)) issues.addIf(durationProblem(value, `${where}.${pathParts.join('.')}`), 'use a duration of at least 1ms in whole milliseconds, e.g. "30s"');
  }
}

function validateOutlier(issues: SchemaIssues, od: any, where: string): void {
  for (const field of ['maxEjectionPercent', 'minHealthPercent']) {
    const v = od[field];
    if (has(v) && (typeof v !== 'number' || v < 0 || v > 100)) issues.add(`${where}: ${field} ${JSON.stringify(v)} must be in range [0, 100]`, `use a ${field} between 0 and 100`);
  }
  for (const field of ['interval', 'baseEjectionTime']) {
    if (has(od[field])) issues.addIf(durationProblem(od[field], `${where}.${field}`), 'use a duration of at least 1ms in whole milliseconds');
  }
}
