/**
 * A DestinationRule's traffic policy (top level, per subset and per port), as istiod's webhook
 * validates it (pkg/config/validation/validation.go validateTrafficPolicy, validateOutlierDetection,
 * validateConnectionPool, validateLoadBalancer, validatePortTrafficPolicies, validateTunnelSettings).
 */
import { validateClientTls } from './client-tls-validation';
import { validateConnectionPool } from './connection-pool';
import { durationProblem } from './duration';
import { ipAddressProblem, istioFqdnProblem, portProblem } from './host-validation';
import { validateLocalityLbSetting } from './locality-lb-validation';
import { arr, has, SchemaIssues } from './schema';

const DURATION_FIX = 'use a duration of at least 1ms in whole milliseconds, e.g. "30s"';
const MAGLEV_TABLE_SIZE_LIMIT = 5000011;

/** Present the way a decoded protobuf field is: a message (even `{}`), or a non-empty list. */
function set(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : has(value);
}

// istiod: validateTrafficPolicy
export function validateTrafficPolicy(issues: SchemaIssues, policy: any, where: string): void {
  if (!has(policy)) return;
  const fields = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls', 'portLevelSettings', 'tunnel', 'proxyProtocol'];
  if (!fields.some((f) => set(policy[f]))) {
    issues.add(`${where}: traffic policy must have at least one field`, `set one of ${fields.join(', ')} or remove ${where}`);
    return;
  }
  if (set(policy.tunnel) && set(policy.proxyProtocol)) {
    issues.add(`${where}: tunnel and proxyProtocol must not be set together`, 'keep either tunnel or proxyProtocol');
    return;
  }
  validateOutlierDetection(issues, policy.outlierDetection, `${where}.outlierDetection`);
  validateConnectionPool(issues, policy.connectionPool, `${where}.connectionPool`);
  validateLoadBalancer(issues, policy.loadBalancer, policy.outlierDetection, `${where}.loadBalancer`);
  validateClientTls(issues, policy.tls, `${where}.tls`);
  validatePortTrafficPolicies(issues, policy.portLevelSettings, `${where}.portLevelSettings`);
  validateTunnel(issues, policy.tunnel, `${where}.tunnel`);
}

// istiod: validatePortTrafficPolicies — the port is required; its number is not range-checked.
function validatePortTrafficPolicies(issues: SchemaIssues, settings: unknown, where: string): void {
  arr(settings).forEach((pls, i) => {
    const at = `${where}[${i}]`;
    if (!has(pls)) { issues.add(`${at}: traffic policy may not be null`, 'remove the empty entry'); return; }
    if (!has(pls.port)) issues.add(`${at}: portTrafficPolicy must have valid port`, 'set port.number');
    if (!['outlierDetection', 'connectionPool', 'loadBalancer', 'tls'].some((f) => set(pls[f]))) {
      issues.add(`${at}: port traffic policy must have at least one field`, 'set loadBalancer, connectionPool, outlierDetection or tls, or remove the entry');
      return;
    }
    validateOutlierDetection(issues, pls.outlierDetection, `${at}.outlierDetection`);
    validateConnectionPool(issues, pls.connectionPool, `${at}.connectionPool`);
    validateLoadBalancer(issues, pls.loadBalancer, pls.outlierDetection, `${at}.loadBalancer`);
    validateClientTls(issues, pls.tls, `${at}.tls`);
  });
}

// istiod: ValidatePercent
function percentProblem(field: string, value: unknown): string | undefined {
  const v = typeof value === 'number' ? value : 0;
  return v < 0 || v > 100 ? `${field}: percentage ${v} is not in range 0..100` : undefined;
}

function uint32(value: any): number {
  return typeof value === 'number' ? value : Number(value?.value ?? 0);
}

// istiod: validateOutlierDetection
function validateOutlierDetection(issues: SchemaIssues, outlier: any, where: string): void {
  if (!has(outlier)) return;
  if (has(outlier.baseEjectionTime)) issues.addIf(durationProblem(outlier.baseEjectionTime, `${where}.baseEjectionTime`), DURATION_FIX);
  if (typeof outlier.consecutiveErrors === 'number' && outlier.consecutiveErrors !== 0) {
    issues.warn(`${where}: outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead`,
      'replace consecutiveErrors with consecutive5xxErrors (or consecutiveGatewayErrors)');
  }
  if (outlier.splitExternalLocalOriginErrors !== true && uint32(outlier.consecutiveLocalOriginFailures) > 0) {
    issues.add(`${where}: outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false`,
      'set splitExternalLocalOriginErrors: true, or drop consecutiveLocalOriginFailures');
  }
  if (has(outlier.interval)) issues.addIf(durationProblem(outlier.interval, `${where}.interval`), DURATION_FIX);
  issues.addIf(percentProblem(`${where}.maxEjectionPercent`, outlier.maxEjectionPercent), 'use a maxEjectionPercent between 0 and 100');
  issues.addIf(percentProblem(`${where}.minHealthPercent`, outlier.minHealthPercent), 'use a minHealthPercent between 0 and 100');
}

