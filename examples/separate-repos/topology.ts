/**
 * Seed 000 as three teams keep it in practice: three chart repos, three independent cdk8s apps,
 * each synthesised on its own. The team code is the single-app example's; what changes is how a
 * team refers to another team's objects — by attributes, never by importing its code:
 * - team 1 grants team 2's gateway by identity (`Caller.gateway('vamp-test2', 'gw-2')`);
 * - team 2 routes to svc-1 declared with `VersionedService.fromAttributes`;
 * - team 3 calls team 2's public host name, which needs nothing of team 2.
 */
import { App } from 'cdk8s';
import { TrafficApi, VersionedService } from '../../src';
import { buildTeam1, buildTeam2, buildTeam3 } from '../three-teams/topology';

/** The three repos, each a function of its own app, every team on `api` (Istio's APIs by default, or the Gateway API). */
export function reposOn(api: TrafficApi = TrafficApi.ISTIO): Record<string, (app: App) => void> {
  return {
    'vamp-test1': (app) => { buildTeam1(app, api); },
    'vamp-test2': (app) => {
      const svc1 = VersionedService.fromAttributes(app, 'svc-1', { namespace: 'vamp-test1', name: 'svc-1', versions: ['v1', 'v2'], ports: [80] });
      buildTeam2(app, svc1, api);
    },
    'vamp-test3': (app) => { buildTeam3(app, api); },
  };
}

/** The three repos on Istio's APIs (what `main.ts` writes). */
export const REPOS: Record<string, (app: App) => void> = reposOn();
