/**
 * The Gateway API has no subsets: on it, the constructs write version `v1` of Service `svc` as
 * its own Service `svc-v1` (selecting svc's pods of that version), and routes send to that. So
 * that one test reads the same on both APIs, the matchers see such a destination as
 * `svc` subset `v1` — what `service.subset('v1')` names. The matchers and the routing-test runner
 * compare destinations through `withVersionsAsSubsets`.
 */
import { CLUSTER_DOMAIN } from '../model/hosts';
import { MeshModel } from '../model/mesh-model';
import { ServiceInfo } from '../model/service';
import { Explanation } from '../simulate/types';

/** A destination host as a version of another Service: `{ host: svc FQDN, subset: v1 }`, or undefined. */
export function versionOfServiceHost(model: MeshModel, host: string): { host: string; subset: string } | undefined {
  const service = model.services.get(host);
  if (!service?.selector) return undefined;
  // `<service>-<version>`: service and version names may both contain dashes; the shared
  // Service is the one whose selector this Service's selector extends.
  for (let dash = service.name.indexOf('-'); dash > 0; dash = service.name.indexOf('-', dash + 1)) {
    const sharedHost = `${service.name.slice(0, dash)}.${service.namespace}.${CLUSTER_DOMAIN}`;
    const shared = model.services.get(sharedHost);
    if (shared?.selector && selectsVersionOf(service, shared)) return { host: sharedHost, subset: service.name.slice(dash + 1) };
  }
  return undefined;
}

/** Whether `version` selects a strict subset of `shared`'s pods: every label of shared's selector, and more. */
function selectsVersionOf(version: ServiceInfo, shared: ServiceInfo): boolean {
  const own = version.selector!;
  const base = shared.selector!;
  return shared.namespace === version.namespace
    && Object.keys(own).length > Object.keys(base).length
    && Object.entries(base).every(([k, v]) => own[k] === v);
}

/** The explanation with every per-version Service destination read as its Service's subset (for comparisons only). */
export function withVersionsAsSubsets(model: MeshModel, explanation: Explanation): Explanation {
  const destinations = explanation.destinations.map((d) => (d.subset === undefined ? { ...d, ...versionOfServiceHost(model, d.host) } : d));
  return { ...explanation, destinations };
}
