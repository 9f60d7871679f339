/**
 * The benchmark's team written WITHOUT the library: the same manifests, declared object by object
 * with cdk8s's generated classes (Istio's from imports/, Kubernetes' from cdk8s-plus-27's `k8s`),
 * one Chart per team in one App, the way a team without the library writes them. The manifests
 * themselves come from the library's output of the same run (see sections/synth), so the two
 * variants cannot drift apart as the constructs evolve; the section checks the bytes match.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AuthorizationPolicy, PeerAuthentication, RequestAuthentication } from '../../imports/security.istio.io';
import { DestinationRule, Gateway, ServiceEntry, Sidecar, VirtualService } from '../../imports/networking.istio.io';

/** One team's manifests, as plain objects. */
export interface TeamManifests {
  readonly team: string;
  readonly manifests: readonly any[];
}

type Props = Record<string, any>;
type Declare = (scope: Construct, id: string, props: any) => ApiObject;

/** The generated class for each `apiVersion/kind`, with the typed values it expects. */
const CLASSES: Record<string, Declare> = {
  'v1/Namespace': (s, id, p) => new k8s.KubeNamespace(s, id, p),
  'v1/ServiceAccount': (s, id, p) => new k8s.KubeServiceAccount(s, id, p),
  'v1/ConfigMap': (s, id, p) => new k8s.KubeConfigMap(s, id, p),
  'v1/Service': (s, id, p) => new k8s.KubeService(s, id, withServicePorts(p)),
  'apps/v1/Deployment': (s, id, p) => new k8s.KubeDeployment(s, id, withPodQuantities(p)),
  'autoscaling/v2/HorizontalPodAutoscaler': (s, id, p) => new k8s.KubeHorizontalPodAutoscalerV2(s, id, withMetricQuantities(p)),
  'policy/v1/PodDisruptionBudget': (s, id, p) => new k8s.KubePodDisruptionBudget(s, id, withBudget(p)),
  'rbac.authorization.k8s.io/v1/Role': (s, id, p) => new k8s.KubeRole(s, id, p),
  'rbac.authorization.k8s.io/v1/RoleBinding': (s, id, p) => new k8s.KubeRoleBinding(s, id, p as any),
  'networking.istio.io/v1/Gateway': (s, id, p) => new Gateway(s, id, p),
  'networking.istio.io/v1/VirtualService': (s, id, p) => new VirtualService(s, id, p),
  'networking.istio.io/v1/DestinationRule': (s, id, p) => new DestinationRule(s, id, p),
  'networking.istio.io/v1/ServiceEntry': (s, id, p) => new ServiceEntry(s, id, p),
  'networking.istio.io/v1/Sidecar': (s, id, p) => new Sidecar(s, id, p),
  'security.istio.io/v1/AuthorizationPolicy': (s, id, p) => new AuthorizationPolicy(s, id, p),
  'security.istio.io/v1/PeerAuthentication': (s, id, p) => new PeerAuthentication(s, id, p),
  'security.istio.io/v1/RequestAuthentication': (s, id, p) => new RequestAuthentication(s, id, p),
};

/** Declares one team as a plain cdk8s Chart. */
export function addPlainTeam(app: App, team: TeamManifests): Chart {
  const chart = new Chart(app, team.team);
  for (const manifest of team.manifests) {
    const { apiVersion, kind, ...props } = manifest;
    const id = `${kind}-${props.metadata.name}`;
    const declare = CLASSES[`${apiVersion}/${kind}`];
    // A kind without a generated class here is declared as a bare ApiObject (what cdk8s offers).
    if (declare) declare(chart, id, props);
    else new ApiObject(chart, id, manifest);
  }
  return chart;
}

// Kubernetes' generated classes take Quantity and IntOrString objects where YAML has a string
// or a number; a hand-written team writes `k8s.Quantity.fromString('100m')` there.

const quantity = (v: unknown) => k8s.Quantity.fromString(String(v));
const intOrString = (v: unknown) => (typeof v === 'number' ? k8s.IntOrString.fromNumber(v) : k8s.IntOrString.fromString(String(v)));
const mapValues = (o: Record<string, unknown> | undefined, f: (v: unknown) => unknown) =>
  o === undefined ? undefined : Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

function withServicePorts(p: Props): Props {
  const ports = p.spec?.ports?.map((port: Props) => (port.targetPort === undefined ? port : { ...port, targetPort: intOrString(port.targetPort) }));
  return ports ? { ...p, spec: { ...p.spec, ports } } : p;
}

function withProbePorts(probe: Props | undefined): Props | undefined {
  if (!probe) return probe;
  const out = { ...probe };
  if (probe.httpGet) out.httpGet = { ...probe.httpGet, port: intOrString(probe.httpGet.port) };
  if (probe.tcpSocket) out.tcpSocket = { ...probe.tcpSocket, port: intOrString(probe.tcpSocket.port) };
  return out;
}

function withContainerQuantities(c: Props): Props {
  const out: Props = { ...c };
  if (c.resources) out.resources = { ...c.resources, limits: mapValues(c.resources.limits, quantity), requests: mapValues(c.resources.requests, quantity) };
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) if (c[probe]) out[probe] = withProbePorts(c[probe]);
  return out;
}

function withPodQuantities(p: Props): Props {
  const pod = p.spec?.template?.spec;
  if (!pod) return p;
  // The generated class names it `setHostnameAsFqdn` and drops the JSON spelling.
  const { setHostnameAsFQDN, ...rest } = pod;
  const podSpec = {
    ...rest,
    ...(setHostnameAsFQDN === undefined ? {} : { setHostnameAsFqdn: setHostnameAsFQDN }),
    containers: pod.containers?.map(withContainerQuantities), initContainers: pod.initContainers?.map(withContainerQuantities),
  };
  const rolling = p.spec.strategy?.rollingUpdate;
  const strategy = rolling
    ? { ...p.spec.strategy, rollingUpdate: { maxSurge: rolling.maxSurge === undefined ? undefined : intOrString(rolling.maxSurge), maxUnavailable: rolling.maxUnavailable === undefined ? undefined : intOrString(rolling.maxUnavailable) } }
    : p.spec.strategy;
  return { ...p, spec: { ...p.spec, strategy, template: { ...p.spec.template, spec: podSpec } } };
}

function withMetricQuantities(p: Props): Props {
  const metrics = p.spec?.metrics?.map((m: Props) => {
    const target = m.resource?.target;
    if (!target) return m;
    const typed = { ...target, averageValue: target.averageValue === undefined ? undefined : quantity(target.averageValue), value: target.value === undefined ? undefined : quantity(target.value) };
    return { ...m, resource: { ...m.resource, target: typed } };
  });
  return metrics ? { ...p, spec: { ...p.spec, metrics } } : p;
}

function withBudget(p: Props): Props {
  const spec = { ...p.spec };
  if (spec.maxUnavailable !== undefined) spec.maxUnavailable = intOrString(spec.maxUnavailable);
  if (spec.minAvailable !== undefined) spec.minAvailable = intOrString(spec.minAvailable);
  return { ...p, spec };
}
