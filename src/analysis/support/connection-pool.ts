/**
 * istiod: validation.go `validateConnectionPool` — one Go function for DestinationRule traffic
 * policies and Sidecar inbound pools, so one home here too.
 */
import { durationProblem, parseDurationNanos } from './duration';
import { has, SchemaIssues } from './schema';

const DURATION_FIX = 'use a duration of at least 1ms in whole milliseconds, e.g. "30s"';

export function validateConnectionPool(issues: SchemaIssues, pool: any, where: string): void {
  if (!has(pool)) return;
  if (!has(pool.http) && !has(pool.tcp)) {
    issues.add(`${where}: connection pool must have at least one field`, 'set connectionPool.tcp or connectionPool.http, or remove connectionPool');
    return;
  }
  const negative = (value: unknown): boolean => typeof value === 'number' && value < 0;
  const http = pool.http;
  if (has(http)) {
    const counters: [string, string][] = [
      ['http1MaxPendingRequests', 'http1 max pending requests must be non-negative'],
      ['http2MaxRequests', 'http2 max requests must be non-negative'],
      ['maxRequestsPerConnection', 'max requests per connection must be non-negative'],
      ['maxRetries', 'max retries must be non-negative'],
      ['maxConcurrentStreams', 'max concurrent streams must be non-negative'],
    ];
    for (const [field, message] of counters) if (negative(http[field])) issues.add(`${where}.http: ${message}`, `use ${field} >= 0`);
    if (has(http.idleTimeout)) issues.addIf(durationProblem(http.idleTimeout, `${where}.http.idleTimeout`), DURATION_FIX);
    if (http.h2UpgradePolicy === 'UPGRADE' && http.useClientProtocol === true) {
      issues.add(`${where}.http: use client protocol must not be true when H2UpgradePolicy is UPGRADE`, 'drop useClientProtocol, or drop h2UpgradePolicy: UPGRADE');
    }
  }
  const tcp = pool.tcp;
  if (has(tcp)) {
    if (negative(tcp.maxConnections)) issues.add(`${where}.tcp: max connections must be non-negative`, 'use maxConnections >= 0');
    for (const field of ['connectTimeout', 'maxConnectionDuration']) {
      if (has(tcp[field])) issues.addIf(durationProblem(tcp[field], `${where}.tcp.${field}`), DURATION_FIX);
    }
    // istiod skips idleTimeout values under 1ms: 0s disables the idle timeout.
    if (has(tcp.idleTimeout)) {
      const nanos = typeof tcp.idleTimeout === 'string' ? parseDurationNanos(tcp.idleTimeout) : undefined;
      if (nanos === undefined || nanos >= 1e6) issues.addIf(durationProblem(tcp.idleTimeout, `${where}.tcp.idleTimeout`), 'use "0s" to disable, or a duration in whole milliseconds');
    }
    for (const field of ['time', 'interval']) {
      const value = tcp.tcpKeepalive?.[field];
      if (has(value)) issues.addIf(durationProblem(value, `${where}.tcp.tcpKeepalive.${field}`), DURATION_FIX);
    }
  }
}
