export * from './team';
export * from './gateway-server';
export * from './team-gateway';
export * from './versioned-service';
export * from './canary-route';
export * from './external-egress';
export * from './gateway-tls';
export * from './access-graph';
