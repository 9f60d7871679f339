/**
 * Endpoint labels as istiod's registry sees them: the pod's labels plus the topology labels of
 * the node it runs on (pilot serviceregistry/util/label AugmentLabels, which
 * destinationrule.PodNotSelectedAnalyzer applies before matching subsets). A subset may select
 * by `topology.kubernetes.io/zone` although no pod template carries that label.
 *
 * Manifests rarely pin pods to nodes, so the node is usually unknown before the scheduler runs;
 * its topology labels are then unknown too, and a subset's non-empty requirement on them is
 * left open (it may hold) instead of reported.
 */
import { MeshModel, Workload } from '../../model';

const REGION = 'topology.kubernetes.io/region';
const ZONE = 'topology.kubernetes.io/zone';
const SUBZONE = 'topology.istio.io/subzone';
const HOSTNAME = 'kubernetes.io/hostname';

/** The labels the registry adds from the node; `hostname` is the node's name. */
export const NODE_TOPOLOGY_LABELS: readonly string[] = [REGION, ZONE, SUBZONE, HOSTNAME];

export interface EndpointLabels {
  /** Pod labels, augmented with what is known of the node. */
  readonly labels: Readonly<Record<string, string>>;
  /** Topology labels whose value depends on a node the manifests do not show. */
  readonly unknown: ReadonlySet<string>;
}

/** The labels of `workload`'s endpoints, as AugmentLabels builds them (empty node labels are never added). */
export function endpointLabels(model: MeshModel, workload: Workload): EndpointLabels {
  const labels: Record<string, string> = { ...workload.podLabels };
  const nodeName = nodeNameOf(workload);
  if (!nodeName) return { labels, unknown: new Set(NODE_TOPOLOGY_LABELS) };
  labels[HOSTNAME] = nodeName;
  const node = model.get('Node', '', nodeName);
  if (!node) return { labels, unknown: new Set([REGION, ZONE, SUBZONE]) };
  // networking/util LocalityToString then SplitLocalityLabel: a subzone without a zone is lost.
  const region = node.labels[REGION] ?? '';
  const zone = node.labels[ZONE] ?? '';
  const subzone = zone ? node.labels[SUBZONE] ?? '' : '';
  if (region) labels[REGION] = region;
  if (zone) labels[ZONE] = zone;
  if (subzone) labels[SUBZONE] = subzone;
  return { labels, unknown: new Set() };
}

/** Whether `selector` holds on the endpoint labels, counting a non-empty requirement on an unknown topology label as met. */
export function selectorMayMatch(selector: Readonly<Record<string, string>>, endpoint: EndpointLabels): boolean {
  return Object.entries(selector).every(([key, value]) =>
    endpoint.labels[key] === value || (value !== '' && endpoint.unknown.has(key)));
}

function nodeNameOf(workload: Workload): string | undefined {
  const spec = workload.kind === 'Pod' ? workload.resource?.spec : workload.resource?.spec?.template?.spec;
  return typeof spec?.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : undefined;
}
