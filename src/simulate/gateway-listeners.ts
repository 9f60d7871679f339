/**
 * Gateway pods and their listeners (SEMANTICS §4 "Listener and host"): a Gateway resource names
 * pods by selector; what those pods listen on is the union of the servers of EVERY Gateway that
 * selects them, grouped by port — another team's Gateway on the same pods changes your listener.
 */
import { IstioTrafficError } from '../errors';
import { splitServerHost } from '../model/hosts';
import { MeshModel } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { Workload } from '../model/workload';
import { REQUEST_ERRORS } from './request';

export interface GatewayPod {
  readonly workload: Workload;
  /** `Kind ns/name` of the workload. */
  readonly id: string;
  /** Every Gateway whose selector matches these pods, in input order. */
  readonly gateways: readonly Resource[];
  /** Other workloads the requested Gateway also selects (a second deployment of the same gateway). */
  readonly alsoSelected: readonly string[];
}

export interface GatewayServer {
  readonly gateway: Resource;
  /** `ns/name` of the Gateway. */
  readonly gatewayRef: string;
  readonly index: number;
  readonly port: number;
  readonly protocol: string;
  readonly hosts: readonly { readonly namespace: string; readonly dnsName: string }[];
  /** Whether HTTP routes (VirtualService `http`) apply: HTTP, HTTP2, GRPC, terminated HTTPS. */
  readonly http: boolean;
  readonly httpsRedirect: boolean;
  /**
   * `tls.mode` when the server has `tls` and is not plain HTTP (istiod gateway.IsTLSServer);
   * Istio's default mode is PASSTHROUGH. Undefined for HTTP servers (httpsRedirect included).
   */
  readonly tlsMode?: string;
  /** For people: `name http:80 [hosts]`. */
  readonly label: string;
}

const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB']);

export function workloadId(workload: Workload): string {
  return `${workload.kind} ${workload.namespace}/${workload.name}`;
}

function hasSelector(gateway: Resource): boolean {
  return !!gateway.spec.selector && Object.keys(gateway.spec.selector).length > 0;
}

/** Gateways that configure `workload`'s pods. A Gateway without selector applies to every gateway pod. */
export function gatewaysSelecting(model: MeshModel, workload: Workload): Resource[] {
  return model.gatewaysSelecting(workload);
}

/** Whether some Gateway with a selector picks `workload`'s pods: the workload is a gateway. */
export function isGatewayWorkload(model: MeshModel, workload: Workload): boolean {
  return model.gatewaysSelecting(workload).some(hasSelector);
}

/**
 * The pods a request "from gateway ns/name" enters: the first workload (input order) the Gateway
 * selects. Also accepts `ns/name` of a gateway workload itself (e.g. `istio-system/istio-ingressgateway`).
 */
export function findGatewayPod(model: MeshModel, ref: string): GatewayPod {
  const [namespace, name] = ref.split('/');
  const gateway = model.get('Gateway', namespace, name);
  let selected: Workload[];
  if (gateway) {
    if (!hasSelector(gateway)) {
      throw new IstioTrafficError(REQUEST_ERRORS.gatewayWithoutPods, `Gateway ${ref}`, 'the Gateway has no selector, so it names no particular pods', gateway.spec.selector,
        'give the Gateway a selector (e.g. istio: ingressgateway) or start from the gateway workload');
    }
    selected = model.workloadsSelectedBy(gateway.spec.selector);
    if (selected.length === 0) {
      throw new IstioTrafficError(REQUEST_ERRORS.gatewayWithoutPods, `Gateway ${ref}`, 'the Gateway selects no pods in these manifests', gateway.spec.selector,
        'add the gateway Deployment to the input, or fix the selector to match its pod labels');
    }
  } else {
    selected = model.workloadsSelectedBy(undefined, namespace).filter((w) => w.name === name && isGatewayWorkload(model, w));
    if (selected.length === 0) {
      const known = model.ofKind('Gateway').slice(0, 10).map((g) => `${g.namespace}/${g.name}`);
      throw new IstioTrafficError(REQUEST_ERRORS.unknownGateway, 'explain request from.gateway', 'no Gateway (or gateway workload) has this namespace/name', ref,
        known.length > 0 ? `use one of ${known.join(', ')}` : 'add the Gateway to the manifests');
    }
  }
  const workload = selected[0];
  return {
    workload,
    id: workloadId(workload),
    gateways: gatewaysSelecting(model, workload),
    alsoSelected: selected.slice(1).map(workloadId),
  };
}

/** Every server of the pod's Gateways listening on `port`. */
export function serversOnPort(pod: GatewayPod, port: number): GatewayServer[] {
  const servers: GatewayServer[] = [];
  for (const gateway of pod.gateways) {
    const list: any[] = Array.isArray(gateway.spec.servers) ? gateway.spec.servers : [];
    list.forEach((server, index) => {
      if (server?.port?.number !== port) return;
      const protocol = String(server.port.protocol ?? 'HTTP').toUpperCase();
      // Istio's ServerTLSSettings mode enum starts at PASSTHROUGH: a server without one passes through.
      const tlsMode = String(server.tls?.mode ?? 'PASSTHROUGH').toUpperCase();
      const http = HTTP_PROTOCOLS.has(protocol) || (protocol === 'HTTPS' && !!server.tls && tlsMode !== 'PASSTHROUGH' && tlsMode !== 'AUTO_PASSTHROUGH');
      const hosts = (Array.isArray(server.hosts) ? server.hosts : []).map((h: string) => {
        const parts = splitServerHost(h);
        return { namespace: parts.namespace, dnsName: parts.dnsName.toLowerCase() };
      });
      servers.push({
        gateway,
        gatewayRef: `${gateway.namespace}/${gateway.name}`,
        index,
        port,
        protocol,
        hosts,
        http,
        httpsRedirect: server.tls?.httpsRedirect === true,
        tlsMode: server.tls && typeof server.tls === 'object' && !HTTP_PROTOCOLS.has(protocol) ? tlsMode : undefined,
        label: `${server.port.name ?? `servers[${index}]`} ${protocol}:${port} [${(server.hosts ?? []).join(', ')}]`,
      });
    });
  }
  return servers;
}
