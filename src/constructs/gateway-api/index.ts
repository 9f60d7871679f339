/**
 * The pure conversion of a route's rendered Istio rules into Gateway API v1.5.1 route rules
 * (used by CanaryRoute on `TrafficApi.GATEWAY_API`).
 */
export * from './backend-resolver';
export * from './http-route-rules';
export * from './rule-precedence';
export * from './tls-route-rules';
