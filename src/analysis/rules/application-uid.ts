/**
 * IST0144: an application container (or the whole pod) runs as UID 1337, the sidecar proxy's
 * user, so iptables lets its traffic bypass the proxy (deployment.ApplicationUIDAnalyzer).
 * Istio's own control-plane objects (label `istio`, or `release: istio`) are skipped.
 */
import { MeshModel, Resource } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { containersOf, ISTIO_PROXY } from '../support/injection';

const PROXY_UID = 1337;

export const applicationUid: Rule = {
  code: 'IST0144',
  description: 'No application pod or container runs as the proxy\'s UID 1337',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const kind of ['Pod', 'Deployment']) {
      for (const resource of model.ofKind(kind)) {
        if (isControlPlane(resource)) continue;
        const podSpec = kind === 'Pod' ? resource.spec : resource.spec.template?.spec;
        for (const where of placesRunningAsProxy(podSpec)) {
          out.push(finding(resource, 'IST0144', 'warning', `User ID (UID) 1337 is reserved for the sidecar proxy (${where}).`,
            'run the application as another user ID (securityContext.runAsUser)'));
        }
      }
    }
    return out;
  },
};

/** util.IsIstioControlPlane. */
function isControlPlane(resource: Resource): boolean {
  return 'istio' in resource.labels || resource.labels.release === 'istio';
}

function placesRunningAsProxy(podSpec: any): string[] {
  const places: string[] = [];
  if (podSpec?.securityContext?.runAsUser === PROXY_UID) places.push('pod securityContext.runAsUser');
  for (const container of containersOf(podSpec)) {
    if (container.name === ISTIO_PROXY || container.name === 'istio-operator') continue;
    if (container.securityContext?.runAsUser === PROXY_UID) places.push(`container ${container.name}`);
  }
  return places;
}
