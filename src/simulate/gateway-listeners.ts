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
import { GATEWAY_API_GROUP, GATEWAY_NAME_LABEL, routingConfigFor } from './routing-config';

export interface GatewayPod {
  readonly workload: Workload;
  /** `Kind ns/name` of the workload. */
  readonly id: string;
  /** Every Gateway whose selector matches these pods, in input order. */
  readonly gateways: readonly Resource[];
  /** Other workloads the requested Gateway also selects (a second deployment of the same gateway). */
  readonly alsoSelected: readonly string[];
  /** What the trace should say about how the pods were found. */
  readonly notes?: readonly string[];
}

export interface GatewayServer {
  readonly gateway: Resource;
  /** `ns/name` of the Gateway (for a derived one, istiod's internal name, which VirtualServices bind to). */
  readonly gatewayRef: string;
  /** `ns/name` of the Gateway as the user wrote it: the Gateway API Gateway for a derived one. */
  readonly shownRef: string;
  /** The Gateway API listener this server was derived from. */
  readonly listener?: string;
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

/**
 * Gateways that configure `workload`'s pods, the derived ones included. A Gateway without
 * selector applies to every gateway pod.
 */
export function gatewaysSelecting(model: MeshModel, workload: Workload): Resource[] {
  return routingConfigFor(model).gatewaysSelecting(workload);
}

/** Whether some Gateway with a selector (or derived from a Gateway API Gateway) picks `workload`'s pods: the workload is a gateway. */
export function isGatewayWorkload(model: MeshModel, workload: Workload): boolean {
  return routingConfigFor(model).isGatewayWorkload(workload);
}

/**
 * The pods a request "from gateway ns/name" enters: the first workload (input order) the Gateway
 * selects. Also accepts `ns/name` of a gateway workload itself (e.g. `istio-system/istio-ingressgateway`).
 */
export function findGatewayPod(model: MeshModel, ref: string): GatewayPod {
  const [namespace, name] = ref.split('/');
  const config = routingConfigFor(model);
  const gateway = model.get('Gateway', namespace, name);
  const gatewayApi = config.gatewayApiGateway(namespace, name);
  const notes: string[] = [];
  let selected: Workload[];
  if (gateway && gatewayApi) {
    // istiod runs both; the Istio Gateway's pods are simulated, as before Gateway API objects were read.
    notes.push(`a Gateway API Gateway ${ref} exists too, with its own pods (${name}-istio); istiod runs both: simulated here is the Istio Gateway's`);
  }
  if (!gateway && gatewayApi) {
    selected = config.gatewayApiPods(gatewayApi);
    if (selected.length === 0) {
      const istio = gatewayApi.spec.gatewayClassName === 'istio';
      throw new IstioTrafficError(REQUEST_ERRORS.gatewayWithoutPods, `Gateway ${ref} (gateway.networking.k8s.io)`,
        `no pods carry ${GATEWAY_NAME_LABEL}=${name} in namespace ${namespace}: ${istio ? 'the Gateway names an existing Service in addresses, whose pods are not in these manifests' : 'its class is not istio, so istiod deploys nothing for it'}`,
        gatewayApi.spec.gatewayClassName,
        istio ? 'add the gateway Deployment (with that label) to the input' : 'use gatewayClassName istio (istiod deploys the gateway), or add the gateway Deployment with that label');
    }
  } else if (gateway) {
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
      const known = [...model.ofKind('Gateway'), ...model.ofGroupKind(GATEWAY_API_GROUP, 'Gateway')].slice(0, 10).map((g) => `${g.namespace}/${g.name}`);
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
    notes,
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
      const owner = gateway.derivedFrom;
      const listener = owner ? listenerOf(owner, server, port) : undefined;
      servers.push({
        gateway,
        gatewayRef: `${gateway.namespace}/${gateway.name}`,
        shownRef: owner ? `${owner.namespace}/${owner.name}` : `${gateway.namespace}/${gateway.name}`,
        listener,
        index,
        port,
        protocol,
        hosts,
        http,
        httpsRedirect: server.tls?.httpsRedirect === true,
        tlsMode: server.tls && typeof server.tls === 'object' && !HTTP_PROTOCOLS.has(protocol) ? tlsMode : undefined,
        label: owner
          ? `listener ${listener ?? server.port.name ?? `servers[${index}]`} ${protocol}:${port} [${(server.hosts ?? []).map((h: string) => splitServerHost(h).dnsName).join(', ')}]`
          : `${server.port.name ?? `servers[${index}]`} ${protocol}:${port} [${(server.hosts ?? []).join(', ')}]`,
      });
    });
  }
  return servers;
}

/**
 * The Gateway API listener a derived server stands for: istiod builds one server per listener
 * (conversion.go buildListener), so the listener on the server's port whose hostname the
 * server's hosts carry (any host when the listener names none).
 */
function listenerOf(owner: Resource, server: any, port: number): string | undefined {
  const listeners: any[] = Array.isArray(owner.spec.listeners) ? owner.spec.listeners : [];
  const onPort = listeners.filter((l) => l?.port === port);
  if (onPort.length <= 1) return onPort[0]?.name;
  const hosts = new Set((Array.isArray(server.hosts) ? server.hosts : []).map((h: string) => splitServerHost(h).dnsName.toLowerCase()));
  const named = onPort.find((l) => typeof l.hostname === 'string' && hosts.has(l.hostname.toLowerCase()));
  return (named ?? onPort.find((l) => typeof l.hostname !== 'string' && hosts.has('*')))?.name;
}
