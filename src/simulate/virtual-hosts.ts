/**
 * The virtual hosts of one gateway listener (one port on one gateway pod), as istiod builds the
 * `http.<port>` route configuration:
 * - a VirtualService attaches when its `gateways` name the server's Gateway, its hosts intersect
 *   a server host (the intersection, the more specific name, becomes the virtual host), the
 *   server host's namespace part admits the VirtualService's namespace, and its `exportTo`
 *   admits the gateway POD's namespace;
 * - several VirtualServices on one virtual host are MERGED: routes concatenated in creation
 *   order (input order, then name, then namespace), then every catch-all route moved last.
 */
import { hostCovers, hostIntersection, resolveHost } from '../model/hosts';
import { isExportedTo } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { GatewayPod, GatewayServer } from './gateway-listeners';
import { CompiledRoute, entryApplies, sourceApplies, SourceContext } from './route-match';

/** What building a listener needs from the per-model index. */
export interface RouteCatalog {
  /** VirtualServices whose `gateways` name `gatewayRef` (`ns/name`), in creation order. */
  boundTo(gatewayRef: string): readonly Resource[];
  compiled(vs: Resource): readonly CompiledRoute[];
}

export interface VirtualHost {
  readonly name: string;
  /** Merged routes, catch-alls last. */
  readonly routes: readonly CompiledRoute[];
  /** `ns/name` of the VirtualServices merged here, in merge order. */
  readonly virtualServices: readonly string[];
  readonly servers: readonly GatewayServer[];
  /** A contributing server has `tls.httpsRedirect`: plain HTTP gets a 301 to https. */
  readonly httpsRedirect: boolean;
}

/** One Envoy route configuration: its virtual hosts by name. */
export interface RouteConfig {
  readonly servers: readonly GatewayServer[];
  readonly exact: ReadonlyMap<string, VirtualHost>;
  /** Wildcard virtual hosts, longest (most specific) first; `*` last. */
  readonly wildcards: readonly VirtualHost[];
}

/**
 * What a gateway pod serves on one port. Plain HTTP servers share one route configuration
 * (`http.<port>`); each terminated HTTPS server has its own, chosen by SNI before any Host
 * header is read.
 */
export interface GatewayListener {
  readonly port: number;
  readonly servers: readonly GatewayServer[];
  readonly plain?: RouteConfig;
  readonly tls: readonly RouteConfig[];
}

interface Building {
  name: string;
  vsIds: Set<string>;
  parts: { vs: Resource; routes: CompiledRoute[] }[];
  servers: GatewayServer[];
  httpsRedirect: boolean;
}

/** Whether a server host's namespace part lets a VirtualService in `vsNamespace` bind. */
export function namespaceAdmits(serverNs: string, vsNamespace: string, gatewayNamespace: string): boolean {
  if (serverNs === '*') return true;
  if (serverNs === '.') return vsNamespace === gatewayNamespace;
  return serverNs === vsNamespace;
}

export function buildGatewayListener(catalog: RouteCatalog, pod: GatewayPod, port: number, servers: readonly GatewayServer[]): GatewayListener {
  const plainServers = servers.filter((s) => s.http && s.protocol !== 'HTTPS');
  const tlsServers = servers.filter((s) => s.http && s.protocol === 'HTTPS');
  return {
    port,
    servers,
    plain: plainServers.length > 0 ? buildRouteConfig(catalog, pod, port, plainServers) : undefined,
    tls: tlsServers.map((server) => buildRouteConfig(catalog, pod, port, [server])),
  };
}

