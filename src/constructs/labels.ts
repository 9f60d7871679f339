/** Labels every object of the library carries, so `kubectl get -l` finds what we manage. */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'cdk8s-istio-traffic' } as const;

/** Metadata for an object `name` in `namespace` with extra labels, keys sorted for stable output. */
export function metadataFor(name: string, namespace: string | undefined, labels: Record<string, string> = {}, annotations?: Record<string, string>) {
  const merged = Object.fromEntries(Object.entries({ ...MANAGED_BY, ...labels }).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    labels: merged,
    ...(annotations ? { annotations } : {}),
  };
}

/** A DNS-label form of a host, for port and subset names (`httpbin.org` → `httpbin-org`). */
export function hostLabel(host: string): string {
  return host.replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
}
