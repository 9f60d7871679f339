/**
 * Seed 002: bookinfo's four services; the user `jason` (cookie `user=jason`) sees reviews v2,
 * everyone else v1. productpage is exposed through the team's gateway. `api` picks Istio's APIs
 * (the default) or the Gateway API.
 */
import { App } from 'cdk8s';
import { CanaryRoute, HeaderMatch, HttpAction, Team, TeamGateway, TrafficApi, VersionedService } from '../../src';

export const BOOKINFO_HOST = 'bookinfo.example.com';

export interface CookieRouting {
  readonly team: Team;
  readonly productpage: VersionedService;
  readonly reviews: VersionedService;
  readonly ratings: VersionedService;
  readonly details: VersionedService;
}

export function buildCookieRouting(app: App, api: TrafficApi = TrafficApi.ISTIO): CookieRouting {
  const team = new Team(app, 'bookinfo', { namespace: 'bookinfo', api });
  const gateway = new TeamGateway(team, 'bookinfo-gateway', { servers: [{ port: 80, hosts: [BOOKINFO_HOST] }] });
  const image = (name: string, version: string) => `docker.io/istio/examples-bookinfo-${name}-${version}:1.20.2`;
  const service = (name: string, versions: string[]) =>
    new VersionedService(team, name, { ports: [{ port: 9080 }], versions: versions.map((v) => ({ name: v, image: image(name, v) })) });

  const productpage = service('productpage', ['v1']);
  const reviews = service('reviews', ['v1', 'v2', 'v3']);
  const ratings = service('ratings', ['v1', 'v2']);
  const details = service('details', ['v1', 'v2']);
  // Who calls whom in bookinfo: four calls, four grants (the gateway's is the route's own).
  reviews.allowFrom(productpage);
  details.allowFrom(productpage);
  ratings.allowFrom(reviews);

  new CanaryRoute(team, 'bookinfo', { hosts: [BOOKINFO_HOST], gateways: [gateway], http: [{ action: HttpAction.to(productpage.subset('v1')) }] });
  // No mesh route for productpage: only the gateway calls it, and a mesh route with no granted
  // caller in the namespace could never succeed (CIT016 at synth, CIT130 in check).
  new CanaryRoute(team, 'reviews-route', {
    name: 'reviews',
    hosts: [reviews.host],
    http: [
      { name: 'jason', matches: [{ headers: [HeaderMatch.cookieIs('user', 'jason')] }], action: HttpAction.to(reviews.subset('v2')) },
      { name: 'everyone-else', action: HttpAction.to(reviews.subset('v1')) },
    ],
  });
  new CanaryRoute(team, 'ratings-route', { name: 'ratings', hosts: [ratings.host], http: [{ action: HttpAction.to(ratings.subset('v1')) }] });
  new CanaryRoute(team, 'details-route', { name: 'details', hosts: [details.host], http: [{ action: HttpAction.to(details.subset('v1')) }] });
  return { team, productpage, reviews, ratings, details };
}
