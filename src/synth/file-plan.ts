/**
 * Which files a synth writes, decided in memory: the same names and contents as cdk8s's
 * `App.synth()` for each `YamlOutputType`, so that nothing touches the disk before every chart
 * has rendered.
 */
import { App, Chart, Names, YamlOutputType } from 'cdk8s';
import { chartApiObjects, RenderedChart } from './render-chart';
import { DOCUMENT_SEPARATOR, stringifyDoc, stringifyDocs } from './yaml-writer';

/** A file of the synth output. */
export interface SynthesizedFile {
  /**
   * Path relative to the app's outdir, `/`-separated (e.g. `team-a.k8s.yaml`).
   * @see https://cdk8s.io/docs/latest/reference/cdk8s/typescript/#yamloutputtype
   */
  readonly path: string;
  /**
   * The file's content, as cdk8s's `Yaml.save` writes it.
   * @see https://cdk8s.io/docs/latest/reference/cdk8s/typescript/#yaml
   */
  readonly content: string;
}

/** Files and (possibly empty) folders to create under the outdir. */
export interface FilePlan {
  readonly folders: string[];
  readonly files: SynthesizedFile[];
}

/** Chart names as cdk8s gives them: `0000-name` when charts depend on each other. */
function chartNamer(indexed: boolean): (chart: Chart) => string {
  let index = 0;
  return (chart) => (indexed ? `${String(index++).padStart(4, '0')}-${Names.toDnsLabel(chart)}` : Names.toDnsLabel(chart));
}

/** cdk8s's file name for one resource: `Kind.name` with unsafe characters dropped. */
function resourceFileName(kind: unknown, name: unknown): string {
  return `${kind}.${name}`.replace(/[^0-9a-zA-Z-_.]/g, '');
}

/**
 * Plans the output of `app` from its rendered charts (in `app.charts` order). Charts come one by
 * one and each is turned into text at once, so their manifests die young instead of all 20,000
 * of a large app being kept until the end (a fifth of the synth time went to garbage collection).
 * @param hasDependantCharts what dependency resolution returned
 */
export function planFiles(app: App, charts: Iterable<RenderedChart>, hasDependantCharts: boolean): FilePlan {
  const ext = app.outputFileExtension;
  const files: SynthesizedFile[] = [];
  const folders: string[] = [];
  const name = chartNamer(hasDependantCharts);
  switch (app.yamlOutputType) {
    case YamlOutputType.FILE_PER_APP: {
      const docs: string[] = [];
      let any = false;
      for (const r of charts) {
        any = true;
        for (const { json } of r.objects) docs.push(stringifyDoc(json));
      }
      if (any) files.push({ path: `app${ext}`, content: docs.join(DOCUMENT_SEPARATOR) });
      break;
    }
    case YamlOutputType.FILE_PER_CHART:
      for (const r of charts) files.push({ path: name(r.chart) + ext, content: stringifyDocs(r.objects.map((o) => o.json)) });
      break;
    case YamlOutputType.FILE_PER_RESOURCE:
      for (const r of charts) {
        for (const { json } of r.objects) {
          if (json !== undefined) files.push({ path: resourceFileName(json.kind, json.metadata.name) + ext, content: stringifyDoc(json) });
        }
      }
      break;
    case YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE:
      for (const r of charts) {
        const folder = name(r.chart);
        folders.push(folder);
        for (const { apiObject, json } of r.objects) {
          // cdk8s names these files from the construct, not from the (patchable) manifest.
          const fileName = apiObject ? resourceFileName(apiObject.kind, apiObject.metadata.name) : resourceFileName(json.kind, json.metadata.name);
          files.push({ path: `${folder}/${fileName}${ext}`, content: stringifyDoc(json) });
        }
      }
      break;
    default:
      break;
  }
  return { folders, files: lastWriteWins(files) };
}

/** Two resources with one file name overwrite each other in cdk8s: keep the last, in place of the first. */
function lastWriteWins(files: SynthesizedFile[]): SynthesizedFile[] {
  const byPath = new Map<string, SynthesizedFile>();
  for (const file of files) byPath.set(file.path, file);
  return [...byPath.values()];
}

/** cdk8s's `construct-metadata.json` (written when `recordConstructMetadata` is on). */
export function constructMetadataFile(charts: Chart[]): SynthesizedFile {
  const resources: Record<string, { path: string }> = {};
  for (const apiObject of charts.flatMap((chart) => chartApiObjects(chart))) resources[apiObject.name] = { path: apiObject.node.path };
  return { path: 'construct-metadata.json', content: JSON.stringify({ version: '1.0.0', resources }) };
}
