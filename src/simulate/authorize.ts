/**
 * The simulator's authorization step: after a proxy routes a request, the proxy of each
 * receiving workload runs its mTLS handshake and RBAC filters. A refusal anywhere makes the
 * outcome `denied` (403) or `reset` (the calling proxy answers 503 for a reset connection), so a
 * `routed` answer means the request works.
 */
import type { Branch } from './explain';
import { authorize, Caller, denialOf, isVerdict, TargetCheck } from './authz/hop';
import { SecurityIndex } from './authz/security-index';
import { PlannedDestination } from './destinations';
import { Denial, ExplainedDestination, Hop, NormalizedRequest } from './types';

/** Status for `denied`: Envoy's RBAC filter answers 403 "RBAC: access denied". */
export const DENIED_STATUS = 403;
/**
 * Status for `reset`: the destination resets the connection; the caller's proxy answers
 * 503 ("upstream connect error or disconnect/reset before headers").
 */
export const RESET_STATUS = 503;

/**
 * Evaluates the checks of one receiving workload; pushes notes (only when there is something to
 * say, so an allowed request allocates nothing); returns the denial, if any.
 */
export function authorizeHop(check: TargetCheck, request: NormalizedRequest, authority: string, pathOnly: string, fromOutside: boolean, notes: string[]): Denial | undefined {
  const result = authorize(check, request, authority, pathOnly, fromOutside);
  for (const note of check.notes) notes.push(`${check.id}: ${note}`);
  if (!isVerdict(result)) {
    notes.push(`${check.id} resets the connection: ${result.reason}`);
    return result;
  }
  if (result.decision === 'denied') {
    const denial = denialOf(result, check);
    notes.push(`${check.id} refuses the request: ${denial.reason}`);
    return denial;
  }
  if (result.decision === 'external') notes.push(`${check.id}: ${result.reason}`);
  return undefined;
}

export function denyBranch(denial: Denial, hops: readonly Hop[]): Branch {
  const reset = denial.policy.startsWith('PeerAuthentication');
  return { outcome: reset ? 'reset' : 'denied', status: reset ? RESET_STATUS : DENIED_STATUS, denial, destinations: [], hops };
}

/**
 * Authorizes each destination of a routed branch at the workloads it lands on. Destinations
 * keep their place; refused ones carry `denial`, and the first refusal decides the outcome.
 */
export function withAuthorization(security: SecurityIndex, caller: Caller, request: NormalizedRequest, plans: readonly PlannedDestination[], branch: Branch): Branch {
  if (security.quietlyAllowed(plans, request.port, caller)) return branch;
  let first: Denial | undefined;
  let destinations: ExplainedDestination[] | undefined;
  for (let i = 0; i < plans.length; i++) {
    const checks = security.atDestination(plans[i], request.port, caller);
    if (checks.length === 0) continue;
    const d = branch.destinations[i];
    const pathOnly = queryless(d.path);
    // The destination's RBAC filter reads the headers as the routes on the way left them.
    const received = d.headers ? { ...request, headers: new Map(Object.entries(d.headers)) } : request;
    let notes: string[] | undefined;
    let denial: Denial | undefined;
    for (const check of checks) {
      const result = authorize(check, received, d.authority, pathOnly, false);
      const refused = isVerdict(result) ? (result.decision === 'allowed' ? undefined : result) : result;
      if (!refused && check.notes.length === 0) continue;
      notes ??= [...d.notes];
      authorizeHop(check, received, d.authority, pathOnly, false, notes);
      if (refused && !denial) denial = isVerdict(refused) ? (refused.decision === 'denied' ? denialOf(refused, check) : undefined) : refused;
    }
    if (!notes && !denial) continue;
    destinations ??= [...branch.destinations];
    destinations[i] = { ...d, notes: notes ?? d.notes, denial };
    if (denial && !first) first = denial;
  }
  if (!destinations) return branch;
  if (!first) return { ...branch, destinations };
  const refused = denyBranch(first, branch.hops);
  return { ...refused, destinations };
}

function queryless(path: string): string {
  const at = path.indexOf('?');
  return at < 0 ? path : path.slice(0, at);
}
