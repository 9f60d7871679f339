/**
 * The `resourceName` the plugin reports for a finding, chosen so that cdk8s-cli shows the right
 * construct path next to it.
 *
 * cdk8s-cli looks the construct path up in construct-metadata.json, which cdk8s keys by
 * `metadata.name` alone (cdk8s 2.70 `App.writeConstructMetadata`): when two objects share a name —
 * two teams' `svc-1`, or a Service and its DestinationRule — the key holds the path of the last
 * one written, and a finding about the other would be shown with that wrong path. So a name is
 * reported as is only when exactly one synthesised object carries it; otherwise the plugin
 * reports `Kind namespace/name`, which cdk8s-cli finds only in metadata keyed by kind, namespace
 * and name, and shows no path ("N/A") rather than someone else's.
 */
import type { Finding } from '../analysis';
import { describeResource, Resource } from '../model';

export class ReportedNames {
  private readonly objectsPerName = new Map<string, number>();

  /**
   * @param resources every object the synth wrote
   * @param metadata cdk8s-cli's construct metadata (keys are resource names)
   */
  constructor(resources: readonly Resource[], private readonly metadata: Readonly<Record<string, unknown>>) {
    for (const r of resources) this.objectsPerName.set(r.name, (this.objectsPerName.get(r.name) ?? 0) + 1);
  }

  /** The name under which cdk8s-cli finds this finding's own construct path, or a unique `Kind namespace/name`. */
  public of(finding: Pick<Finding, 'kind' | 'namespace' | 'name'>): string {
    const qualified = describeResource(finding);
    if (qualified in this.metadata) return qualified;
    return this.objectsPerName.get(finding.name) === 1 ? finding.name : qualified;
  }
}
