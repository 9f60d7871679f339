/** The library topology's manifests in memory (for sections that read manifests, not files). */
import { MeshApp } from '../../src/synth';
import { buildLibraryTopology } from './library-team';

/** Manifests of `teams` library teams, rendered by MeshApp (linear, unlike per-chart toJson()). */
export function libraryManifests(teams: number): any[] {
  const app = new MeshApp({ outdir: '/nonexistent' }); // never written: only rendered in memory
  buildLibraryTopology(app, teams);
  return app.synthManifests();
}

/** How many teams give at least `objects` manifests. */
export function teamsFor(objects: number): number {
  return Math.max(1, Math.ceil(objects / libraryManifests(1).length));
}
