/**
 * The examples, built in memory: each as a fresh cdk8s App, synthesised per chart.
 */
import { App, Testing, Yaml } from 'cdk8s';
import { TrafficApi } from '../../src';
import { buildCookieRouting } from '../../examples/cookie-routing/topology';
import { buildEgressGateway } from '../../examples/egress-gateway/topology';
import { buildThreeTeams } from '../../examples/three-teams/topology';
import { buildWebsiteRollout } from '../../examples/website-rollout/topology';

export const EXAMPLES: Record<string, (app: App) => unknown> = {
  'three-teams': (app) => buildThreeTeams(app),
  'website-rollout': (app) => buildWebsiteRollout(app),
  'cookie-routing': (app) => buildCookieRouting(app),
  'egress-gateway': (app) => buildEgressGateway(app),
};

/** Every object of an app, in synth order. */
export function synthObjects(app: App): any[] {
  return app.charts.flatMap((chart) => Testing.synth(chart));
}

/** Each chart's YAML as cdk8s writes it. */
export function synthYamlByChart(app: App): Record<string, string> {
  return Object.fromEntries(app.charts.map((chart) => [chart.node.id, Yaml.stringify(...Testing.synth(chart))]));
}

export function buildExample(name: string): App {
  const app = Testing.app();
  EXAMPLES[name](app);
  return app;
}

/** Objects of one kind, keyed `namespace/name`. */
export function byKind(objects: any[], kind: string): Record<string, any> {
  return Object.fromEntries(objects.filter((o) => o.kind === kind).map((o) => [`${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
}

/** The examples with every team on the Gateway API (examples/gateway-api writes the first). */
export const GATEWAY_API_EXAMPLES: Record<string, (app: App) => unknown> = {
  'three-teams': (app) => buildThreeTeams(app, TrafficApi.GATEWAY_API),
  'website-rollout': (app) => buildWebsiteRollout(app, 0, TrafficApi.GATEWAY_API),
  'cookie-routing': (app) => buildCookieRouting(app, TrafficApi.GATEWAY_API),
  'egress-gateway': (app) => buildEgressGateway(app, TrafficApi.GATEWAY_API),
};

export function buildGatewayApiExample(name: string): App {
  const app = Testing.app();
  GATEWAY_API_EXAMPLES[name](app);
  return app;
}