// istiod: validateConnectionPool
// Envoy's utility.cc isPrime, as istiod copies it (0 is not prime; 1, 2, 3 are).
function isPrime(x: number): boolean {
  if (x !== 0 && x < 4) return true;
  if (x % 2 === 0) return false;
  const limit = Math.floor(Math.sqrt(x));
  for (let factor = 3; factor <= limit; factor += 2) if (x % factor === 0) return false;
  return true;
}

// istiod: validateLoadBalancer (simple load balancing is always valid)
function validateLoadBalancer(issues: SchemaIssues, lb: any, outlier: unknown, where: string): void {
  if (!has(lb)) return;
  const ch = lb.consistentHash;
  if (has(ch)) {
    if (has(ch.httpCookie) && !ch.httpCookie.name) issues.add(`${where}.consistentHash: name required for HttpCookie`, 'give the cookie a name');
    const minimumRingSize = typeof ch.minimumRingSize === 'number' ? ch.minimumRingSize : 0;
    if (minimumRingSize !== 0) {
      issues.warn(`${where}.consistentHash: consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead`, 'write ringHash: { minimumRingSize: N }');
      if (has(ch.maglev) || has(ch.ringHash)) issues.add(`${where}.consistentHash: only one of MinimumRingSize or Maglev/Ringhash can be specified`, 'drop the deprecated minimumRingSize');
    }
    if (has(ch.maglev)) {
      const size = typeof ch.maglev.tableSize === 'number' ? ch.maglev.tableSize : Number(ch.maglev.tableSize ?? 0);
      if (size === 0) issues.add(`${where}.consistentHash.maglev: tableSize must be set for maglev`, 'set tableSize to a prime such as 65537');
      if (size >= MAGLEV_TABLE_SIZE_LIMIT) issues.add(`${where}.consistentHash.maglev: tableSize must be less than ${MAGLEV_TABLE_SIZE_LIMIT} for maglev`, 'use a smaller prime such as 65537');
      if (!isPrime(size)) issues.add(`${where}.consistentHash.maglev: tableSize must be a prime number for maglev`, 'use a prime table size such as 65537');
    }
  }
  validateLocalityLbSetting(issues, lb.localityLbSetting, outlier, `${where}.localityLbSetting`);
  if (has(lb.warmupDurationSecs)) issues.addIf(durationProblem(lb.warmupDurationSecs, `${where}.warmupDurationSecs`), DURATION_FIX);
  const warmup = lb.warmup;
  if (has(warmup)) {
    if (!has(warmup.duration)) issues.add(`${where}.warmup: duration is required`, 'set warmup.duration');
    else issues.addIf(durationProblem(warmup.duration, `${where}.warmup.duration`), DURATION_FIX);
    if (uint32(warmup.minimumPercent) > 100) issues.add(`${where}.warmup: minimumPercent value should be less than or equal to 100`, 'use a minimumPercent between 0 and 100');
    if (has(warmup.aggression) && uint32(warmup.aggression) < 1) issues.add(`${where}.warmup: aggression should be greater than or equal to 1`, 'use aggression >= 1 (1 is linear)');
  }
}

// istiod: validateTunnelSettings
function validateTunnel(issues: SchemaIssues, tunnel: any, where: string): void {
  if (!has(tunnel)) return;
  if (tunnel.protocol && tunnel.protocol !== 'CONNECT' && tunnel.protocol !== 'POST') {
    issues.add(`${where}: tunnel protocol must be "CONNECT" or "POST"`, 'use protocol CONNECT or POST');
  }
  const host = String(tunnel.targetHost ?? '');
  const fqdn = istioFqdnProblem(host);
  const ip = ipAddressProblem(host);
  if (fqdn && ip) issues.add(`${where}: tunnel target host must be valid FQDN or IP address: ${fqdn}; ${ip}`, 'set targetHost to the tunnel proxy\'s FQDN or IP');
  const port = portProblem(tunnel.targetPort);
  if (port) issues.add(`${where}: tunnel target port is invalid: ${port}`, 'set targetPort between 1 and 65535');
}
