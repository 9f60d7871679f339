/**
 * Turning a test's request lists into requests: the cross product of sources × authorities ×
 * methods × URIs, in the order istio-config-validator's Request.Unfold writes them (uri, then
 * authority, then method), each source in turn.
 *
 * istio-config-validator's files have no source: that tool looks up the VirtualServices whose
 * `hosts` contain the authority, whatever they are bound to. Here a request needs a first proxy,
 * so the default source is where those VirtualServices are bound: every Gateway they name (as
 * `ns/name`) when any names one — the public entry an authority like `www.example.com` means —
 * else, for `mesh` (or no `gateways`), a mesh workload in each VirtualService's namespace. An
 * authority no VirtualService names is sent from a workload in `default`. Gateway API routes count
 * through the VirtualServices istiod derives from them: a route on a Gateway API Gateway is sent
 * from that Gateway. The native format's `from:` (or the command's `--from`) replaces this default.
 */
import { parseFrom } from '../../cli/explain-command';
import { hostCovers, resolveGatewayRef } from '../../model/hosts';
import { MeshModel } from '../../model/mesh-model';
import { stripPort } from '../../simulate/request';
import { routingConfigFor } from '../../simulate/routing-config';
import { ExplainRequest, RequestSource } from '../../simulate/types';
import { RequestSpec } from './types';

/** Namespace of the workload that sends a request whose host no VirtualService names. */
export const FALLBACK_NAMESPACE = 'default';

/** `from` (explain's `--from` syntax) replaces the default source of tests that name none. */
export function expandRequests(model: MeshModel, spec: RequestSpec, from?: readonly string[]): ExplainRequest[] {
  const given = spec.from ?? (from && from.length > 0 ? from : undefined);
  const out: ExplainRequest[] = [];
  for (const uri of spec.uri) {
    for (const authority of spec.authority) {
      const sources = given ? given.map(parseFrom) : defaultSources(model, authority);
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

/** Where the VirtualServices for `authority` are bound (gateways first, see above), as explain sources, sorted. */
export function defaultSources(model: MeshModel, authority: string): RequestSource[] {
  const host = stripPort(authority.toLowerCase());
  const gateways = new Map<string, RequestSource>();
  const mesh = new Map<string, RequestSource>();
  const routing = routingConfigFor(model);
  for (const vs of routing.virtualServices) {
    const hosts: unknown[] = Array.isArray(vs.spec.hosts) ? vs.spec.hosts : [];
    if (!hosts.some((h) => typeof h === 'string' && hostCovers(h, host))) continue;
    const bound: unknown[] = Array.isArray(vs.spec.gateways) && vs.spec.gateways.length > 0 ? vs.spec.gateways : ['mesh'];
    for (const ref of bound) {
      if (typeof ref !== 'string') continue;
      const resolved = resolveGatewayRef(ref, vs.namespace);
      if (resolved === 'mesh') {
        mesh.set(vs.namespace, { namespace: vs.namespace, labels: {} });
        continue;
      }
      // A derived Gateway stands for its Gateway API Gateway, which is what `from` names.
      const [namespace, name] = resolved.split('/');
      const owner = routing.gateway(namespace, name)?.derivedFrom;
      const id = owner ? `${owner.namespace}/${owner.name}` : resolved;
      gateways.set(id, { gateway: id });
    }
  }
  const chosen = gateways.size > 0 ? gateways : mesh;
  if (chosen.size === 0) return [{ namespace: FALLBACK_NAMESPACE, labels: {} }];
  return [...chosen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, source]) => source);
}
