/**
 * istiod: validation.go `validateConnectionPool`, for Sidecar inbound pools (DestinationRule
 * pools go through the same Go function).
 */
import { durationProblem } from './duration';
import { has } from './schema';

const NON_NEGATIVE: ReadonlyArray<[section: 'http' | 'tcp', field: string, what: string]> = [
  ['http', 'http1MaxPendingRequests', 'http1 max pending requests'],
  ['http', 'http2MaxRequests', 'http2 max requests'],
  ['http', 'maxRequestsPerConnection', 'max requests per connection'],
  ['http', 'maxRetries', 'max retries'],
  ['http', 'maxConcurrentStreams', 'max concurrent streams'],
  ['tcp', 'maxConnections', 'max connections'],
];

/** The problems of one ConnectionPoolSettings, each prefixed with `where`. */
export function connectionPoolProblems(pool: any, where: string): string[] {
  if (!has(pool)) return [];
  if (!has(pool.http) && !has(pool.tcp)) return [`${where}: connection pool must have at least one field`];
  const problems: string[] = [];
  for (const [section, field, what] of NON_NEGATIVE) {
    const value = pool[section]?.[field];
    if (typeof value === 'number' && value < 0) problems.push(`${where}.${section}.${field}: ${what} must be non-negative`);
  }
  const durations: Array<[string, unknown]> = [
    ['http.idleTimeout', pool.http?.idleTimeout],
    ['tcp.connectTimeout', pool.tcp?.connectTimeout],
    ['tcp.maxConnectionDuration', pool.tcp?.maxConnectionDuration],
    // A tcp idleTimeout of 0s disables the timeout and is not validated.
    ['tcp.idleTimeout', isZeroDuration(pool.tcp?.idleTimeout) ? undefined : pool.tcp?.idleTimeout],
    ['tcp.tcpKeepalive.time', pool.tcp?.tcpKeepalive?.time],
    ['tcp.tcpKeepalive.interval', pool.tcp?.tcpKeepalive?.interval],
  ];
  for (const [field, value] of durations) {
    if (has(value)) {
      const problem = durationProblem(value, `${where}.${field}`);
      if (problem) problems.push(problem);
    }
  }
  if (pool.http?.h2UpgradePolicy === 'UPGRADE' && pool.http?.useClientProtocol === true) {
    problems.push(`${where}.http: use client protocol must not be true when H2UpgradePolicy is UPGRADE`);
  }
  return problems;
}

function isZeroDuration(value: unknown): boolean {
  return typeof value === 'string' && /^0+(\.0*)?(ns|us|µs|ms|s|m|h)?$/.test(value);
}
