/**
 * Host names as istiod reads them (SEMANTICS §1).
 */

/** The cluster's DNS suffix; istiod's default. */
export const CLUSTER_DOMAIN = 'svc.cluster.local';

/**
 * Resolves a host written in a resource of `namespace`: a name with no dot becomes
 * `<name>.<namespace>.svc.cluster.local`; anything with a dot, `*` and IPs stay as they are
 * (`reviews.default` is NOT expanded — Istio takes it literally).
 */
export function resolveHost(host: string, namespace: string): string {
  if (host === '*' || host.includes('.') || host.includes(':') || isIPv4(host)) return host;
  return `${host}.${namespace}.${CLUSTER_DOMAIN}`;
}

/** The namespace of a Kubernetes service FQDN (`svc.ns.svc.cluster.local` → `ns`), if it is one. */
export function serviceNamespaceOf(fqdn: string): string | undefined {
  const suffix = `.${CLUSTER_DOMAIN}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const parts = fqdn.slice(0, -suffix.length).split('.');
  return parts.length === 2 ? parts[1] : undefined;
}

export function isIPv4(value: string): boolean {
  return /^(\d{1,3})(\.\d{1,3}){3}(\/\d{1,2})?$/.test(value);
}

export function isWildcard(host: string): boolean {
  return host.startsWith('*');
}

/**
 * Whether `pattern` (possibly `*` or `*.suffix`) covers `host` (possibly itself a wildcard).
 * `*.example.com` covers `a.example.com` and `*.b.example.com`, not `example.com`.
 */
export function hostCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === '*') return true;
  if (p === h) return true;
  if (p.startsWith('*.')) {
    const suffix = p.slice(1); // ".example.com"
    return h.endsWith(suffix) && h.length > suffix.length;
  }
  return false;
}

/** Whether two hosts (either may be a wildcard) have a name in common. */
export function hostsIntersect(a: string, b: string): boolean {
  return hostCovers(a, b) || hostCovers(b, a);
}

/**
 * The common part of two intersecting hosts: the more specific one
 * (SEMANTICS §4: "host intersection keeps the more specific name").
 */
export function hostIntersection(a: string, b: string): string | undefined {
  if (hostCovers(a, b)) return b;
  if (hostCovers(b, a)) return a;
  return undefined;
}

/**
 * Orders hosts for virtual-host selection: exact names before wildcards, longer wildcards
 * before shorter ones (Envoy picks the most specific virtual host).
 */
export function compareHostSpecificity(a: string, b: string): number {
  const wa = isWildcard(a);
  const wb = isWildcard(b);
  if (wa !== wb) return wa ? 1 : -1;
  if (wa && wb) return b.length - a.length;
  return 0;
}

/** Splits a Gateway server host `ns/dnsName` into its parts (`*` namespace when absent). */
export function splitServerHost(serverHost: string): { namespace: string; dnsName: string } {
  const slash = serverHost.indexOf('/');
  if (slash < 0) return { namespace: '*', dnsName: serverHost };
  return { namespace: serverHost.slice(0, slash), dnsName: serverHost.slice(slash + 1) };
}

/**
 * Resolves a VirtualService `gateways` entry to `ns/name` (or `mesh`):
 * a bare name means the VirtualService's own namespace.
 */
export function resolveGatewayRef(ref: string, vsNamespace: string): string {
  if (ref === 'mesh') return 'mesh';
  return ref.includes('/') ? ref : `${vsNamespace}/${ref}`;
}
