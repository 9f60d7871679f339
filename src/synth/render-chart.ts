/**
 * The per-chart half of synthesis: what `chart.toJson()` does minus the app-wide work, so that
 * rendering one chart costs only that chart's objects.
 *
 * `Chart.toJson()` is `App._synthChart(chart)`: app-wide `resolveDependencies` + `validate` (done
 * once by prepare-app.ts instead), then `chartToKube(chart).map(o => o.toJson())`. A `Team`
 * overrides `toJson()` to run its pre-synth checks first; those are run here in the same order.
 * A chart whose `toJson()` is some other override (or a Team whose checks are no longer where
 * this expects them) is rendered by calling its `toJson()`: correct output, at cdk8s's per-chart
 * cost.
 */
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Team } from '../constructs/team';
import { topology } from './topology';

/** One object of a chart: its construct (when known) and its manifest. */
export interface RenderedObject {
  /** The ApiObject it came from; unknown when a custom `toJson()` override produced the JSON. */
  readonly apiObject?: ApiObject;
  /** The manifest, as `ApiObject.toJson()` returns it. */
  readonly json: any;
}

/** A chart's manifests in cdk8s's order (dependencies first). */
export interface RenderedChart {
  readonly chart: Chart;
  readonly objects: RenderedObject[];
}

/** Renders `chart` as `chart.toJson()` would, assuming prepare-app.ts has run. */
export function renderChart(chart: Chart): RenderedChart {
  if (chart.toJson === Team.prototype.toJson) {
    const subtree = chart.node.findAll();
    (chart as Team)._runChecks(subtree);
    return { chart, objects: renderObjects(chart, subtree) };
  }
  if (chart.toJson !== Chart.prototype.toJson) {
    return { chart, objects: Object.values(chart.toJson()).map((json) => ({ json })) };
  }
  return { chart, objects: renderObjects(chart, chart.node.findAll()) };
}

/**
 * Renders the chart's own ApiObjects without any chart-level `toJson()` override: what cdk8s
 * does for FOLDER_PER_CHART_FILE_PER_RESOURCE (`chartToKube`). Team checks still run here, so
 * nothing invalid is written in that mode either.
 */
export function renderChartObjects(chart: Chart): RenderedChart {
  const subtree = chart.node.findAll();
  // Not `instanceof Team`: Chart defines Symbol.hasInstance, so every chart would pass.
  if (Object.prototype.isPrototypeOf.call(Team.prototype, chart)) (chart as Team)._runChecks(subtree);
  return { chart, objects: renderObjects(chart, subtree) };
}

/** cdk8s's `chartToKube(chart)`: the chart's own ApiObjects, dependencies first. */
export function chartApiObjects(chart: Chart, subtree: readonly IConstruct[] = chart.node.findAll()): ApiObject[] {
  return topology(chart, subtree)
    .filter((x): x is ApiObject => ApiObject.isApiObject(x))
    .filter((x) => Chart.of(x) === chart); // an object belongs only to its closest chart
}

function renderObjects(chart: Chart, subtree: readonly IConstruct[]): RenderedObject[] {
  return chartApiObjects(chart, subtree).map((apiObject) => ({ apiObject, json: apiObject.toJson() }));
}
