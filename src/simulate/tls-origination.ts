/**
 * TLS the calling proxy originates towards an external host (a ServiceEntry destination), from
 * the DestinationRule `tls` it sees for the host, subset and port (istiod cluster_tls.go
 * buildUpstreamClusterTLSContext, constructUpstreamTLS):
 * - SIMPLE/MUTUAL send `sni`, else the request's Host (auto SNI); they verify the server with
 *   `caCertificates`, `credentialName`'s CA, else the system roots, and not at all with
 *   `insecureSkipVerify`;
 * - a `credentialName` is honoured at gateways, but a sidecar gets no TLS settings from a
 *   DestinationRule without `workloadSelector` (it would send plaintext);
 * - MUTUAL without `credentialName` needs `clientCertificate` and `privateKey`, or istiod drops
 *   the TLS settings;
 * - ISTIO_MUTUAL sends the mesh certificate with `sni`, else the cluster SNI.
 * The connection goes to the ServiceEntry port's `targetPort` (else the port itself).
 */
import { MeshModel } from '../model/mesh-model';
import { PlannedDestination } from './destinations';
import { stripPort } from './request';
import { ClientTlsSettings, clientTlsSettings, istioClusterSni } from './tls-settings';
import { TlsHandling } from './types';

export interface Origination {
  readonly settings: ClientTlsSettings;
  /** `host:targetPort`. */
  readonly to: string;
  /** Undefined when istiod sends no TLS settings (see the notes). */
  readonly originates: boolean;
  readonly notes: readonly string[];
}

function targetPortOf(model: MeshModel, host: string, port: number | undefined): number | undefined {
  if (port === undefined) return undefined;
  for (const entry of model.serviceEntriesFor(host)) {
    const declared = (Array.isArray(entry.spec.ports) ? entry.spec.ports : []).find((p: any) => p?.number === port);
    if (declared) return typeof declared.targetPort === 'number' ? declared.targetPort : port;
  }
  return port;
}

function build(model: MeshModel, callerNamespace: string, plan: PlannedDestination, atGateway: boolean): Origination | null {
  const settings = clientTlsSettings(model, callerNamespace, plan.host, plan.subset, plan.port);
  if (!settings || settings.mode === 'DISABLE') return null;
  const to = `${plan.host}:${targetPortOf(model, plan.host, plan.port) ?? '?'}`;
  const notes: string[] = [];
  let originates = true;
  if (settings.mode === 'SIMPLE' || settings.mode === 'MUTUAL') {
    if (settings.credentialName && !atGateway && !settings.withSelector) {
      originates = false;
      notes.push(`${settings.source} sets credentialName ${settings.credentialName}, which istiod gives only to gateways or DestinationRules with a workloadSelector: this sidecar gets no TLS settings and sends plaintext to ${to}`);
    } else if (settings.mode === 'MUTUAL' && !settings.credentialName && (!settings.clientCertificate || !settings.privateKey)) {
      originates = false;
      notes.push(`${settings.source} is MUTUAL without credentialName, clientCertificate and privateKey: istiod rejects the TLS settings and the proxy sends plaintext to ${to}`);
    }
    if (originates && settings.insecureSkipVerify) notes.push(`${settings.source} sets insecureSkipVerify: the server certificate of ${plan.host} is not verified`);
    else if (originates && !settings.caCertificates && !settings.credentialName) notes.push(`${settings.source} names no caCertificates: the proxy verifies ${plan.host} against the system CA bundle`);
  }
  return { settings, to, originates, notes };
}

const atSidecars = new WeakMap<PlannedDestination, Origination | null>();
const atGateways = new WeakMap<PlannedDestination, Origination | null>();

/** The origination towards an external destination, cached per planned destination (plans are per caller namespace). */
export function originationFor(model: MeshModel, callerNamespace: string, plan: PlannedDestination, atGateway: boolean): Origination | undefined {
  if (plan.registry !== 'service-entry') return undefined;
  const cache = atGateway ? atGateways : atSidecars;
  let found = cache.get(plan);
  if (found === undefined) {
    found = build(model, callerNamespace, plan, atGateway);
    cache.set(plan, found);
  }
  return found ?? undefined;
}

/** The trace's `tls` for one request (auto SNI follows its Host). */
export function originatedTls(origination: Origination, plan: PlannedDestination, authority: string): TlsHandling | undefined {
  if (!origination.originates) return undefined;
  const s = origination.settings;
  const sni = s.sni ?? (s.mode === 'ISTIO_MUTUAL' ? istioClusterSni(plan.host, plan.subset, plan.port ?? 0) : stripPort(authority));
  const ca = s.mode === 'ISTIO_MUTUAL' ? 'the mesh CA' : s.insecureSkipVerify ? 'none (insecureSkipVerify)' : s.caCertificates ?? (s.credentialName ? `from ${s.credentialName}` : 'system');
  return { action: 'originated', mode: s.mode, sni, to: origination.to, caCertificates: ca, source: s.source };
}
