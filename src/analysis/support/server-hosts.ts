/**
 * Gateway server hosts as istiod reads them for ownership: `ns/dnsName` names the namespace whose
 * VirtualServices may bind to the host, `./dnsName` the Gateway's own namespace, `*\/dnsName` or a
 * bare `dnsName` any namespace.
 */
import { MeshModel, Resource } from '../../model';
import { arr } from './schema';

/** One server host after istiod's rewriting: the namespace it admits (`*` = any) and its DNS name. */
export interface ServerHost {
  /** As written in the Gateway. */
  readonly written: string;
  /** The namespace whose VirtualServices it admits, or `*` for every namespace. */
  readonly admits: string;
  readonly dnsName: string;
  /** The server it belongs to. */
  readonly server: any;
}

/**
 * The hosts of every server of a Gateway, with `./` turned into the Gateway's namespace and `*\/`
 * into "any namespace". istiod: model/gateway.go sanitizeServerHostNamespace (where `*\/*` makes the
 * whole server `*`, which admits the same: any namespace, any name).
 */
export function serverHostsOf(gateway: Resource): ServerHost[] {
  const out: ServerHost[] = [];
  for (const server of arr(gateway.spec.servers)) {
    for (const written of arr(server?.hosts)) {
      if (typeof written !== 'string') continue;
      const slash = written.indexOf('/');
      const namespace = slash < 0 ? '*' : written.slice(0, slash);
      const dnsName = slash < 0 ? written : written.slice(slash + 1);
      out.push({ written, admits: namespace === '.' ? gateway.namespace : namespace, dnsName, server });
    }
  }
  return out;
}

/**
 * Whether a server host lets VirtualServices of `namespace` bind to it.
 * istiod: pkg/config/host/names.go NamesForNamespace (the namespace part must equal the
 * VirtualService's namespace or be `*`; a host without `/` belongs to every namespace).
 */
export function admitsNamespace(host: ServerHost, namespace: string): boolean {
  return host.admits === '*' || host.admits === namespace;
}

/** `istio: egressgateway` or the library's `gateway-type: egress`, on the selector or the pods it selects. */
export function isEgressGateway(model: MeshModel, gateway: Resource): boolean {
  const says = (labels: Readonly<Record<string, string>>) => labels['gateway-type'] === 'egress' || labels.istio === 'egressgateway';
  const selector: Record<string, string> = gateway.spec.selector ?? {};
  if (says(selector)) return true;
  return Object.keys(selector).length > 0 && model.workloadsSelectedBy(selector).some((w) => says(w.podLabels));
}
