/**
 * CIT125: a Sidecar egress host `ns/host` whose namespace does not exist. The sidecar then
 * imports nothing from it — every call there fails (502 under REGISTRY_ONLY, passthrough
 * otherwise) — and nothing says so: istiod validates only the syntax and Istio has no analyzer
 * for it. `*`, `.` and `~` are not namespaces.
 */
import { MeshModel, splitServerHost } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { arr } from '../support/schema';

const NOT_NAMESPACES = new Set(['*', '.', '~']);

export const sidecarEgressNamespaces: Rule = {
  code: 'CIT125',
  description: 'Sidecar egress hosts name namespaces that exist',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const sidecar of model.ofKind('Sidecar')) {
      arr(sidecar.spec.egress).forEach((listener: any, i) => {
        for (const host of arr(listener?.hosts)) {
          if (typeof host !== 'string' || !host.includes('/')) continue;
          const { namespace } = splitServerHost(host);
          if (NOT_NAMESPACES.has(namespace) || model.namespaceExists(namespace)) continue;
          out.push(finding(sidecar, 'CIT125', 'warning',
            `Sidecar egress host "${host}" (egress[${i}]) names namespace ${namespace}, which does not exist; the sidecar imports nothing from it.`,
            `correct the namespace, create namespace ${namespace}, or write "*/${splitServerHost(host).dnsName}" for any namespace`));
        }
      });
    }
    return out;
  },
};
