/**
 * IST0118: a Service port whose name (or appProtocol) does not tell Istio the protocol, so Istio
 * falls back to protocol sniffing (service.PortNameAnalyzer, kube.ConvertProtocol). Skipped, as
 * Istio skips them: Istio's control plane (util.IsIstioControlPlane: an `istio` label or
 * `release: istio`), Services that istiod's gateway controllers create (label
 * `gateway.istio.io/managed` = istio.io-gateway-controller, istio.io-mesh-controller or
 * istio.io-eastwest-controller), and the Kubernetes system namespaces, which `istioctl analyze`
 * drops on reading (local/istiod_analyze.go filters inject.IgnoredNamespaces).
 */
import { MeshModel } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { arr } from '../support/schema';

const PROTOCOLS = new Set(['http', 'http2', 'https', 'grpc', 'grpc-web', 'tcp', 'tls', 'mongo', 'redis', 'mysql', 'http_proxy']);
const K8S_APP_PROTOCOLS = new Set(['kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss']);
/** Ports Istio treats as TCP without a name (sniffing would break them). */
const WELL_KNOWN_TCP_PORTS = new Set([25, 53, 3306, 27017]);
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);
/** constants.ManagedGatewayControllerLabel, ManagedGatewayMeshControllerLabel, ManagedGatewayEastWestControllerLabel. */
const MANAGED_GATEWAY_CONTROLLERS = new Set(['istio.io-gateway-controller', 'istio.io-mesh-controller', 'istio.io-eastwest-controller']);

export const portNames: Rule = {
  code: 'IST0118',
  description: 'Service ports are named by protocol (http, http-*, grpc, tcp, tls…) or set appProtocol',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const svc of model.ofKind('Service')) {
      if (SYSTEM_NAMESPACES.has(svc.namespace)) continue;
      // Istio's own control plane and gateways are skipped, as istioctl does.
      if (svc.labels.istio !== undefined || svc.labels.release === 'istio') continue;
      // Gateway API gateways and waypoints: their Services are istiod's, not the user's.
      if (MANAGED_GATEWAY_CONTROLLERS.has(svc.labels['gateway.istio.io/managed'])) continue;
      if (svc.spec.type === 'ExternalName') continue;
      for (const port of arr(svc.spec.ports)) {
        if (hasKnownProtocol(port)) continue;
        const name = typeof port?.name === 'string' ? port.name : '';
        out.push(finding(svc, 'IST0118', 'info',
          `Port name ${name} (port: ${port?.port}, targetPort: ${port?.targetPort ?? port?.port}) doesn't follow the naming convention of Istio port.`,
          `name the port "<protocol>[-<suffix>]" (e.g. "http", "http-${name || 'web'}", "grpc", "tcp") or set appProtocol, so Istio does not have to sniff the protocol`));
      }
    }
    return out;
  },
};

function hasKnownProtocol(port: any): boolean {
  if (String(port?.protocol ?? 'TCP').toUpperCase() === 'UDP') return true;
  const declared = typeof port?.appProtocol === 'string' && port.appProtocol !== '' ? port.appProtocol : port?.name ?? '';
  if (K8S_APP_PROTOCOLS.has(declared)) return true;
  const lower = String(declared).toLowerCase();
  if (lower.startsWith('grpc-web')) return true;
  const prefix = lower.split('-')[0];
  if (PROTOCOLS.has(prefix)) return true;
  return WELL_KNOWN_TCP_PORTS.has(port?.port);
}