function buildRouteConfig(catalog: RouteCatalog, pod: GatewayPod, port: number, servers: readonly GatewayServer[]): RouteConfig {
  const building = new Map<string, Building>();
  const source: SourceContext = { namespace: pod.workload.namespace, labels: pod.workload.podLabels };
  const entry = (name: string): Building => {
    let b = building.get(name);
    if (!b) {
      b = { name, vsIds: new Set(), parts: [], servers: [], httpsRedirect: false };
      building.set(name, b);
    }
    return b;
  };

  for (const server of servers) {
    if (!server.http) continue;
    for (const vs of catalog.boundTo(server.gatewayRef)) {
      if (!isExportedTo(vs, pod.workload.namespace)) continue;
      const vsHosts: string[] = (Array.isArray(vs.spec.hosts) ? vs.spec.hosts : []).map((h: string) => resolveHost(h, vs.namespace).toLowerCase());
      const vsId = `${vs.namespace}/${vs.name}`;
      for (const serverHost of server.hosts) {
        if (!namespaceAdmits(serverHost.namespace, vs.namespace, server.gateway.namespace)) continue;
        for (const vsHost of vsHosts) {
          const name = hostIntersection(serverHost.dnsName, vsHost);
          if (name === undefined) continue;
          const b = entry(name);
          if (!b.servers.includes(server)) b.servers.push(server);
          b.httpsRedirect ||= server.httpsRedirect;
          if (b.vsIds.has(vsId)) continue; // the same VirtualService through another server host
          b.vsIds.add(vsId);
          // istiod drops match entries for another port, another gateway or another source.
          const routes = catalog.compiled(vs).filter((r) =>
            entryApplies(r.match, port, server.gatewayRef) && sourceApplies(r.match, source));
          b.parts.push({ vs, routes });
        }
      }
    }
    if (server.httpsRedirect) {
      // istiod keeps a virtual host for redirecting servers even when no VirtualService binds.
      for (const serverHost of server.hosts) {
        const b = entry(serverHost.dnsName);
        b.httpsRedirect = true;
        if (!b.servers.includes(server)) b.servers.push(server);
      }
    }
  }

  const exact = new Map<string, VirtualHost>();
  const wildcards: VirtualHost[] = [];
  for (const b of building.values()) {
    const vhost = finish(b);
    if (vhost.name.startsWith('*')) wildcards.push(vhost);
    else exact.set(vhost.name, vhost);
  }
  wildcards.sort((a, b) => b.name.length - a.name.length);
  return { servers, exact, wildcards };
}

function finish(b: Building): VirtualHost {
  const parts = [...b.parts].sort((x, y) => byCreation(x.vs, y.vs));
  const merged = parts.flatMap((p) => p.routes);
  // Stable partition: catch-alls keep their relative order, after everything else.
  const routes = [...merged.filter((r) => !r.catchAll), ...merged.filter((r) => r.catchAll)];
  return {
    name: b.name,
    routes,
    virtualServices: parts.map((p) => `${p.vs.namespace}/${p.vs.name}`),
    servers: b.servers,
    httpsRedirect: b.httpsRedirect,
  };
}

/** Creation order: manifests carry no timestamps, so input order stands in; then name, namespace. */
export function byCreation(a: Resource, b: Resource): number {
  return a.order - b.order || a.name.localeCompare(b.name) || a.namespace.localeCompare(b.namespace);
}

/**
 * The route configuration a request uses: the HTTPS server whose hosts best match the SNI
 * (taken to be the Host), else the plain HTTP one.
 */
export function routeConfigFor(listener: GatewayListener, host: string): RouteConfig | undefined {
  let best: { config: RouteConfig; rank: number } | undefined;
  for (const config of listener.tls) {
    for (const serverHost of config.servers[0].hosts) {
      if (!hostCovers(serverHost.dnsName, host)) continue;
      const rank = serverHost.dnsName.startsWith('*') ? serverHost.dnsName.length : Number.MAX_SAFE_INTEGER;
      if (!best || rank > best.rank) best = { config, rank };
    }
  }
  return best?.config ?? listener.plain;
}

/** Envoy's virtual host choice: exact name, else the longest wildcard covering the host. */
export function selectVirtualHost(listener: GatewayListener, host: string): VirtualHost | undefined {
  const config = routeConfigFor(listener, host);
  return config ? virtualHostIn(config, host) : undefined;
}

/** Envoy's virtual host choice inside one route configuration. */
export function virtualHostIn(config: RouteConfig, host: string): VirtualHost | undefined {
  const exact = config.exact.get(host);
  if (exact) return exact;
  for (const vhost of config.wildcards) if (hostCovers(vhost.name, host)) return vhost;
  return undefined;
}

/** Every virtual host name on the listener, for messages. */
export function virtualHostNames(listener: GatewayListener): string[] {
  const configs = [...(listener.plain ? [listener.plain] : []), ...listener.tls];
  return configs.flatMap((c) => [...c.exact.keys(), ...c.wildcards.map((w) => w.name)]);
}
