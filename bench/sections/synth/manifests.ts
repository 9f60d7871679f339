/**
 * The library's output of a run, turned into plain objects per team for the variants that
 * rewrite the same manifests without the library. Parsed in the PARENT and handed over as JSON,
 * so that the children's peak memory is not that of a YAML parser.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { TeamManifests } from '../../topology/plain-team';

const EXTENSION = '.k8s.yaml';

/** Reads `<team>.k8s.yaml` files of `outdir` (sorted by name) into per-team manifests. */
export function readTeams(outdir: string): TeamManifests[] {
  return fs.readdirSync(outdir).filter((f) => f.endsWith(EXTENSION)).sort().map((file) => ({
    team: file.slice(0, -EXTENSION.length),
    // YAML 1.1, as cdk8s writes it: `"yes"` stays a string, `yes` would be a boolean.
    manifests: parseAllDocuments(fs.readFileSync(path.join(outdir, file), 'utf8'), { version: '1.1' }).map((d) => d.toJSON()),
  }));
}

export function saveTeams(teams: readonly TeamManifests[], file: string): void {
  fs.writeFileSync(file, JSON.stringify(teams));
}

export function loadTeams(file: string): TeamManifests[] {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Names of files that differ (or exist on one side only) between two output folders. */
export function differingFiles(a: string, b: string): string[] {
  const names = [...new Set([...fs.readdirSync(a), ...fs.readdirSync(b)])].sort();
  return names.filter((name) => {
    const pa = path.join(a, name);
    const pb = path.join(b, name);
    return !fs.existsSync(pa) || !fs.existsSync(pb) || !fs.readFileSync(pa).equals(fs.readFileSync(pb));
  });
}
