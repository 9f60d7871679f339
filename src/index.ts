/**
 * cdk8s-istio-traffic: typed cdk8s constructs for Istio traffic management by many teams in one
 * cluster, with synth-time checks and a route simulator.
 *
 * The root export is the public API only: constructs and their props, routing value types,
 * `check`/`explain`/graph entry points and their result types, `MeshApp`, `MeshModel`, errors and
 * codes. Renderers and the helpers the modules share stay importable from their own modules
 * (`src/routing/http-rule`, …) for the library itself and its tests; jest matchers are in
 * `cdk8s-istio-traffic/testing`.
 *
 * @packageDocumentation
 */
export { IstioTrafficError } from './errors';
export { ErrorCodes } from './codes';

// Constructs
export { Team, OutboundTrafficPolicy } from './constructs/team';
export { TrafficApi } from './constructs/traffic-api';
export type { TeamProps } from './constructs/team';
export { TeamGateway, GatewayType } from './constructs/team-gateway';
export type { ITeamGateway, TeamGatewayAttributes, TeamGatewayProps } from './constructs/team-gateway';
export { GatewayProtocol } from './constructs/gateway-server';
export type { GatewayServerOptions } from './constructs/gateway-server';
export { GatewayTls } from './constructs/gateway-tls';
export { VersionedService, ServiceProtocol } from './constructs/versioned-service';
export type {
  IVersionedService, ServicePortOptions, ServiceVersionOptions, VersionedServiceAttributes, VersionedServiceProps,
} from './constructs/versioned-service';
export { CanaryRoute } from './constructs/canary-route';
export type { CanaryRouteProps } from './constructs/canary-route';
export { ExternalEgress, ExternalProtocol } from './constructs/external-egress';
export type { ExternalEgressProps } from './constructs/external-egress';
export { Caller } from './constructs/caller';
export type { ICaller } from './constructs/caller';
export { TeamNetworkPolicies } from './constructs/network-policies';
export type { TeamNetworkPoliciesProps } from './constructs/network-policies';

// Routing value types
export { StringMatch } from './routing/string-match';
export { PathMatch } from './routing/path-match';
export { HeaderMatch } from './routing/header-match';
export { QueryParameterMatch } from './routing/query-match';
export { HttpMethod } from './routing/http-match';
export type { HttpRouteMatch } from './routing/http-match';
export { Destination } from './routing/destination';
export type { DestinationOptions, WeightedDestination } from './routing/destination';
export { HttpAction } from './routing/http-action';
export type { HttpRedirectOptions } from './routing/http-action';
export { HttpFault, RetryOn } from './routing/http-policies';
export type { CorsPolicy, HeaderOperations, HttpRetryPolicy, HttpRewrite } from './routing/http-policies';
export type { HttpRuleOptions } from './routing/http-rule';
export { Rollout } from './routing/rollout';
export type { RolloutOptions } from './routing/rollout';
export { LoadBalancer } from './routing/traffic-policy';
export type { ConnectionPoolOptions, OutlierDetectionOptions, TrafficPolicyOptions } from './routing/traffic-policy';
export type { TlsRuleOptions } from './routing/tls-rule';

// The model check, explain and graph read
export { MeshModel } from './model/mesh-model';
export type { Synthesizable } from './model/mesh-model';
export type { MeshEnvironment } from './model/environment';
export type { LoadedObject } from './model/load';
export type { Resource, SourceLocation } from './model/resource';
export type { ServiceInfo, ServicePort } from './model/service';
export type { Workload } from './model/workload';
export { readMeshConfigFile } from './model/mesh-config';

// check
export { check, checkApp, checkFiles, hasErrors } from './analysis/check';
export type { Finding, Severity } from './analysis/finding';
export type { Rule } from './analysis/rule';
export { codeReference, codeTitle } from './analysis/codes';

// explain
export { explain } from './simulate/explain';
export { explanationToJson, formatExplanation } from './simulate/format';
export type {
  Denial, ExplainRequest, ExplainedDestination, Explanation, GatewaySource, HeaderChanges, Hop, NormalizedRequest, Outcome,
  RegistryKind, RequestSource, RouteFault, TlsHandling, WorkloadSource,
} from './simulate/types';

// graph
export { buildTopology } from './graph/build';
export { toMermaid } from './graph/mermaid';
export { toDot } from './graph/dot';
export { renderSvg, renderSvgSync } from './graph/svg';
export { writeTopologyFiles, TOPOLOGY_MARKDOWN, TOPOLOGY_SVG } from './graph/files';
export { TopologyEdgeKind, TopologyNodeKind } from './graph/types';
export type { Topology, TopologyEdge, TopologyNode } from './graph/types';

// synth
export { MeshApp } from './synth/mesh-app';
export type { MeshAppProps } from './synth/mesh-app';
export type { SynthesizedFile } from './synth/file-plan';
