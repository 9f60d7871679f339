/**
 * Namespace injection labels (injection.Analyzer): IST0123 a namespace with more than one of
 * `istio-injection`, `istio.io/rev` and `istio.io/dataplane-mode` in effect; IST0102 a
 * (non-ambient) namespace with neither `istio-injection` nor `istio.io/rev`. istio-system is
 * skipped. (`istio-injection` set to anything but `enabled` switches the other two off, so
 * `istio-injection=disabled` next to them is no conflict.)
 */
import { MeshModel } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { INJECTION_LABEL, REVISION_LABEL } from '../support/injection';

const DATAPLANE_MODE = 'istio.io/dataplane-mode';

export const namespaceInjection: Rule = {
  code: 'IST0102/IST0123',
  description: 'Each namespace says whether it is injected, with one injection label',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const ns of model.ofKind('Namespace')) {
      if (ns.name === 'istio-system') continue;
      const has = (label: string) => Object.prototype.hasOwnProperty.call(ns.labels, label);
      const legacy = ns.labels[INJECTION_LABEL] ?? '';
      const inEffect = [
        ...(has(INJECTION_LABEL) ? [`${INJECTION_LABEL}=${legacy}`] : []),
        ...[REVISION_LABEL, DATAPLANE_MODE].filter((l) => has(l) && (!has(INJECTION_LABEL) || legacy === 'enabled')).map((l) => `${l}=${ns.labels[l]}`),
      ];
      if (inEffect.length > 1) {
        out.push(finding(ns, 'IST0123', 'warning',
          `The namespace has more than one type of injection labels [${inEffect.join(' ')}], which may lead to undefined behavior. Make sure only one injection label exists.`,
          `keep one of ${INJECTION_LABEL}, ${REVISION_LABEL} and ${DATAPLANE_MODE} on the Namespace`));
      }
      if (ns.labels[DATAPLANE_MODE] === 'ambient') continue;
      if (legacy === '' && !has(REVISION_LABEL)) {
        out.push(finding(ns, 'IST0102', 'info',
          `The namespace is not enabled for Istio injection. Run 'kubectl label namespace ${ns.name} istio-injection=enabled' to enable it, or 'kubectl label namespace ${ns.name} istio-injection=disabled' to explicitly mark it as not needing injection.`,
          'label the Namespace istio-injection=enabled (or istio.io/rev=<revision>), or istio-injection=disabled if it should stay out of the mesh'));
      }
    }
    return out;
  },
};
