export * from './finding';
export * from './rule';
export * from './check';
export { RULES } from './registry';
export * from './codes';
