/**
 * How a connection reaches a gateway: plaintext, or TLS with which server name (SNI) and client
 * certificate. A client outside the mesh follows the request's `scheme` (SNI = the Host) and
 * `clientCertificate`; a calling proxy follows its DestinationRule `tls` for the gateway's
 * Service (istiod cluster_tls.go buildUpstreamClusterTLSContext: ISTIO_MUTUAL sends the mesh
 * certificate with `sni`, else the cluster SNI `outbound_.<port>_.<subset>_.<host>`; SIMPLE and
 * MUTUAL send `sni`, else the Host (auto SNI)); without one, auto mTLS (Istio mTLS, cluster SNI).
 */
import { MeshModel } from '../model/mesh-model';
import { stripPort } from './request';
import { clientTlsSettings, istioClusterSni } from './tls-settings';
import { NormalizedRequest } from './types';

export interface Arrival {
  readonly tls: boolean;
  readonly sni?: string;
  /** The client sends a certificate (MUTUAL servers require one). */
  readonly clientCertificate: boolean;
  /** The certificate is the mesh identity (ISTIO_MUTUAL servers require it). */
  readonly meshCertificate: boolean;
  /** Istio auto mTLS: no DestinationRule sets tls. */
  readonly auto: boolean;
  /** For the trace: what the client side does. */
  readonly client: string;
}

const PLAINTEXT_CLIENT: Arrival = { tls: false, clientCertificate: false, meshCertificate: false, auto: false, client: 'plaintext HTTP (scheme http)' };

/** A client outside the mesh (the first hop). */
export function arrivalFromClient(request: NormalizedRequest): Arrival {
  if (request.scheme !== 'https') return PLAINTEXT_CLIENT;
  return {
    tls: true, sni: request.host, clientCertificate: request.clientCertificate, meshCertificate: false, auto: false,
    client: `a client outside the mesh, ${request.clientCertificate ? 'with' : 'without'} a client certificate`,
  };
}

/** A proxy calling the gateway's Service `host` (subset, service port) with Host `authority`. */
export function arrivalFromProxy(model: MeshModel, callerNamespace: string, host: string, subset: string | undefined, port: number, authority: string): Arrival {
  const settings = clientTlsSettings(model, callerNamespace, host, subset, port);
  if (!settings) {
    const sni = istioClusterSni(host, subset, port);
    return { tls: true, sni, clientCertificate: true, meshCertificate: true, auto: true, client: `auto mTLS (Istio mTLS, SNI ${sni})` };
  }
  switch (settings.mode) {
    case 'ISTIO_MUTUAL': {
      const sni = settings.sni ?? istioClusterSni(host, subset, port);
      return { tls: true, sni, clientCertificate: true, meshCertificate: true, auto: false, client: `${settings.source} ISTIO_MUTUAL (SNI ${sni})` };
    }
    case 'SIMPLE':
    case 'MUTUAL': {
      const sni = settings.sni ?? stripPort(authority);
      const certificate = settings.mode === 'MUTUAL' && (settings.credentialName !== undefined || settings.clientCertificate !== undefined);
      return { tls: true, sni, clientCertificate: certificate, meshCertificate: false, auto: false, client: `${settings.source} ${settings.mode} (SNI ${sni})` };
    }
    default:
      return { tls: false, clientCertificate: false, meshCertificate: false, auto: false, client: `${settings.source} ${settings.mode} (plaintext)` };
  }
}

const byPlan = new WeakMap<object, Map<number, Arrival | null>>();

/** `arrivalFromProxy` cached per planned destination and port (null: the SNI follows the Host, not cached). */
export function arrivalFromPlan(model: MeshModel, callerNamespace: string, plan: { readonly host: string; readonly subset?: string }, port: number, authority: string): Arrival {
  let perPort = byPlan.get(plan);
  if (!perPort) {
    perPort = new Map();
    byPlan.set(plan, perPort);
  }
  const cached = perPort.get(port);
  if (cached) return cached;
  const arrival = arrivalFromProxy(model, callerNamespace, plan.host, plan.subset, port, authority);
  if (cached === undefined) perPort.set(port, arrival.sni === stripPort(authority) && !arrival.auto && !arrival.meshCertificate ? null : arrival);
  return arrival;
}
