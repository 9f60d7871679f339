/**
 * Authorization and mTLS at the far end of one hop: the workload that receives the request
 * (a destination's pods, an egress gateway, or the ingress gateway for a client outside the
 * mesh). The static part — which pods, which policies, whether the hop is mTLS — is computed
 * once per destination and caller; each request then costs one context and a few predicates.
 */
import { MeshModel } from '../../model/mesh-model';
import { Workload } from '../../model/workload';
import { workloadId } from '../gateway-listeners';
import { Denial, NormalizedRequest } from '../types';
import { AuthzContext } from './context';
import { assumptionsOf, decide, Verdict } from './decide';
import { SPIFFE_PREFIX } from './identity';
import { clientTls, hasProxy, peerAuthIndexFor } from './mtls';
import { policyIndexFor, WorkloadPolicies } from './policies';

/** Who sends a hop: a proxy (sidecar or gateway) with an identity, or a client outside the mesh. */
export interface Caller {
  /** `trustDomain/ns/x/sa/y`; undefined for a client outside the mesh. */
  readonly principal?: string;
  /** Namespace whose DestinationRules the caller reads. */
  readonly namespace: string;
  /** Cache key: namespace and principal. */
  readonly key: string;
}

const NO_POLICIES: WorkloadPolicies = { custom: [], deny: [], allow: [], dryRun: [], readsRequest: false };

export const OUTSIDE: Caller = { namespace: '', key: '' };

/** The static checks for one receiving workload. */
export interface TargetCheck {
  readonly workload: Workload;
  readonly id: string;
  readonly policies: WorkloadPolicies;
  /** Port the pods receive on. */
  readonly port: number;
  /** The peer URI the destination sees (only over mTLS). */
  readonly peer?: string;
  readonly sni?: string;
  /** Set when the connection is reset before any request is read. */
  readonly reset?: Denial;
  /** The verdict, when no policy reads the request (it depends on the connection only). */
  readonly fixed?: Verdict;
  /** Allowed whatever the request, with nothing to note: the per-request work is skipped. */
  readonly quiet: boolean;
  readonly notes: readonly string[];
}

/** Whether authorization or mTLS can change anything in this model (else every check is skipped). */
export function securityActive(model: MeshModel): boolean {
  return !policyIndexFor(model).empty || !peerAuthIndexFor(model).empty;
}

/**
 * The checks at `workload` for a hop from `caller`. `gateway`: the receiver is a gateway, whose
 * listeners follow its Gateway servers, not PeerAuthentication. `tls` is the caller's
 * DestinationRule setting for the hop (undefined: auto mTLS; ignored for outside callers).
 */
function buildCheck(model: MeshModel, workload: Workload, port: number, caller: Caller, gateway: boolean, tls: { mode?: string; source?: string }, sni?: string): Omit<TargetCheck, 'quiet'> {
  const id = workloadId(workload);
  if (!gateway && !hasProxy(workload)) {
    // No proxy in the pods: nothing enforces PeerAuthentication or AuthorizationPolicy there.
    return { workload, id, policies: NO_POLICIES, port, notes: ['no Istio proxy in these pods: no mTLS or authorization is enforced'] };
  }
  const policies = policyIndexFor(model).forWorkload(workload);
  const notes = assumptionsOf(policies);
  if (caller.principal === undefined) {
    return { workload, id, policies, port, notes };
  }
  const server = gateway ? { mode: 'PERMISSIVE' as const } : peerAuthIndexFor(model).modeAt(workload, port);
  let mtls: boolean;
  let how: string;
  if (tls.mode === 'ISTIO_MUTUAL') {
    mtls = true;
    how = `${tls.source} sets tls ISTIO_MUTUAL`;
  } else if (tls.mode !== undefined) {
    mtls = false;
    how = `${tls.source} sets tls ${tls.mode}${tls.mode === 'DISABLE' ? ' (plaintext)' : ' (TLS without the mesh identity)'}`;
  } else if (server.mode === 'DISABLE') {
    mtls = false;
    how = `auto mTLS sends plaintext: ${server.source ?? 'PeerAuthentication'} disables mTLS`;
  } else {
    mtls = true;
    how = 'auto mTLS';
  }
  if (!mtls && server.mode === 'STRICT') {
    const reset: Denial = {
      policy: server.source ?? 'PeerAuthentication', at: id,
      reason: `${id} requires mutual TLS on port ${port} (STRICT) but the caller does not send it: ${how}; Envoy resets the connection`,
    };
    return { workload, id, policies, port, reset, notes };
  }
  return {
    workload, id, policies, port, notes: mtls ? notes : [...notes, `plaintext hop (${how}): no peer identity, principals and namespaces rules cannot match`],
    peer: mtls ? SPIFFE_PREFIX + caller.principal : undefined,
    sni: mtls ? sni : undefined,
  };
}

