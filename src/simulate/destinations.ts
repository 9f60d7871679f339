/**
 * From a rule's `route` list to concrete destinations (SEMANTICS §4 "Destination"):
 * shares (weight / sum, weight 0 dropped, a lone destination takes 100%), port (explicit, else the
 * service's only port, else the request port), and the pods a subset selects (Service selector +
 * subset labels, the subset read from the DestinationRule the caller's namespace sees).
 */
import { resolveHost } from '../model/hosts';
import { MeshModel } from '../model/mesh-model';
import { Resource } from '../model/resource';
import { labelsMatch } from '../model/workload';
import { destinationAlias } from './aliases';
import { compileRouteHeaders, RouteHeaders } from './route-headers';
import { RegistryKind } from './types';

/** A destination before the per-request path and authority are known. */
export interface PlannedDestination {
  readonly host: string;
  readonly port?: number;
  readonly subset?: string;
  readonly share: number;
  readonly workloads: readonly string[];
  readonly registry: RegistryKind;
  /** `ns/name` of the DestinationRule consulted, when one applies. */
  readonly destinationRule?: string;
  readonly notes: readonly string[];
  /** The `route[]` entry's `headers`, when they change something. */
  readonly headers?: RouteHeaders;
  /** The proxy answers this share itself with this status (an invalid Gateway API backend: 500). */
  readonly status?: number;
}

export function planDestinations(model: MeshModel, route: readonly any[], vsNamespace: string, callerNamespace: string, requestPort: number): PlannedDestination[] {
  const entries = route.filter((r) => r && r.destination && typeof r.destination.host === 'string');
  let weighted: { entry: any; share: number }[];
  if (entries.length === 1) {
    weighted = [{ entry: entries[0], share: 1 }];
  } else {
    const total = entries.reduce((sum, r) => sum + weightOf(r), 0);
    weighted = total > 0
      ? entries.filter((r) => weightOf(r) > 0).map((entry) => ({ entry, share: weightOf(entry) / total }))
      // Istio rejects this (total weight 0); show an even split rather than nothing.
      : entries.map((entry) => ({ entry, share: 1 / entries.length }));
  }
  return weighted.map(({ entry, share }) => {
    const plan = planOne(model, entry.destination, share, vsNamespace, callerNamespace, requestPort);
    const headers = compileRouteHeaders(entry.headers);
    return headers ? { ...plan, headers } : plan;
  });
}

function weightOf(r: any): number {
  return typeof r.weight === 'number' && r.weight > 0 ? r.weight : 0;
}

export function planOne(model: MeshModel, destination: any, share: number, vsNamespace: string, callerNamespace: string, requestPort: number): PlannedDestination {
  const written = resolveHost(destination.host, vsNamespace).toLowerCase();
  // An ExternalName Service is an alias: the route goes to its externalName's cluster (aliases.ts).
  const alias = destinationAlias(model, written);
  const host = alias?.host ?? written;
  const subset: string | undefined = typeof destination.subset === 'string' ? destination.subset : undefined;
  const notes: string[] = alias?.notes ?? [];
  const service = model.services.get(host);
  const entries = service ? [] : model.serviceEntriesFor(host);
  const registry: RegistryKind = service ? 'service' : entries.length > 0 ? 'service-entry' : 'none';

  const declaredPorts: number[] = service
    ? service.ports.map((p) => p.port)
    : (entries[0]?.spec.ports ?? []).map((p: any) => p.number).filter((n: unknown) => typeof n === 'number');
  let port: number | undefined = typeof destination.port?.number === 'number' ? destination.port.number : undefined;
  if (port === undefined) port = declaredPorts.length === 1 ? declaredPorts[0] : requestPort;
  if (declaredPorts.length > 0 && !declaredPorts.includes(port)) notes.push(`${host} declares no port ${port} (ports ${declaredPorts.join(', ')})`);
  if (registry === 'none') notes.push(`${host} is neither a Service nor a ServiceEntry host: Envoy has no cluster for it (503)`);

  let subsetLabels: Readonly<Record<string, string>> = {};
  let subsetMissing = false;
  let destinationRule: string | undefined;
  const rule: Resource | undefined = model.destinationRulesFor(host, callerNamespace)[0];
  if (rule) destinationRule = `${rule.namespace}/${rule.name}`;
  if (subset !== undefined) {
    const found = (Array.isArray(rule?.spec.subsets) ? rule!.spec.subsets : []).find((s: any) => s?.name === subset);
    if (!rule) notes.push(`no DestinationRule for ${host} is visible from ${callerNamespace}: subset ${subset} has no cluster (503)`);
    else if (!found) notes.push(`DestinationRule ${destinationRule} defines no subset ${subset} (503)`);
    else subsetLabels = found.labels ?? {};
    subsetMissing = !found;
  }

  let workloads: string[] = [];
  if (subsetMissing) {
    // Envoy has no cluster for an undefined subset: no pod receives anything.
  } else if (service) {
    if (!service.selector || Object.keys(service.selector).length === 0) {
      notes.push(`Service ${service.namespace}/${service.name} has no selector`);
    } else {
      workloads = model.workloadsSelectedBy(service.selector, service.namespace)
        .filter((w) => labelsMatch(subsetLabels, w.podLabels))
        .map((w) => w.name);
      if (workloads.length === 0) notes.push(subset ? `no pods carry the Service selector plus subset ${subset}'s labels` : 'the Service selects no pods');
    }
  } else if (entries[0]?.spec.workloadSelector?.labels) {
    const se = entries[0];
    workloads = model.workloadsSelectedBy(se.spec.workloadSelector.labels, se.namespace)
      .filter((w) => labelsMatch(subsetLabels, w.podLabels))
      .map((w) => w.name);
  }
  return { host, port, subset, share, workloads, registry, destinationRule, notes };
}
