/**
 * Whether a hop is mutual TLS, the only way a peer identity reaches the destination:
 * - server side: the PeerAuthentication mode at the destination workload and port
 *   (istiod: security/authn/policy_applier.go ComposePeerAuthentication — the oldest
 *   workload-selector policy in the workload's namespace, else the oldest namespace-wide one,
 *   else the root namespace's; UNSET inherits from the wider scope; `portLevelMtls` on the
 *   workload policy overrides per target port; nothing at all is PERMISSIVE);
 * - client side: the DestinationRule's `tls.mode` for the host as the caller sees it
 *   (subset, then host; `portLevelSettings` before the policy-wide setting). Without one, auto
 *   mTLS (meshConfig `enableAutoMtls`, on by default) sends Istio mTLS to workloads with a proxy,
 *   unless their PeerAuthentication is DISABLE (istiod: cluster_builder buildAutoMtlsSettings).
 */
import { MeshModel } from '../../model/mesh-model';
import { Resource } from '../../model/resource';
import { labelsMatch, Workload } from '../../model/workload';
import { clientTlsSettings } from '../tls-settings';
import { append, perModel } from '../../model/per-model';

export type PeerMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

export interface ServerMtls {
  readonly mode: PeerMode;
  /** `PeerAuthentication ns/name` that set the mode, if any. */
  readonly source?: string;
}

export interface ClientTls {
  /** `ISTIO_MUTUAL`, `DISABLE`, `SIMPLE`, `MUTUAL`, or undefined for auto mTLS. */
  readonly mode?: string;
  /** `DestinationRule ns/name` that set it. */
  readonly source?: string;
}

const PERMISSIVE: ServerMtls = { mode: 'PERMISSIVE' };

function modeOf(mtls: any): PeerMode | undefined {
  const mode = typeof mtls?.mode === 'string' ? mtls.mode.toUpperCase() : 'UNSET';
  return mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE' ? mode : undefined;
}

/** PeerAuthentications by namespace in creation order; one per model. */
export class PeerAuthIndex {
  private readonly byNamespace = new Map<string, Resource[]>();
  private readonly perWorkload = new Map<Workload, Map<number, ServerMtls>>();
  public readonly empty: boolean;

  constructor(private readonly model: MeshModel) {
    const sorted = [...model.ofKind('PeerAuthentication')].sort((a, b) => a.order - b.order);
    for (const pa of sorted) {
      append(this.byNamespace, pa.namespace, pa);
    }
    this.empty = sorted.length === 0;
  }

  /** The effective mode at `workload` on `port` (the port its pods receive on). */
  public modeAt(workload: Workload, port: number): ServerMtls {
    if (this.empty) return PERMISSIVE;
    let perPort = this.perWorkload.get(workload);
    if (!perPort) {
      perPort = new Map();
      this.perWorkload.set(workload, perPort);
    }
    let found = perPort.get(port);
    if (!found) {
      found = this.compose(workload, port);
      perPort.set(port, found);
    }
    return found;
  }

  /** istiod: authn/policy_applier.go ComposePeerAuthentication (input order stands in for creation time). */
  private compose(workload: Workload, port: number): ServerMtls {
    const root = this.model.environment.rootNamespace;
    const hasSelector = (pa: Resource) => Object.keys(pa.spec.selector?.matchLabels ?? {}).length > 0;
    const mesh = (this.byNamespace.get(root) ?? []).find((pa) => !hasSelector(pa));
    const local = workload.namespace === root ? [] : this.byNamespace.get(workload.namespace) ?? [];
    const namespace = local.find((pa) => !hasSelector(pa));
    const selecting = local.find((pa) => hasSelector(pa) && labelsMatch(pa.spec.selector.matchLabels, workload.podLabels));
    let result: ServerMtls = PERMISSIVE;
    for (const pa of [mesh, namespace, selecting]) {
      const mode = pa ? modeOf(pa.spec.mtls) : undefined;
      if (pa && mode) result = { mode, source: `PeerAuthentication ${pa.namespace}/${pa.name}` };
    }
    const portLevel = selecting?.spec.portLevelMtls?.[String(port)];
    if (selecting && portLevel !== undefined) {
      const mode = modeOf(portLevel);
      if (mode) result = { mode, source: `PeerAuthentication ${selecting.namespace}/${selecting.name} portLevelMtls[${port}]` };
    }
    return result;
  }
}

/**
 * The caller-side TLS setting for `host` (`subset`, service `port`) from the DestinationRule the
 * caller sees, with istiod's precedence (tls-settings.ts: a port-level entry replaces its policy).
 */
export function clientTls(model: MeshModel, callerNamespace: string, host: string, subset: string | undefined, port: number | undefined): ClientTls {
  const settings = clientTlsSettings(model, callerNamespace, host, subset, port);
  if (!settings) return {};
  return { mode: settings.mode, source: settings.source.replace(/ (subset|port) .*$/, '') };
}

/** Whether the workload's pods run an Istio proxy: not when injection is switched off on the pod. */
export function hasProxy(workload: Workload): boolean {
  const template = workload.resource?.spec?.template?.metadata ?? workload.resource?.object?.metadata;
  const flag = workload.podLabels['sidecar.istio.io/inject'] ?? template?.annotations?.['sidecar.istio.io/inject'];
  return flag !== 'false';
}

export const peerAuthIndexFor = perModel((model) => new PeerAuthIndex(model));
