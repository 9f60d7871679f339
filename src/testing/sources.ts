/**
 * What a test may write as a request's `from`: the simulator's own shapes, the CLI's text
 * (`ns/gateway`, `ns:app=web,version=v1`), or the constructs themselves — a TeamGateway, a
 * VersionedService (any of its pods), or one version of it (`service.subset('v1')`).
 * On the Gateway API a TeamGateway is its Gateway API Gateway of the same `ns/name` (the
 * simulator takes it when no Istio Gateway has that name), and a version with no DestinationRule
 * subset is its per-version Service `<service>-<version>`.
 */
import { parseFrom } from '../cli/explain-command';
import { TeamGateway } from '../constructs/team-gateway';
import { VersionedService } from '../constructs/versioned-service';
import { CLUSTER_DOMAIN } from '../model/hosts';
import { MeshModel } from '../model/mesh-model';
import { Destination } from '../routing/destination';
import { ExplainRequest, RequestSource } from '../simulate/types';

/** A request's source as tests write it. */
export type TestSource = RequestSource | string | TeamGateway | VersionedService | Destination;

/** An ExplainRequest whose `from` may also be text or a construct. */
export type TestRequest = Omit<ExplainRequest, 'from'> & { readonly from: TestSource };

/** Turns `from` into the simulator's source; the model resolves a version's pod labels. */
export function sourceOf(model: MeshModel, from: TestSource): RequestSource {
  if (typeof from === 'string') return parseFrom(from);
  if (from instanceof TeamGateway) return { gateway: `${from.namespace}/${from.name}` };
  if (from instanceof VersionedService) return { namespace: from.namespace, labels: { app: from.name } };
  if (from instanceof Destination) return versionPods(model, from);
  return from;
}

export function requestOf(model: MeshModel, request: TestRequest): ExplainRequest {
  const from = sourceOf(model, request.from);
  return from === request.from ? (request as ExplainRequest) : { ...request, from };
}

/** The pods of one version: the Service's selector plus the subset's labels from its DestinationRule. */
function versionPods(model: MeshModel, destination: Destination): RequestSource {
  const service = model.services.get(destination.host);
  if (!service) throw new TypeError(`from: ${destination.host} is not a Service in these manifests`);
  const labels: Record<string, string> = { ...service.selector };
  if (destination.subset !== undefined) {
    const rule = model.destinationRulesFor(destination.host, service.namespace)[0];
    const subset = (Array.isArray(rule?.spec.subsets) ? rule!.spec.subsets : []).find((s: any) => s?.name === destination.subset);
    if (subset) {
      Object.assign(labels, subset.labels ?? {});
    } else {
      // The Gateway API mapping has no subsets: a version is its own Service `<service>-<version>`.
      const version = model.services.get(`${service.name}-${destination.subset}.${service.namespace}.${CLUSTER_DOMAIN}`);
      if (!version?.selector) {
        throw new TypeError(`from: ${destination.host} has no subset ${destination.subset} in a DestinationRule, nor a Service ${service.name}-${destination.subset}`);
      }
      Object.assign(labels, version.selector);
    }
  }
  return { namespace: service.namespace, labels };
}

