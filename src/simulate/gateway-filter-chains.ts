/**
 * The filter chains of one gateway listener and Envoy's choice among them.
 * - istiod: model/gateway.go mergeGateways — the first server on a port decides whether the
 *   port is plaintext (HTTP servers share one chain) or TLS (one chain per server, matched by
 *   SNI); a server of the other kind on the same port is skipped, and so is a TLS server whose
 *   hosts repeat another's on the port (CheckDuplicates);
 * - istiod: gateway.go createGatewayHTTPFilterChainOpts / buildGatewayNetworkFiltersFromTLSRoutes
 *   — a terminating HTTPS server's chain matches its hosts as server names (none when a host is
 *   `*`: buildGatewayListener drops the names), a PASSTHROUGH server gets one chain per `tls`
 *   match of the VirtualServices bound to it, matching `sniHosts`;
 * - Envoy FilterChainManagerImpl: an exact server name beats the longest wildcard, which beats a
 *   chain without server names; no chain → the connection is closed. A plaintext connection
 *   carries no SNI, so only a chain without names can take it, and its TLS handshake fails.
 */
import { hostsIntersect, resolveGatewayRef, resolveHost } from '../model/hosts';
import { isExportedTo } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { Arrival } from './connection-tls';
import { GatewayPod, GatewayServer } from './gateway-listeners';
import { GatewayListener, namespaceAdmits, RouteCatalog, RouteConfig } from './virtual-hosts';

const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB']);

/** A `tls` rule match of a VirtualService that became a passthrough filter chain. */
export interface TlsRouteMatch {
  readonly virtualService: Resource;
  readonly vsId: string;
  readonly ruleIndex: number;
  readonly matchIndex: number;
  readonly route: readonly any[];
}

export interface FilterChain {
  /** Server names the chain matches; empty: any (or no) SNI. */
  readonly names: readonly string[];
  readonly server: GatewayServer;
  readonly kind: 'terminate' | 'passthrough' | 'unsupported';
  /** Terminating HTTPS server: its route configuration. */
  readonly config?: RouteConfig;
  readonly tlsRoute?: TlsRouteMatch;
}

export interface ChainTable {
  readonly plaintext: boolean;
  readonly chains: readonly FilterChain[];
  /** Servers istiod skips on this port, for the trace. */
  readonly skipped: readonly string[];
}

export type ChainChoice =
  | { readonly kind: 'plain' }
  | { readonly kind: 'chain'; readonly chain: FilterChain }
  | { readonly kind: 'refused'; readonly reason: string; readonly policy: string };

const PLAIN: ChainChoice = { kind: 'plain' };

/** istiod gateway.IsTLSServer: `tls` set on a server that is not plain HTTP. */
function isTlsServer(server: GatewayServer): boolean {
  return server.tlsMode !== undefined && !HTTP_PROTOCOLS.has(server.protocol);
}

function passthroughChains(catalog: RouteCatalog, pod: GatewayPod, server: GatewayServer, claimed: Set<string>, skipped: string[]): FilterChain[] {
  const chains: FilterChain[] = [];
  for (const vs of catalog.boundTo(server.gatewayRef)) {
    if (!isExportedTo(vs, pod.workload.namespace)) continue;
    const vsHosts: string[] = (Array.isArray(vs.spec.hosts) ? vs.spec.hosts : []).map((h: string) => resolveHost(h, vs.namespace).toLowerCase());
    // istiod: pickMatchingGatewayHosts — the server host's namespace, then the names.
    const matches = server.hosts.some((sh) => namespaceAdmits(sh.namespace, vs.namespace, server.gateway.namespace) && vsHosts.some((h) => hostsIntersect(sh.dnsName, h)));
    if (!matches) continue;
    const rules: any[] = Array.isArray(vs.spec.tls) ? vs.spec.tls : [];
    rules.forEach((rule, ruleIndex) => {
      if (!Array.isArray(rule?.route) || rule.route.length === 0) return;
      (Array.isArray(rule.match) ? rule.match : []).forEach((match: any, matchIndex: number) => {
        if (typeof match?.port === 'number' && match.port !== server.port) return;
        const gateways: string[] = Array.isArray(match?.gateways) ? match.gateways.map((g: string) => resolveGatewayRef(g, vs.namespace)) : [];
        if (gateways.length > 0 && !gateways.includes(server.gatewayRef)) return;
        const names: string[] = (Array.isArray(match?.sniHosts) ? match.sniHosts : []).map((h: string) => String(h).toLowerCase());
        const duplicate = names.filter((n) => claimed.has(n));
        if (duplicate.length > 0) {
          skipped.push(`VirtualService ${vs.namespace}/${vs.name} tls[${ruleIndex}].match[${matchIndex}] skipped by istiod: duplicate SNI ${duplicate.join(', ')}`);
          return;
        }
        names.forEach((n) => claimed.add(n));
        chains.push({
          names, server, kind: 'passthrough',
          tlsRoute: { virtualService: vs, vsId: `${vs.namespace}/${vs.name}`, ruleIndex, matchIndex, route: rule.route },
        });
      });
    });
  }
  return chains;
}

