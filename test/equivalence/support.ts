/**
 * The equivalence of the two APIs, as a request sees it: an example is synthesised once on
 * Istio's APIs and once on the Gateway API, and every request is explained on both. Answers are
 * compared after one mapping only — the Gateway API has no subsets, so version `v1` of `svc` is
 * the Service `svc-v1` there (what the constructs write, as Istio's bookinfo samples do). The
 * mapping is taken from the constructs themselves, not from src/testing/version-services.ts (the
 * matchers' reading of a model), so that this test does not lean on the code the matchers use.
 */
import { App, Testing } from 'cdk8s';
import { TrafficApi, VersionedService } from '../../src';
import { MeshModel } from '../../src/model';
import { explain } from '../../src/simulate';
import { ExplainRequest, Explanation } from '../../src/simulate/types';

/** What must be the same on both APIs. */
export interface Answer {
  readonly outcome: string;
  readonly status?: number;
  readonly location?: string;
  /** Refused by: the policy's `Kind ns/name` (or `no ALLOW policy matched`). */
  readonly deniedBy?: string;
  readonly destinations: readonly {
    readonly host: string;
    readonly subset?: string;
    readonly port?: number;
    readonly share: number;
    readonly path: string;
    readonly deniedBy?: string;
  }[];
}

/** An example built on one API: its model, and how its per-version Service hosts map to subsets. */
export interface BuiltExample {
  readonly model: MeshModel;
  readonly subsetOfHost: ReadonlyMap<string, { host: string; subset: string }>;
}

export function buildOn(api: TrafficApi, build: (app: App, api: TrafficApi) => void): BuiltExample {
  const app = Testing.app();
  build(app, api);
  const subsetOfHost = new Map<string, { host: string; subset: string }>();
  for (const service of app.node.findAll().filter((c): c is VersionedService => c instanceof VersionedService)) {
    for (const version of service.versionNames) {
      subsetOfHost.set(`${service.name}-${version}.${service.namespace}.svc.cluster.local`, { host: service.host, subset: version });
    }
  }
  return { model: MeshModel.fromApp(app), subsetOfHost };
}

/** The request's answer in API-neutral terms. */
export function answerOf(example: BuiltExample, request: ExplainRequest): Answer {
  const result: Explanation = explain(example.model, request);
  return {
    outcome: result.outcome,
    status: result.status,
    location: result.location,
    deniedBy: result.denial?.policy,
    destinations: result.destinations.map((d) => {
      const version = d.subset === undefined ? example.subsetOfHost.get(d.host) : undefined;
      return {
        host: version?.host ?? d.host,
        subset: version?.subset ?? d.subset,
        port: d.port,
        share: d.share,
        path: d.path,
        deniedBy: d.denial?.policy,
      };
    }).sort((a, b) => `${a.host}/${a.subset}`.localeCompare(`${b.host}/${b.subset}`)),
  };
}
