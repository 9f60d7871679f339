/**
 * The CRDs of the cluster `check` assumes: Istio 1.30.3's and the Gateway API v1.5.1 standard
 * channel, each a bundle of its own, picked by the object's API group.
 *
 * The Gateway API bundle is required on first use rather than imported: its schemas are parsed
 * only when a manifest has a Gateway API object, so `check` on Istio-only manifests pays nothing.
 */
import { splitApiVersion, type CrdBundle } from './crd-types';
import { loadIstioBundle } from './istio-crds';

/** The API groups of the Gateway API bundle, known without loading it (generated.test.ts checks them). */
export const GATEWAY_API_CRD_GROUPS: readonly string[] = ['gateway.networking.k8s.io'];

let gatewayApi: CrdBundle | undefined;

/** The Gateway API v1.5.1 standard CRDs, loaded once per process on first use. */
export function loadGatewayApiBundle(): CrdBundle {
  return (gatewayApi ??= (require('./gateway-api-crds') as typeof import('./gateway-api-crds')).gatewayApiBundle());
}

/** The installed bundle that defines `group`, or undefined for groups without CRDs (core, apps...). */
export function bundleForGroup(group: string): CrdBundle | undefined {
  if (GATEWAY_API_CRD_GROUPS.includes(group)) return loadGatewayApiBundle();
  const istio = loadIstioBundle();
  return istio.groups.has(group) ? istio : undefined;
}

/** Whether `group` has CRDs installed, without loading a bundle it does not need. */
export function isInstalledGroup(group: string): boolean {
  return GATEWAY_API_CRD_GROUPS.includes(group) || loadIstioBundle().groups.has(group);
}

/** The installed bundle for an object's apiVersion. */
export function bundleForApiVersion(apiVersion: unknown): CrdBundle | undefined {
  return bundleForGroup(splitApiVersion(apiVersion).group);
}
