/**
 * The native format's assertions, on what the request ends up as after every hop: outcome and
 * status, the whole split (every destination and its share), what the destinations receive
 * (path, authority), the redirect location, and whether a proxy refuses it.
 */
import { CLUSTER_DOMAIN } from '../../model/hosts';
import { isWorkloadSource } from '../../simulate/request';
import { ExplainedDestination, Explanation } from '../../simulate/types';
import { NativeDestination, OutcomeExpectation } from './types';

/** Shares closer than this are equal (weights divide into binary fractions inexactly). */
const SHARE_TOLERANCE = 1e-9;

export function checkOutcome(explanation: Explanation, expected: OutcomeExpectation): string[] {
  const problems: string[] = [];
  const got = `${explanation.outcome}${explanation.status !== undefined ? ` ${explanation.status}` : ''}`;
  if (expected.outcome !== undefined && explanation.outcome !== expected.outcome) problems.push(`outcome: expected ${expected.outcome}, got ${got}`);
  if (expected.status !== undefined && explanation.status !== expected.status) problems.push(`status: expected ${expected.status}, got ${explanation.status ?? 'none'} (${explanation.outcome})`);
  if (expected.destinations !== undefined) problems.push(...checkDestinations(explanation, expected.destinations));
  for (const field of ['path', 'authority'] as const) {
    const want = expected[field];
    if (want === undefined) continue;
    const seen = [...new Set(explanation.destinations.map((d) => d[field]))];
    if (seen.length === 0) problems.push(`${field}: expected destinations to receive ${want}, got no destination (${got})`);
    else if (seen.some((s) => s !== want)) problems.push(`${field}: expected ${want}, got ${seen.join(', ')}`);
  }
  if (expected.location !== undefined && explanation.location !== expected.location) {
    problems.push(`location: expected ${expected.location}, got ${explanation.location ?? `no redirect (${got})`}`);
  }
  const refused = explanation.outcome === 'denied' || explanation.outcome === 'reset';
  const by = explanation.denial ? ` by ${explanation.denial.policy} at ${explanation.denial.at}: ${explanation.denial.reason}` : '';
  if (expected.allowed === true && refused) problems.push(`allowed: expected no proxy to refuse it, got ${got}${by}`);
  if (expected.allowed === false && !refused) problems.push(`allowed: expected a proxy to refuse it, got ${got}`);
  if (expected.deniedBy !== undefined) {
    const policy = explanation.denial?.policy;
    const named = policy !== undefined && (policy === expected.deniedBy || policy.endsWith(` ${expected.deniedBy}`));
    if (!refused || !named) problems.push(`deniedBy: expected ${expected.deniedBy} to refuse it, got ${got}${by}`);
  }
  return problems;
}

/** The expected split, exactly: each destination's share, and no destination left over. */
function checkDestinations(explanation: Explanation, expected: readonly NativeDestination[]): string[] {
  const problems: string[] = [];
  const from = explanation.request.from;
  const hostOf = (d: NativeDestination): string => {
    const host = d.host.toLowerCase();
    if (host.includes('.') || !isWorkloadSource(from)) return host;
    return `${host}.${from.namespace}.${CLUSTER_DOMAIN}`; // a caller's short name, as its DNS search path resolves it
  };
  const matches = (actual: ExplainedDestination, d: NativeDestination) => actual.host === hostOf(d)
    && (d.subset === undefined || actual.subset === d.subset) && (d.port === undefined || actual.port === d.port);
  for (const d of expected) {
    const share = explanation.destinations.filter((a) => matches(a, d)).reduce((sum, a) => sum + a.share, 0);
    // Without a weight: all of it when it is the only one, else some share (the split is not asserted).
    const want = d.weight !== undefined ? d.weight / 100 : expected.length === 1 ? 1 : undefined;
    if (want !== undefined ? Math.abs(share - want) > SHARE_TOLERANCE : share === 0) {
      problems.push(`destination ${showDestination(d)}: expected ${want !== undefined ? pct(want) : 'a share'}, got ${pct(share)}`);
    }
  }
  for (const actual of explanation.destinations) {
    if (!expected.some((d) => matches(actual, d))) problems.push(`destination ${showDestination(actual)}: not expected, takes ${pct(actual.share)}`);
  }
  return problems;
}

function showDestination(d: { host: string; subset?: string; port?: number }): string {
  return `${d.host}${d.port !== undefined ? `:${d.port}` : ''}${d.subset ? ` subset ${d.subset}` : ''}`;
}

function pct(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}
