/**
 * On the Gateway API a route cannot name a subset, so each version of a VersionedService is a
 * Service of its own, as in Istio's bookinfo Gateway API samples (`reviews-v1`, `reviews-v2`).
 * @see https://istio.io/latest/docs/examples/bookinfo/#define-the-service-versions
 */

/** The per-version Service of `version` of service `service`. */
export function versionServiceName(service: string, version: string): string {
  return `${service}-${version}`;
}
