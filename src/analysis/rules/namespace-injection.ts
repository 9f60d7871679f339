/**
 * Namespace injection labels (injection.Analyzer): IST0102 a namespace with neither
 * `istio-injection` nor `istio.io/rev`; IST0123 a namespace with both. Istio's own and
 * Kubernetes' system namespaces are skipped.
 */
import { MeshModel } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { INJECTION_LABEL, REVISION_LABEL } from '../support/injection';

/** util.IsSystemNamespace, plus istio-system. */
const SKIPPED = new Set(['istio-system', 'kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

export const namespaceInjection: Rule = {
  code: 'IST0102/IST0123',
  description: 'Each namespace says whether it is injected, with one injection label',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const ns of model.ofKind('Namespace')) {
      if (SKIPPED.has(ns.name)) continue;
      const legacy = ns.labels[INJECTION_LABEL] ?? '';
      const hasRevision = Object.prototype.hasOwnProperty.call(ns.labels, REVISION_LABEL);
      if (legacy === '' && !hasRevision) {
        out.push(finding(ns, 'IST0102', 'info',
          `The namespace is not enabled for Istio injection. Run 'kubectl label namespace ${ns.name} istio-injection=enabled' to enable it, or 'kubectl label namespace ${ns.name} istio-injection=disabled' to explicitly mark it as not needing injection.`,
          'label the Namespace istio-injection=enabled (or istio.io/rev=<revision>), or istio-injection=disabled if it should stay out of the mesh'));
      } else if (legacy !== '' && hasRevision) {
        out.push(finding(ns, 'IST0123', 'warning',
          `The namespace has more than one type of injection labels [${INJECTION_LABEL} ${REVISION_LABEL}], which may lead to undefined behavior. Make sure only one injection label exists.`,
          `keep either ${INJECTION_LABEL} or ${REVISION_LABEL} on the Namespace, not both`));
      }
    }
    return out;
  },
};
