/**
 * Seed 001: three versions of `website` behind a gateway, rolled out gradually from version-1
 * to version-2. `step` picks the current state of the rollout: 0 is the article's 90/10 split.
 * `api` picks Istio's APIs (the default) or the Gateway API.
 */
import { App } from 'cdk8s';
import { CanaryRoute, Rollout, Team, TeamGateway, TrafficApi, VersionedService } from '../../src';

export const WEBSITE_HOST = 'website.example.com';

export function buildWebsiteRollout(app: App, step = 0, api: TrafficApi = TrafficApi.ISTIO): { team: Team; website: VersionedService; rollout: Rollout } {
  const team = new Team(app, 'website', { namespace: 'website', api });
  const gateway = new TeamGateway(team, 'website-gateway', { servers: [{ port: 80, hosts: [WEBSITE_HOST] }] });
  const website = new VersionedService(team, 'website', {
    versions: [1, 2, 3].map((n) => ({
      name: `version-${n}`,
      versionLabel: `website-version-${n}`,
      deploymentName: `web-v${n}`,
      image: `kublr/kublr-tutorial-images:v${n}`,
    })),
  });
  const rollout = new Rollout({ from: website.subset('version-1'), to: website.subset('version-2'), steps: [10, 25, 50, 100] });
  new CanaryRoute(team, 'website-virtual-service', {
    hosts: [WEBSITE_HOST],
    gateways: [gateway],
    http: [{ action: rollout.actionAt(step) }],
  });
  return { team, website, rollout };
}
