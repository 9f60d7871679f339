/**
 * The DestinationRule `tls` a calling proxy applies towards a host, subset and service port,
 * following istiod's precedence (cluster_traffic_policy.go MergeSubsetTrafficPolicy /
 * GetPortLevelTrafficPolicy): a `portLevelSettings` entry for the port REPLACES the policy it
 * sits in (no inheritance: an entry without `tls` means no tls), and the subset's `tls`, when
 * set, replaces the host-level one.
 */
import { MeshModel } from '../model/mesh-model';

export interface ClientTlsSettings {
  /** DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL. */
  readonly mode: string;
  readonly sni?: string;
  readonly caCertificates?: string;
  readonly credentialName?: string;
  readonly clientCertificate?: string;
  readonly privateKey?: string;
  readonly insecureSkipVerify: boolean;
  readonly subjectAltNames: readonly string[];
  /** `DestinationRule ns/name`, with the subset and port when they decided. */
  readonly source: string;
  /** The DestinationRule selects workloads (`workloadSelector`). */
  readonly withSelector: boolean;
}

function atPort(policy: any, port: number | undefined): { policy: any; portLevel: boolean } {
  if (!policy || typeof policy !== 'object') return { policy: undefined, portLevel: false };
  const settings: any[] = Array.isArray(policy.portLevelSettings) ? policy.portLevelSettings : [];
  const entry = port === undefined ? undefined : settings.find((s) => s?.port?.number === port);
  return entry ? { policy: entry, portLevel: true } : { policy, portLevel: false };
}

/** The settings, or undefined when no DestinationRule the caller sees sets `tls` (auto mTLS decides). */
export function clientTlsSettings(model: MeshModel, callerNamespace: string, host: string, subset: string | undefined, port: number | undefined): ClientTlsSettings | undefined {
  const rule = model.destinationRulesFor(host, callerNamespace)[0];
  if (!rule) return undefined;
  const top = atPort(rule.spec.trafficPolicy, port);
  const subsetSpec = subset === undefined ? undefined
    : (Array.isArray(rule.spec.subsets) ? rule.spec.subsets : []).find((s: any) => s?.name === subset);
  const sub = atPort(subsetSpec?.trafficPolicy, port);
  const fromSubset = sub.policy?.tls && typeof sub.policy.tls === 'object';
  const tls = fromSubset ? sub.policy.tls : top.policy?.tls;
  if (!tls || typeof tls !== 'object') return undefined;
  const where = [fromSubset ? `subset ${subset}` : undefined, (fromSubset ? sub.portLevel : top.portLevel) ? `port ${port}` : undefined].filter(Boolean).join(' ');
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    mode: String(tls.mode ?? 'DISABLE').toUpperCase(),
    sni: text(tls.sni),
    caCertificates: text(tls.caCertificates),
    credentialName: text(tls.credentialName),
    clientCertificate: text(tls.clientCertificate),
    privateKey: text(tls.privateKey),
    insecureSkipVerify: tls.insecureSkipVerify === true,
    subjectAltNames: Array.isArray(tls.subjectAltNames) ? tls.subjectAltNames.filter((s: unknown) => typeof s === 'string') : [],
    source: `DestinationRule ${rule.namespace}/${rule.name}${where ? ` ${where}` : ''}`,
    withSelector: !!rule.spec.workloadSelector?.matchLabels && Object.keys(rule.spec.workloadSelector.matchLabels).length > 0,
  };
}

/** istiod's cluster SNI for Istio mTLS: `outbound_.<port>_.<subset>_.<host>` (model.BuildDNSSrvSubsetKey). */
export function istioClusterSni(host: string, subset: string | undefined, port: number): string {
  return `outbound_.${port}_.${subset ?? ''}_.${host}`;
}
