/**
 * A small hand-written topology for the edge-case tables: namespace `shop` with web v1/v2 and a
 * two-port api, a Gateway `shop/public` on the default ingress gateway, and helpers to write
 * VirtualServices as plain objects.
 */
export const NS = 'shop';
export const WEB = 'web.shop.svc.cluster.local';
export const API = 'api.shop.svc.cluster.local';

export function deployment(name: string, namespace: string, labels: Record<string, string>): any {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: `${name}:1` }] } } },
  };
}

export function service(name: string, namespace: string, selector: Record<string, string>, ports: number[]): any {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace },
    spec: { selector, ports: ports.map((port) => ({ name: `http-${port}`, port })) },
  };
}

export function gateway(name: string, namespace: string, hosts: string[], extra: Record<string, unknown> = {}, port = 80): any {
  return {
    apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name, namespace },
    spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: port, name: `http-${port}`, protocol: 'HTTP' }, hosts, ...extra }] },
  };
}

export function vs(name: string, spec: Record<string, unknown>, namespace = NS): any {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace }, spec };
}

/** A destination to web (subset v1 or v2). */
export function web(subset: 'v1' | 'v2', weight?: number): any {
  return weight === undefined ? { destination: { host: 'web', subset } } : { destination: { host: 'web', subset }, weight };
}

export function base(): any[] {
  return [
    deployment('web-v1', NS, { app: 'web', version: 'v1' }),
    deployment('web-v2', NS, { app: 'web', version: 'v2' }),
    service('web', NS, { app: 'web' }, [80]),
    deployment('api', NS, { app: 'api' }),
    service('api', NS, { app: 'api' }, [80, 8080]),
    deployment('frontend', NS, { app: 'frontend' }),
    {
      apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'web', namespace: NS },
      spec: { host: 'web', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
    },
    gateway('public', NS, ['shop.example.com', '*.shop.example.com']),
  ];
}
