/**
 * `loadBalancer.localityLbSetting`, as istiod's webhook validates it
 * (pkg/config/validation/agent/validation.go ValidateLocalityLbSetting, validateLocalities).
 */
import { arr, has, SchemaIssues } from './schema';

const TOPOLOGY_LABELS = ['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone'];

// istiod: agent.ValidateLocalityLbSetting (it stops at the first problem of each kind, as here).
export function validateLocalityLbSetting(issues: SchemaIssues, lb: any, outlier: unknown, where: string): void {
  if (!has(lb)) return;
  const distribute = arr(lb.distribute);
  const failover = arr(lb.failover);
  const failoverPriority = arr(lb.failoverPriority);
  if (distribute.length > 0 && failover.length > 0) {
    issues.add(`${where}: can not simultaneously specify 'distribute' and 'failover'`, 'use either distribute or failover');
    return;
  }
  if (failover.length > 0) {
    const topology = failoverPriority.find((label) => TOPOLOGY_LABELS.includes(label));
    if (topology !== undefined) {
      issues.add(`${where}: can not simultaneously set 'failover' and topology label '${topology}' in 'failover_priority'`, 'express region failover in one place: failover or failoverPriority');
      return;
    }
  }
  const sources: string[] = [];
  for (const d of distribute) {
    sources.push(String(d?.from ?? ''));
    let total = 0;
    const destinations: string[] = [];
    for (const [locality, weight] of Object.entries(d?.to ?? {})) {
      destinations.push(locality);
      const w = Number(weight);
      if (!(w > 0 && w <= 100)) {
        issues.add(`${where}: locality weight must be in range [1, 100]`, 'give every destination locality a weight between 1 and 100');
        return;
      }
      total += w;
    }
    if (total !== 100) {
      issues.add(`${where}: total locality weight ${total} != 100`, 'make the weights of each distribute entry sum to 100');
      return;
    }
    issues.addIf(localitiesProblem(destinations), 'list each locality once, with at most one trailing "*"');
  }
  issues.addIf(localitiesProblem(sources), 'list each source locality once, with at most one trailing "*"');
  if ((failover.length > 0 || failoverPriority.length > 0) && !has(outlier)) {
    issues.warn(`${where}: outlier detection policy must be provided for failover`, 'add trafficPolicy.outlierDetection so unhealthy localities are ejected');
  }
  for (const f of failover) {
    const from = String(f?.from ?? '');
    const to = String(f?.to ?? '');
    if (from === to) issues.add(`${where}: locality lb failover settings must specify different regions`, 'fail over to another region');
    if (from.includes('/') || to.includes('/')) issues.add(`${where}: locality lb failover only specify region`, 'name regions only (no zone/subzone) in failover');
    if (from.includes('*') || to.includes('*')) issues.add(`${where}: locality lb failover region should not contain '*' wildcard`, 'name regions explicitly in failover');
  }
}

// istiod: agent.validateLocalities — region[/zone[/subzone]], `*` only at the end, no overlaps.
function localitiesProblem(localities: string[]): string | undefined {
  const seen = new Map<string, Map<string, Set<string>>>();
  for (const locality of localities) {
    const stars = (locality.match(/\*/g) ?? []).length;
    if (stars > 0 && (stars > 1 || !locality.endsWith('*'))) return `locality ${locality} wildcard '*' number can not exceed 1 and must be in the end`;
    const overlap = `locality ${locality} overlap with previous specified ones`;
    if (seen.has('*')) return overlap;
    const items = splitN(locality, '/', 3);
    if (items.some((item) => item === '')) return `locality ${locality} must not contain empty region/zone/subzone info`;
    const [region, zone, subZone] = items;
    const zones = seen.get(region);
    if (items.length === 1) {
      if (zones) return overlap;
      seen.set(region, new Map([['*', new Set(['*'])]]));
    } else if (items.length === 2) {
      if (zones) {
        if (zones.has('*') || zones.has(zone)) return overlap;
        zones.set(zone, new Set(['*']));
      } else {
        seen.set(region, new Map([[zone, new Set(['*'])]]));
      }
    } else if (zones) {
      if (zones.has('*')) return overlap;
      const subZones = zones.get(zone);
      if (subZones) {
        if (subZones.has('*') || subZones.has(subZone)) return overlap;
        subZones.add(subZone);
      } else {
        zones.set(zone, new Set([subZone]));
      }
    } else {
      seen.set(region, new Map([[zone, new Set([subZone])]]));
    }
  }
  return undefined;
}

/** Go's strings.SplitN. */
function splitN(value: string, sep: string, n: number): string[] {
  const parts = value.split(sep);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}
