/**
 * Turning a test's request lists into requests: the cross product of sources × authorities ×
 * methods × URIs, in the order istio-config-validator's Request.Unfold writes them (uri, then
 * authority, then method), each source in turn.
 *
 * istio-config-validator's files have no source: that tool looks up every VirtualService whose
 * `hosts` contain the authority, whatever it is bound to. The closest request Envoy can receive
 * is the same request from every place the VirtualService is bound to: each Gateway in its
 * `gateways` (as `ns/name`), and, for `mesh` (or no `gateways`), a mesh workload in the
 * VirtualService's namespace. An authority no VirtualService names is sent from a workload in
 * `default`. The native format's `from:` replaces this default.
 */
import { parseFrom } from '../../cli/explain-command';
import { hostCovers, resolveGatewayRef } from '../../model/hosts';
import { MeshModel } from '../../model/mesh-model';
import { stripPort } from '../../simulate/request';
import { ExplainRequest, RequestSource } from '../../simulate/types';
import { RequestSpec } from './types';

/** Namespace of the workload that sends a request whose host no VirtualService names. */
export const FALLBACK_NAMESPACE = 'default';

export function expandRequests(model: MeshModel, spec: RequestSpec): ExplainRequest[] {
  const out: ExplainRequest[] = [];
  for (const uri of spec.uri) {
    for (const authority of spec.authority) {
      const sources = spec.from ? spec.from.map(parseFrom) : defaultSources(model, authority);
      for (const method of spec.method) {
        for (const from of sources) {
          out.push({
            from, host: authority, method, path: uri,
            ...(spec.headers ? { headers: spec.headers } : {}),
            ...(spec.cookies ? { cookies: spec.cookies } : {}),
            ...(spec.scheme ? { scheme: spec.scheme } : {}),
            ...(spec.port !== undefined ? { port: spec.port } : {}),
          });
        }
      }
    }
  }
  return out;
}

/** Every place a VirtualService for `authority` is bound to, as explain sources, sorted. */
export function defaultSources(model: MeshModel, authority: string): RequestSource[] {
  const host = stripPort(authority.toLowerCase());
  const keys = new Map<string, RequestSource>();
  for (const vs of model.ofKind('VirtualService')) {
    const hosts: unknown[] = Array.isArray(vs.spec.hosts) ? vs.spec.hosts : [];
    if (!hosts.some((h) => typeof h === 'string' && hostCovers(h, host))) continue;
    const gateways: unknown[] = Array.isArray(vs.spec.gateways) && vs.spec.gateways.length > 0 ? vs.spec.gateways : ['mesh'];
    for (const ref of gateways) {
      if (typeof ref !== 'string') continue;
      const resolved = resolveGatewayRef(ref, vs.namespace);
      if (resolved === 'mesh') keys.set(`mesh ${vs.namespace}`, { namespace: vs.namespace, labels: {} });
      else keys.set(`gateway ${resolved}`, { gateway: resolved });
    }
  }
  if (keys.size === 0) return [{ namespace: FALLBACK_NAMESPACE, labels: {} }];
  return [...keys.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, source]) => source);
}