export function buildChainTable(catalog: RouteCatalog, pod: GatewayPod, listener: GatewayListener): ChainTable {
  const servers = listener.servers;
  const plaintext = servers.length === 0 || !isTlsServer(servers[0]);
  const skipped: string[] = [];
  const chains: FilterChain[] = [];
  const claimed = new Set<string>();
  // Route SNI names are checked for duplicates across the port's passthrough servers (gateway.go tlsHostsByPort).
  const routeNames = new Set<string>();
  for (const server of servers) {
    const where = `${server.shownRef} ${server.label}`;
    if (isTlsServer(server) === plaintext) {
      skipped.push(`${where} skipped by istiod: the port is ${plaintext ? 'plaintext' : 'TLS'} (its first server decides)`);
      continue;
    }
    if (plaintext) continue;
    const names = server.hosts.map((h) => h.dnsName);
    const duplicate = names.filter((n) => claimed.has(n));
    if (duplicate.length > 0) {
      skipped.push(`${where} skipped by istiod: duplicate host ${duplicate.join(', ')} on the port`);
      continue;
    }
    names.forEach((n) => claimed.add(n));
    const chainNames = names.includes('*') ? [] : names;
    if (server.tlsMode === 'PASSTHROUGH') chains.push(...passthroughChains(catalog, pod, server, routeNames, skipped));
    else if (server.http) chains.push({ names: chainNames, server, kind: 'terminate', config: listener.tls.find((c) => c.servers[0] === server) });
    else chains.push({ names: chainNames, server, kind: 'unsupported' });
  }
  return { plaintext, chains, skipped };
}

const tables = new WeakMap<GatewayListener, ChainTable>();

export function chainTableFor(catalog: RouteCatalog, pod: GatewayPod, listener: GatewayListener): ChainTable {
  let table = tables.get(listener);
  if (!table) {
    table = buildChainTable(catalog, pod, listener);
    tables.set(listener, table);
  }
  return table;
}

/** Envoy's server-name lookup: exact, then `*.<suffix>` from the longest suffix, then a chain without names. */
function bySni(chains: readonly FilterChain[], sni: string): FilterChain | undefined {
  const exact = chains.find((c) => c.names.includes(sni));
  if (exact) return exact;
  for (let dot = sni.indexOf('.'); dot >= 0; dot = sni.indexOf('.', dot + 1)) {
    const wildcard = `*${sni.slice(dot)}`;
    const found = chains.find((c) => c.names.includes(wildcard));
    if (found) return found;
  }
  return chains.find((c) => c.names.length === 0);
}

/** Which chain takes the connection, or why the gateway closes it. */
export function chooseChain(table: ChainTable, arrival: Arrival, port: number): ChainChoice {
  const listener = `Gateway listener 0.0.0.0_${port}`;
  if (table.plaintext) {
    // Auto mTLS towards a gateway's plaintext port: kept as the connection the listener expects
    // (istiod only sends auto mTLS to endpoints labelled security.istio.io/tlsMode=istio).
    if (!arrival.tls || arrival.auto) return PLAIN;
    return { kind: 'refused', policy: listener, reason: `port ${port} serves plaintext HTTP, but the client starts a TLS handshake (${arrival.client}): it fails` };
  }
  if (!arrival.tls || arrival.sni === undefined) {
    const open = table.chains.find((c) => c.names.length === 0);
    return {
      kind: 'refused', policy: open ? `Gateway ${open.server.shownRef} ${open.server.label}` : listener,
      reason: open
        ? `port ${port} expects TLS; the plaintext connection (${arrival.client}) takes the chain without server names, whose TLS handshake fails`
        : `port ${port} expects TLS and no filter chain matches a plaintext connection (${arrival.client}): Envoy closes it`,
    };
  }
  const chain = bySni(table.chains, arrival.sni);
  if (!chain) {
    const names = [...new Set(table.chains.flatMap((c) => c.names))].sort();
    return { kind: 'refused', policy: listener, reason: `no filter chain on port ${port} matches SNI ${arrival.sni} (server names: ${names.join(', ') || 'none'}): Envoy closes the connection` };
  }
  return { kind: 'chain', chain };
}

/** The handshake at a terminating server: MUTUAL needs a client certificate, ISTIO_MUTUAL the mesh's. */
export function handshakeFailure(chain: FilterChain, arrival: Arrival): string | undefined {
  const mode = chain.server.tlsMode;
  if (mode === 'MUTUAL' && !arrival.clientCertificate) {
    return `${chain.server.shownRef} ${chain.server.label} is tls MUTUAL and the client presents no certificate (${arrival.client}): the TLS handshake fails`;
  }
  if (mode === 'ISTIO_MUTUAL' && !arrival.meshCertificate) {
    return `${chain.server.shownRef} ${chain.server.label} is tls ISTIO_MUTUAL and the client has no mesh certificate (${arrival.client}): the TLS handshake fails`;
  }
  return undefined;
}
