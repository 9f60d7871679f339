/**
 * An App whose synth costs time linear in its objects, however many team charts it holds, and
 * which never leaves a partial outdir.
 *
 * Plain `App.synth()` calls `chart.toJson()` per chart, and each of those re-runs dependency
 * resolution and validation over the WHOLE app (cdk8s 2.70 `App._synthChart`): N charts cost
 * O(N²). MeshApp runs those app-wide steps once (prepare-app.ts), renders each chart alone
 * (render-chart.ts), plans every file in memory (file-plan.ts) and only then writes
 * (atomic-write.ts). The files are byte-identical to `App.synth()`'s; cdk8s is used as is.
 */
import { App, AppProps, Chart, YamlOutputType } from 'cdk8s';
import { writeAtomically } from './atomic-write';
import { LazyErrorCapture } from './error-capture';
import { constructMetadataFile, FilePlan, planFiles, SynthesizedFile } from './file-plan';
import { chartsInOrder, ConstructCache, resolveAppDependencies, validateApp } from './prepare-app';
import { RenderedChart, renderChart, renderChartObjects } from './render-chart';
import { stringifyDocs } from './yaml-writer';

/**
 * Props of a MeshApp: those of a cdk8s App.
 * @see https://cdk8s.io/docs/latest/reference/cdk8s/typescript/#appprops
 */
export interface MeshAppProps extends AppProps {}

export class MeshApp extends App {
  private readonly errors: LazyErrorCapture;

  /**
   * Defines an app.
   * @param props as for a cdk8s `App` (outdir, outputFileExtension, yamlOutputType, resolvers…)
   */
  constructor(props: MeshAppProps = {}) {
    // After the user's resolvers, before cdk8s's own LazyResolver (which it stands in for).
    const errors = new LazyErrorCapture();
    super({ ...props, resolvers: [...(props.resolvers ?? []), errors] });
    this.errors = errors;
  }

  /**
   * Synthesises every chart into the outdir, with the file names and contents `App.synth()`
   * would write. All checks and rendering happen before the first write: when any of them
   * throws (an `IstioTrafficError` reaches the caller as is), the outdir is left untouched.
   */
  public synth(): void {
    writeAtomically(this.outdir, this.plan());
  }

  /**
   * The files `synth()` would write, rendered in memory without writing anything.
   * @returns paths relative to the outdir, with their contents
   */
  public synthFiles(): SynthesizedFile[] {
    return this.plan().files;
  }

  /** All objects of all charts as one YAML string, like `App.synthYaml()`. */
  public synthYaml(): string {
    return stringifyDocs(this.synthManifests());
  }

  /**
   * Every manifest of every chart, in synth order, as plain objects: what `synthYaml()` writes,
   * for in-process readers such as `MeshModel.fromObjects`, without cdk8s's per-chart cost.
   */
  public synthManifests(): any[] {
    return this.errors.unwrap(() => {
      const cache = new ConstructCache();
      // cdk8s resolves before validating here (and validates first in synth()); keep its order.
      resolveAppDependencies(this, cache);
      validateApp(this, cache);
      return chartsInOrder(this, cache).flatMap((chart) => renderChart(chart).objects.map((o) => o.json));
    });
  }

  private plan(): FilePlan {
    return this.errors.unwrap(() => this.planUnwrapped());
  }

  private planUnwrapped(): FilePlan {
    const cache = new ConstructCache();
    validateApp(this, cache);
    const hasDependantCharts = resolveAppDependencies(this, cache);
    const charts = chartsInOrder(this, cache);
    // cdk8s renders this mode from the ApiObjects, without the charts' toJson().
    const render = this.yamlOutputType === YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE ? renderChartObjects : renderChart;
    const plan = planFiles(this, renderEach(charts, render), hasDependantCharts);
    if (!this.recordsConstructMetadata) return plan;
    return { folders: plan.folders, files: [...plan.files, constructMetadataFile(charts)] };
  }

  /** Mirrors App's private flag (set from props or CDK8S_RECORD_CONSTRUCT_METADATA). */
  private get recordsConstructMetadata(): boolean {
    return this['recordConstructMetadata'] === true;
  }
}

/** Renders charts one at a time, as the planner asks for them. */
function* renderEach(charts: readonly Chart[], render: (chart: Chart) => RenderedChart): Generator<RenderedChart> {
  for (const chart of charts) yield render(chart);
}
