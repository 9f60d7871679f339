/**
 * The app-wide half of cdk8s's synthesis, done ONCE per synth.
 *
 * cdk8s 2.70 (`lib/app.js`) runs `resolveDependencies(app)` and `validate(app)` — each a walk over
 * every construct of the App — inside `App._synthChart(chart)`, which `Chart.toJson()` calls for
 * every chart. With N charts that is N walks over an app that grows with N: O(N²). These are the
 * same two steps, mirrored from cdk8s's module-private functions of the same names (so the same
 * dependencies are added and the same validation error is thrown), run once over one cached
 * `findAll()` of the tree.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct, Node } from 'constructs';
import { topology } from './topology';

/** One `findAll()` per node for the duration of a synth (cdk8s's `SynthRequestCache`). */
export class ConstructCache {
  private readonly subtrees = new Map<Node, IConstruct[]>();

  public findAll(node: Node): IConstruct[] {
    let found = this.subtrees.get(node);
    if (!found) {
      found = node.findAll();
      this.subtrees.set(node, found);
    }
    return found;
  }
}

/** Runs every construct's `node.validate()`; throws cdk8s's own error listing all problems. */
export function validateApp(app: App, cache: ConstructCache): void {
  const errors: string[] = [];
  for (const child of cache.findAll(app.node)) {
    for (const error of child.node.validate()) errors.push(`[${child.node.path}] ${error}`);
  }
  if (errors.length > 0) {
    throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  }
}

/**
 * Turns nested charts and construct dependencies into chart and ApiObject dependencies, exactly
 * as cdk8s does, and repeats until nothing new is added. (cdk8s repeats it once per chart; the
 * result is the same once a pass adds nothing, which for real apps is after the first pass.)
 * @returns whether any chart depends on another chart (cdk8s then prefixes file names `0000-`)
 */
export function resolveAppDependencies(app: App, cache: ConstructCache): boolean {
  const all = cache.findAll(app.node);
  let hasDependantCharts = false;
  for (let before = countDependencies(all); ; ) {
    hasDependantCharts = resolveOnce(all, cache);
    const after = countDependencies(all);
    if (after === before) return hasDependantCharts;
    before = after;
  }
}

function resolveOnce(all: IConstruct[], cache: ConstructCache): boolean {
  let hasDependantCharts = false;
  // A chart depends on the charts nested in it.
  for (const parentChart of all.filter(isChart)) {
    for (const childChart of parentChart.node.children.filter(isChart)) {
      parentChart.node.addDependency(childChart);
      hasDependantCharts = true;
    }
  }
  // A chart depends on the charts its constructs depend on.
  for (const dep of constructDependencies(all)) {
    const sourceChart = Chart.of(dep.source);
    const targetChart = Chart.of(dep.target);
    if (sourceChart !== targetChart) {
      sourceChart.node.addDependency(targetChart);
      hasDependantCharts = true;
    }
  }
  // Every ApiObject under a dependent construct depends on every ApiObject under its target.
  for (const dep of constructDependencies(all)) {
    const sourceChart = Chart.of(dep.source);
    const targetChart = Chart.of(dep.target);
    const targets = cache.findAll(dep.target.node).filter(isApiObject).filter((x) => Chart.of(x) === targetChart);
    const sources = cache.findAll(dep.source.node).filter(isApiObject).filter((x) => Chart.of(x) === sourceChart);
    for (const target of targets) {
      for (const source of sources) {
        if (target !== source) source.node.addDependency(target);
      }
    }
  }
  return hasDependantCharts;
}

/** `App.charts` (charts sorted by dependencies), from the cached walk. */
export function chartsInOrder(app: App, cache: ConstructCache): Chart[] {
  return topology(app, cache.findAll(app.node)).filter(isChart);
}

function constructDependencies(all: IConstruct[]): { source: IConstruct; target: IConstruct }[] {
  const deps: { source: IConstruct; target: IConstruct }[] = [];
  for (const child of all) {
    for (const target of child.node.dependencies) deps.push({ source: child, target });
  }
  return deps;
}

function countDependencies(all: IConstruct[]): number {
  let count = 0;
  for (const construct of all) count += construct.node.dependencies.length;
  return count;
}

function isChart(x: IConstruct): x is Chart {
  return Chart.isChart(x);
}

function isApiObject(x: IConstruct): x is ApiObject {
  return ApiObject.isApiObject(x);
}
