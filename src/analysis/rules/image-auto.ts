/**
 * `image: auto` without injection (injection.ImageAutoAnalyzer): the `istio-proxy` container's
 * image is filled in only by the injector. IST0147 for a Pod (it is never injected once created),
 * IST0146 for a Deployment that no Istio injection webhook selects.
 */
import { MeshModel } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { containersOf, ISTIO_PROXY } from '../support/injection';
import { injectionWebhooks } from '../support/injection-webhooks';
import { labelSelectorMatches } from '../support/label-selector';

export const imageAuto: Rule = {
  code: 'IST0146/IST0147',
  description: 'Pods and Deployments with `image: auto` are targeted by sidecar injection',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const pod of model.ofKind('Pod')) {
      if (!hasAutoImage(pod.spec)) continue;
      out.push(finding(pod, 'IST0147', 'error', `Pod ${pod.name} contains \`image: auto\` but does not match any Istio injection webhook selectors.`,
        'create the pod through a Deployment in an injection-enabled namespace (istio-injection=enabled or istio.io/rev), or set a real proxy image'));
    }
    const webhooks = injectionWebhooks(model);
    for (const deployment of model.ofKind('Deployment')) {
      const template = deployment.spec.template;
      if (!hasAutoImage(template?.spec)) continue;
      const namespaceLabels = model.namespaceResource(deployment.namespace)?.labels ?? {};
      const podLabels = template?.metadata?.labels ?? {};
      if (webhooks.some((w) => labelSelectorMatches(w.namespaceSelector, namespaceLabels) && labelSelectorMatches(w.objectSelector, podLabels))) continue;
      out.push(finding(deployment, 'IST0146', 'warning', `Deployment ${deployment.name} contains \`image: auto\` but does not match any Istio injection webhook selectors.`,
        `label namespace ${deployment.namespace} istio-injection=enabled (or istio.io/rev=<revision>), or label the pod template sidecar.istio.io/inject: "true"`));
    }
    return out;
  },
};

function hasAutoImage(podSpec: any): boolean {
  return containersOf(podSpec).some((c) => c.name === ISTIO_PROXY && c.image === 'auto');
}
