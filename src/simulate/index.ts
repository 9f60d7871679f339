/** The route simulator: `explain(model, request)` and its trace. */
export * from './types';
export { explain } from './explain';
export { explanationToJson, formatExplanation } from './format';
export { REQUEST_ERRORS, normalizeRequest, resolveFromNamespace } from './request';
export { indexFor } from './sim-index';
export { normalizePath } from './path-normalization';
