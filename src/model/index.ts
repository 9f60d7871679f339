export * from './hosts';
export * from './resource';
export * from './load';
export * from './service';
export * from './workload';
export * from './environment';
export * from './mesh-model';
export * from './mesh-config';
