/**
 * Istio annotations on Kubernetes objects (annotations.K8sAnalyzer) — on Namespaces, Services,
 * Pods and Deployments: IST0108 an Istio-looking annotation Istio does not know; IST0107 one
 * applied to a kind it does not belong on (a pod annotation on a Deployment's own metadata);
 * IST0125 a value the injector rejects. A Deployment's pod template annotations are judged as
 * the Pods it creates would be (istioctl sees those Pods in a live cluster).
 */
import { MeshModel, Resource } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { ISTIO_ANNOTATIONS } from '../support/annotation-catalogue';
import { ANNOTATION_VALUE_CHECKS } from '../support/annotation-values';

const CHECKED_KINDS = ['Namespace', 'Service', 'Pod', 'Deployment'];
/** maturity.AlwaysIgnoredAnnotations: set by istiod or a controller, never judged. */
const ALWAYS_IGNORED = new Set(['sidecar.istio.io/status', 'gateway.istio.io/controller-version', 'istio.io/rev']);

export const annotations: Rule = {
  code: 'IST0107/IST0108/IST0125',
  description: 'Istio annotations are known, on the kind they belong to, and well-formed',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const kind of CHECKED_KINDS) {
      for (const resource of model.ofKind(kind)) {
        out.push(...judge(resource, resource.annotations, kind, ''));
        if (kind === 'Deployment') out.push(...judge(resource, resource.spec.template?.metadata?.annotations ?? {}, 'Pod', ' (in the pod template)'));
      }
    }
    return out;
  },
};

/** allowAnnotations, for the annotations of one object judged as `kind`. */
function judge(resource: Resource, annotationMap: Readonly<Record<string, unknown>>, kind: string, where: string): Finding[] {
  const out: Finding[] = [];
  for (const name of Object.keys(annotationMap).sort()) {
    if (!isIstioAnnotation(name) || ALWAYS_IGNORED.has(name)) continue;
    const kinds = ISTIO_ANNOTATIONS.get(name);
    if (!kinds) {
      out.push(finding(resource, 'IST0108', 'warning', `Unknown annotation: ${name}${where}`,
        'correct the annotation name (see istio.io/latest/docs/reference/config/annotations/), or remove it'));
      continue;
    }
    if (kinds.includes('Any')) continue;
    if (!kinds.includes(kind)) {
      out.push(finding(resource, 'IST0107', 'warning', `Misplaced annotation: ${name}${where} can only be applied to ${kinds.join(', ')}`,
        kinds.includes('Pod') && kind === 'Deployment' ? 'move it to spec.template.metadata.annotations' : `move it to the ${kinds.join(' or ')} it configures`));
      continue;
    }
    const problem = ANNOTATION_VALUE_CHECKS.get(name)?.(String(annotationMap[name]));
    if (problem) {
      out.push(finding(resource, 'IST0125', 'warning', `Invalid annotation ${name}${where}: ${problem}`, `correct the value of ${name}`));
    }
  }
  return out;
}

/** istioAnnotation: `kubernetes.io/ingress.class`, or a key whose prefix ends in `istio.io`. */
function isIstioAnnotation(name: string): boolean {
  return name === 'kubernetes.io/ingress.class' || name.split('/')[0].endsWith('istio.io');
}
