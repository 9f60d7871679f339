/**
 * A TeamGateway on the Gateway API: a `gateway.networking.k8s.io/v1` Gateway of class `istio`,
 * which Istio's automated deployment turns into a Deployment, Service and ServiceAccount named
 * `<gateway>-istio` (pods labelled `gateway.networking.k8s.io/gateway-name: <gateway>`). What
 * the library still writes is what Istio's docs attach to that Deployment ("Resource attachment
 * and scaling"): the HorizontalPodAutoscaler and the PodDisruptionBudget; plus an HTTPRoute that
 * answers the plain-HTTP listeners of `httpsRedirect` servers with a 301 to HTTPS.
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#automated-deployment
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ErrorCodes } from '../codes';
import { IstioTrafficError } from '../errors';
import { hostsIntersect } from '../model/hosts';
import { gatewayApiServiceAccount } from './caller';
import { GatewayProtocol, GatewayServerOptions } from './gateway-server';
import { metadataFor } from './labels';

/** The API group of the Gateway API kinds. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** The label Istio's automated deployment puts on a Gateway API gateway's pods. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** The listener TLS option istiod reads to terminate with client certificates (conversion.go buildTLS). */
export const TLS_TERMINATE_MODE_OPTION = 'gateway.istio.io/tls-terminate-mode';

/**
 * A server as the Gateway API translation needs it.
 * @internal
 */
export interface GatewayApiServer extends GatewayServerOptions {
  readonly protocol: GatewayProtocol;
  readonly hosts: string[];
}

/**
 * One listener of the Gateway: one (server, host) pair, as a Gateway API listener has one hostname.
 * @internal
 */
export interface GatewayApiListener {
  readonly name: string;
  readonly port: number;
  readonly protocol: GatewayProtocol;
  /** Absent for a server that accepts any host (`*`). */
  readonly hostname?: string;
  /** The HTTP listener of an `httpsRedirect` server: answered by the redirect route only. */
  readonly redirect: boolean;
  readonly rendered: Record<string, unknown>;
}

/**
 * Refuses, at `addServer`, what a Gateway API listener cannot say: protocols without a route
 * kind the constructs write (HTTP2, GRPC, TCP) and TLS servers that terminate.
 */
export function checkGatewayApiServer(server: GatewayApiServer, where: string): void {
  const unsupported: Partial<Record<GatewayProtocol, string>> = {
    [GatewayProtocol.HTTP2]: 'an HTTP2 server (the Gateway API has no HTTP2 listener protocol)',
    [GatewayProtocol.GRPC]: 'a GRPC server (it needs a GRPCRoute, which CanaryRoute does not write)',
    [GatewayProtocol.TCP]: 'a TCP server (TCPRoute is not in the v1.5.1 standard channel)',
  };
  const problem = unsupported[server.protocol];
  if (problem) {
    throw new IstioTrafficError(ErrorCodes.NO_GATEWAY_API_FORM, `${where}.protocol`, `${problem} has no Gateway API form here`, server.protocol,
      'use GatewayProtocol.HTTP, HTTPS or TLS (passthrough), or put the gateway in a Team with api: TrafficApi.ISTIO');
  }
  if (server.protocol === GatewayProtocol.TLS && server.tls && server.tls.mode !== 'PASSTHROUGH') {
    throw new IstioTrafficError(ErrorCodes.NO_GATEWAY_API_FORM, `${where}.tls`, 'a TLS server that terminates TLS needs a TLS listener in Terminate mode, which Istio does not route with TLSRoute', server.tls.mode,
      'use GatewayTls.passthrough() on a TLS server, terminate on an HTTPS server, or put the gateway in a Team with api: TrafficApi.ISTIO');
  }
}

/**
 * One listener per (server, host), named `<protocol>-<port>-<host>` with the host's dots as
 * dashes (`*.` as `wildcard-`, `*` as `any`): valid listener names, stable across runs. A name
 * two hosts share (`a-b.com`, `a.b.com`) gets a numeric suffix, in server order.
 */
export function gatewayApiListeners(servers: readonly GatewayApiServer[], where: string): GatewayApiListener[] {
  const used = new Set<string>();
  const listeners: GatewayApiListener[] = [];
  servers.forEach((server, i) => {
    for (const host of server.hosts) {
      const base = `${server.protocol.toLowerCase()}-${server.port}-${listenerHostPart(host)}`.slice(0, 240).replace(/-+$/, '');
      let name = base;
      for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
      used.add(name);
      const hostname = host === '*' ? undefined : host;
      listeners.push({
        name,
        port: server.port,
        protocol: server.protocol,
        hostname,
        redirect: server.httpsRedirect === true,
        rendered: {
          name,
          port: server.port,
          protocol: server.protocol,
          ...(hostname ? { hostname } : {}),
          ...listenerTls(server, `${where}.servers[${i}]`),
        },
      });
    }
  });
  return listeners;
}

