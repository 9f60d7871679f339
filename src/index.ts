/**
 * cdk8s-istio-traffic: typed cdk8s constructs for Istio traffic management by many teams in one
 * cluster, with synth-time checks and a route simulator.
 */
export * from './errors';
export * from './codes';
export * from './constructs';
export * from './routing';
export * from './model';
export * from './analysis';
export * from './simulate';
export * from './graph';
export * from './synth';