export function targetCheck(model: MeshModel, workload: Workload, port: number, caller: Caller, gateway: boolean, tls: { mode?: string; source?: string }, sni?: string): TargetCheck {
  const c = buildCheck(model, workload, port, caller, gateway, tls, sni);
  // Only the connection decides (identity-based policies, the common case): decide once.
  const fixed = c.reset || c.policies.readsRequest ? undefined
    : decide(c.policies, { peer: c.peer, authority: '', method: '', path: '', headers: new Map(), port: c.port, sni: c.sni });
  // Every check gets every field in one order: one hidden class keeps the per-request reads fast
  // (spread or optional fields here made them several times slower).
  const quiet = fixed !== undefined && fixed.decision === 'allowed' && c.notes.length === 0;
  return { workload: c.workload, id: c.id, policies: c.policies, port: c.port, peer: c.peer, sni: c.sni, reset: c.reset, fixed, quiet, notes: c.notes };
}

/** The caller-side TLS setting towards a destination host. */
export function callerTls(model: MeshModel, caller: Caller, host: string, subset: string | undefined, port: number | undefined): { mode?: string; source?: string } {
  if (caller.principal === undefined) return {};
  return clientTls(model, caller.namespace, host, subset, port);
}

/** The proxy's verdict on one request at one target (precomputed objects; a reset is decided before any request). */
export function authorize(check: TargetCheck, request: NormalizedRequest, authority: string, pathOnly: string, fromOutside: boolean): Verdict | Denial {
  if (check.reset) return check.reset;
  if (check.fixed) return check.fixed;
  // One scratch context, filled per decision: decide() is synchronous and keeps no reference,
  // and this runs several times per simulated request.
  const context = SCRATCH;
  context.peer = check.peer;
  context.requestPrincipal = request.requestPrincipal;
  // The client address is the direct peer only at the first proxy; later hops see a pod IP.
  context.sourceIp = fromOutside ? request.sourceIp : undefined;
  context.remoteIp = request.sourceIp;
  context.authority = authority;
  context.method = request.method;
  context.path = pathOnly;
  context.headers = request.headers;
  context.port = check.port;
  context.sni = check.sni;
  return decide(check.policies, context);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const SCRATCH: Mutable<AuthzContext> = {
  peer: undefined, requestPrincipal: undefined, sourceIp: undefined, remoteIp: undefined, authority: '', method: '', path: '',
  headers: new Map(), port: 0, sni: undefined,
};

export function isVerdict(result: Verdict | Denial): result is Verdict {
  return (result as Verdict).decision !== undefined;
}

/** A denied verdict as the trace reports it, at the workload that refused. */
export function denialOf(verdict: Verdict, check: TargetCheck): Denial {
  const peer = check.peer ? `the peer is ${check.peer}` : 'the request carries no peer identity (plaintext, or a client outside the mesh)';
  return { policy: verdict.policy ?? 'AuthorizationPolicy', rule: verdict.rule, reason: `${verdict.reason}; ${peer}`, at: check.id };
}
