/**
 * What a cluster with a default Istio install has before any of our manifests are applied:
 * the `istio-ingressgateway` Deployment and Service in `istio-system` (label
 * `istio: ingressgateway`, ports 80, 443 and 15443), and the mesh-wide outbound policy.
 */
import { ServiceInfo } from './service';
import { Workload } from './workload';

/** Describes the cluster the manifests will be applied to. */
export interface MeshEnvironment {
  /**
   * Whether the cluster runs Istio's default `istio-ingressgateway` in `istio-system`.
   * @default true
   * @see https://istio.io/latest/docs/setup/additional-setup/config-profiles/
   */
  readonly defaultIngressGateway?: boolean;
  /**
   * The mesh-wide `outboundTrafficPolicy.mode` of MeshConfig: `ALLOW_ANY` or `REGISTRY_ONLY`.
   * A namespace's Sidecar can override it.
   * @default 'ALLOW_ANY'
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-OutboundTrafficPolicy-Mode
   */
  readonly outboundTrafficPolicy?: string;
  /**
   * The root namespace of the mesh, where a Sidecar applies to every namespace.
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /**
   * The mesh's SPIFFE trust domain (MeshConfig `trustDomain`): principals are
   * `<trustDomain>/ns/<namespace>/sa/<serviceAccount>`.
   * @default 'cluster.local'
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig
   */
  readonly trustDomain?: string;
  /**
   * MeshConfig `pathNormalization.normalization`: `NONE`, `BASE`, `MERGE_SLASHES` or
   * `DECODE_AND_MERGE_SLASHES`, applied before route and authorization matching.
   * @default 'BASE'
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-ProxyPathNormalization
   */
  readonly pathNormalization?: string;
  /**
   * Whether the proxies capture DNS and auto-allocate addresses for ServiceEntries
   * (`defaultConfig.proxyMetadata.ISTIO_META_DNS_CAPTURE` and `ISTIO_META_DNS_AUTO_ALLOCATE`, or
   * Istio's newer ambient-style auto-allocation): then TCP ServiceEntries need no `addresses`.
   * @default false
   * @see https://istio.io/latest/docs/ops/configuration/traffic-management/dns-proxy/
   */
  readonly dnsAutoAllocate?: boolean;
}

export const DEFAULT_INGRESS_LABELS = { app: 'istio-ingressgateway', istio: 'ingressgateway' } as const;

export const defaultIngressWorkload: Workload = {
  kind: 'Deployment',
  name: 'istio-ingressgateway',
  namespace: 'istio-system',
  podLabels: DEFAULT_INGRESS_LABELS,
  serviceAccount: 'istio-ingressgateway-service-account',
  containerPorts: [8080, 8443, 15443],
};

export const defaultIngressService: ServiceInfo = {
  host: 'istio-ingressgateway.istio-system.svc.cluster.local',
  name: 'istio-ingressgateway',
  namespace: 'istio-system',
  type: 'LoadBalancer',
  selector: DEFAULT_INGRESS_LABELS,
  ports: [
    { name: 'status-port', port: 15021, targetPort: 15021, protocol: 'TCP' },
    { name: 'http2', port: 80, targetPort: 8080, protocol: 'TCP' },
    { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
    { name: 'tls', port: 15443, targetPort: 15443, protocol: 'TCP' },
  ],
};
