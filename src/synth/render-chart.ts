/**
 * The per-chart half of synthesis: what `chart.toJson()` does minus the app-wide work, so that
 * rendering one chart costs only that chart's objects.
 *
 * `Chart.toJson()` is `App._synthChart(chart)`: app-wide `resolveDependencies` + `validate` (done
 * once by prepare-app.ts instead), then `chartToKube(chart).map(o => o.toJson())`. A `Team`
 * overrides `toJson()` to run its pre-synth checks first; those are run here in the same order.
 * A chart whose `toJson()` is some other override is rendered by calling it: correct output,
 * at cdk8s's per-chart cost.
 */
import { ApiObject, Chart, DependencyGraph } from 'cdk8s';
import { SynthCheck, Team } from '../constructs/team';

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
    runTeamChecks(chart as Team);
  } else if (chart.toJson !== Chart.prototype.toJson) {
    return { chart, objects: Object.values(chart.toJson()).map((json) => ({ json })) };
  }
  return { chart, objects: renderObjects(chart) };
}

/**
 * Renders the chart's own ApiObjects without any chart-level `toJson()` override: what cdk8s
 * does for FOLDER_PER_CHART_FILE_PER_RESOURCE (`chartToKube`). Team checks still run here, so
 * nothing invalid is written in that mode either.
 */
export function renderChartObjects(chart: Chart): RenderedChart {
  // Not `instanceof Team`: Chart defines Symbol.hasInstance, so every chart would pass.
  if (Object.prototype.isPrototypeOf.call(Team.prototype, chart)) runTeamChecks(chart as Team);
  return { chart, objects: renderObjects(chart) };
}

/**
 * cdk8s's `chartToKube(chart)`: the chart's own ApiObjects, dependencies first.
 *
 * When no construct of the chart declares a dependency, cdk8s's DependencyGraph has no edges and
 * its topology is every construct in `findAll()` order (the graph's vertices are kept in an
 * object keyed by path; only the chart's own path can be an integer-like key that such an
 * object reorders, and the chart is not an ApiObject). That case — every chart of a typical
 * app — skips building the graph, a third of the rendering time at 1,000 teams.
 */
export function chartApiObjects(chart: Chart): ApiObject[] {
  const subtree = chart.node.findAll();
  const ordered = subtree.some((c) => c.node.dependencies.length > 0) ? new DependencyGraph(chart.node).topology() : subtree;
  return ordered
    .filter((x): x is ApiObject => ApiObject.isApiObject(x))
    .filter((x) => Chart.of(x) === chart); // an object belongs only to its closest chart
}

function renderObjects(chart: Chart): RenderedObject[] {
  return chartApiObjects(chart).map((apiObject) => ({ apiObject, json: apiObject.toJson() }));
}

/**
 * The checks `Team.toJson()` runs before rendering, in its order: every construct's
 * `_checkBeforeSynth()`, then the team's unique-name check (private to Team, hence the index
 * access; the synth tests pin that both still run).
 */
function runTeamChecks(team: Team): void {
  for (const construct of team.node.findAll()) {
    const check = (construct as unknown as Partial<SynthCheck>)._checkBeforeSynth;
    if (typeof check === 'function') check.call(construct);
  }
  team['checkUniqueNames']();
}