function listenerHostPart(host: string): string {
  if (host === '*') return 'any';
  return host.replace(/^\*\./, 'wildcard.').replace(/\./g, '-');
}

/**
 * HTTPS: Terminate with the server's Secret; MUTUAL through the Istio option istiod reads
 * (conversion.go buildTLS: `gateway.istio.io/tls-terminate-mode: MUTUAL`, CA from the same
 * Secret). TLS: Passthrough.
 */
function listenerTls(server: GatewayApiServer, where: string): Record<string, unknown> {
  if (!server.tls) return {};
  const bound = server.tls.bind(where) as { mode: string; credentialName?: string };
  if (bound.mode === 'PASSTHROUGH') return { tls: { mode: 'Passthrough' } };
  return {
    tls: {
      mode: 'Terminate',
      certificateRefs: [{ group: '', kind: 'Secret', name: bound.credentialName }],
      ...(bound.mode === 'MUTUAL' ? { options: { [TLS_TERMINATE_MODE_OPTION]: 'MUTUAL' } } : {}),
    },
  };
}

/**
 * Which namespaces' routes a listener admits: `Same` when only the gateway's own, else a
 * Selector on the namespace-name label Kubernetes sets on every Namespace.
 * istiod: gateway_collection.go namespacesFromSelector / isRouteAllowed.
 */
export function allowedRoutes(gatewayNamespace: string, namespaces: ReadonlySet<string>, protocol: GatewayProtocol): Record<string, unknown> {
  const kinds = protocol === GatewayProtocol.TLS ? [{ group: GATEWAY_API_GROUP, kind: 'TLSRoute' }] : [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute' }];
  const others = [...namespaces].filter((ns) => ns !== gatewayNamespace);
  const namespacesSpec = others.length === 0
    ? { from: 'Same' }
    : {
      from: 'Selector',
      selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...new Set([gatewayNamespace, ...others])].sort() }] },
    };
  return { namespaces: namespacesSpec, kinds };
}

/** The listeners a route of `hosts` attaches to (redirect listeners excluded). */
export function listenersForHosts(listeners: readonly GatewayApiListener[], hosts: readonly string[], tls: boolean): GatewayApiListener[] {
  return listeners.filter((l) => !l.redirect
    && (tls ? l.protocol === GatewayProtocol.TLS : l.protocol !== GatewayProtocol.TLS)
    && hosts.some((h) => l.hostname === undefined || h === '*' || hostsIntersect(l.hostname, h)));
}

/**
 * What the gateway's autoscaling looks like; the rest of the Deployment is Istio's template.
 * @internal
 */
export interface GatewayApiScaling {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetCpuUtilization: number;
}

/**
 * The HorizontalPodAutoscaler on Istio's `<gateway>-istio` Deployment (unless one pod is all
 * it may have: Istio's Deployment runs one by default) and the PodDisruptionBudget on its pods,
 * as Istio's "Resource attachment and scaling" section shows.
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#resource-attachment-and-scaling
 */
export function gatewayApiScaling(scope: Construct, name: string, namespace: string, scaling: GatewayApiScaling): void {
  const podLabels = { [GATEWAY_NAME_LABEL]: name };
  if (scaling.maxReplicas > 1) {
    new k8s.KubeHorizontalPodAutoscalerV2(scope, 'Autoscaler', {
      metadata: metadataFor(name, namespace, podLabels),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: gatewayApiServiceAccount(name) },
        minReplicas: scaling.minReplicas,
        maxReplicas: scaling.maxReplicas,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: scaling.targetCpuUtilization } } }],
      },
    });
  }
  new k8s.KubePodDisruptionBudget(scope, 'DisruptionBudget', {
    metadata: metadataFor(name, namespace, podLabels),
    spec: {
      ...(scaling.minReplicas > 1 ? { minAvailable: k8s.IntOrString.fromNumber(1) } : { maxUnavailable: k8s.IntOrString.fromNumber(1) }),
      selector: { matchLabels: podLabels },
    },
  });
}

/**
 * The Gateway API form of `httpsRedirect`: an HTTPRoute on the server's HTTP listeners whose one
 * rule answers every request with a 301 to the same URL on https (what Istio's own
 * `httpsRedirect: true` does). Team routes bind to the other listeners only (sectionName), so
 * the redirect is all these listeners answer.
 * @see https://gateway-api.sigs.k8s.io/guides/http-redirect-rewrite/#http-to-https-redirects
 */
export function httpsRedirectRouteSpec(gatewayName: string, listeners: readonly GatewayApiListener[]): Record<string, unknown> | undefined {
  const redirects = listeners.filter((l) => l.redirect);
  if (redirects.length === 0) return undefined;
  return {
    parentRefs: redirects.map((l) => ({ group: GATEWAY_API_GROUP, kind: 'Gateway', name: gatewayName, sectionName: l.name })),
    rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
  };
}
