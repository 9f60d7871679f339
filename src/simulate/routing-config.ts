/**
 * The routing configuration istiod uses: the model's own VirtualServices and Gateways plus the
 * ones it derives from Gateway API objects (src/gateway-api, `derivedFrom` set). Every place in
 * src/simulate that reads VirtualServices or Gateways reads them here, so a Gateway API route is
 * simulated through exactly the objects istiod would build from it.
 */
import { GATEWAY_ROUTE_SEMANTICS, gatewayApiTranslation, ROUTE_SEMANTICS_ANNOTATION } from '../gateway-api';
import { MeshModel } from '../model/mesh-model';
import { append, perModel } from '../model/per-model';
import { Resource } from '../model/resource';
import { labelsMatch, Workload } from '../model/workload';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
/** Label istiod's automated deployment puts on a Gateway API Gateway's pods (deploymentcontroller.go, kube-gateway.yaml). */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
/** Annotation on derived Gateways naming the Services whose pods run them (`InternalGatewayServiceAnnotation`). */
const GATEWAY_SERVICE_ANNOTATION = 'internal.istio.io/gateway-service';

export class RoutingConfig {
  /** Own and derived VirtualServices, in creation order. */
  public readonly virtualServices: readonly Resource[];
  /** Own and derived Gateways (networking.istio.io shape). */
  public readonly gateways: readonly Resource[];
  /** Derived Gateways by namespace: they run only on pods of their own namespace. */
  private readonly derivedByNamespace = new Map<string, Resource[]>();
  private readonly byId = new Map<string, Resource>();
  private readonly gatewaysById = new Map<string, Resource>();
  private readonly selecting = new Map<Workload, Resource[]>();

  constructor(private readonly model: MeshModel) {
    const derived = gatewayApiTranslation(model);
    this.virtualServices = [...model.ofKind('VirtualService'), ...derived.virtualServices].sort((a, b) => a.order - b.order);
    for (const gw of derived.gateways) append(this.derivedByNamespace, gw.namespace, gw);
    this.gateways = [...model.ofKind('Gateway'), ...derived.gateways];
    // Own objects win a name clash: istiod keys its config by kind/namespace/name as well.
    for (const vs of [...derived.virtualServices, ...model.ofKind('VirtualService')]) this.byId.set(`${vs.namespace}/${vs.name}`, vs);
    for (const gw of [...derived.gateways, ...model.ofKind('Gateway')]) this.gatewaysById.set(`${gw.namespace}/${gw.name}`, gw);
  }

  public virtualService(namespace: string, name: string): Resource | undefined {
    return this.byId.get(`${namespace}/${name}`);
  }

  /** An Istio-shaped Gateway (own or derived) by `namespace/name`. */
  public gateway(namespace: string, name: string): Resource | undefined {
    return this.gatewaysById.get(`${namespace}/${name}`);
  }

  /** A Kubernetes Gateway API Gateway by namespace and name. */
  public gatewayApiGateway(namespace: string, name: string): Resource | undefined {
    return this.model.getGroupKind(GATEWAY_API_GROUP, 'Gateway', namespace, name);
  }

  /**
   * The pods a Gateway API Gateway runs on: those its derived Gateways attach to (the automated
   * deployment `<name>-istio`, or the Service its `addresses` name), else the pods labelled
   * with its name.
   */
  public gatewayApiPods(gateway: Resource): Workload[] {
    const derived = (this.derivedByNamespace.get(gateway.namespace) ?? []).filter((g) => g.derivedFrom === gateway);
    const running = derived.length === 0 ? []
      : this.model.workloadsSelectedBy(undefined, gateway.namespace).filter((w) => derived.some((g) => derivedGatewayRuns(this.model, g, w)));
    return running.length > 0 ? running : this.model.workloadsSelectedBy({ [GATEWAY_NAME_LABEL]: gateway.name }, gateway.namespace);
  }

  /** Gateways (own and derived) that configure `workload`'s pods, in input order. */
  public gatewaysSelecting(workload: Workload): Resource[] {
    let found = this.selecting.get(workload);
    if (!found) {
      const own = this.model.gatewaysSelecting(workload);
      const derived = (this.derivedByNamespace.get(workload.namespace) ?? []).filter((g) => derivedGatewayRuns(this.model, g, workload));
      found = derived.length === 0 ? own : [...own, ...derived].sort((a, b) => a.order - b.order);
      this.selecting.set(workload, found);
    }
    return found;
  }

  /** Whether some Gateway with a selector (or a derived one) picks `workload`'s pods: the workload is a gateway. */
  public isGatewayWorkload(workload: Workload): boolean {
    return this.gatewaysSelecting(workload).some((g) => g.derivedFrom !== undefined || Object.keys(g.spec.selector ?? {}).length > 0);
  }
}

/**
 * Whether a derived Gateway runs on `workload`'s pods. istiod: push_context.go mergeGateways
 * attaches a Gateway carrying `internal.istio.io/gateway-service` only to proxies that are
 * instances of one of those Services in the Gateway's namespace; otherwise its selector decides;
 * without either, the automated deployment's pods (label `gateway.networking.k8s.io/gateway-name`).
 */
function derivedGatewayRuns(model: MeshModel, gateway: Resource, workload: Workload): boolean {
  if (workload.namespace !== gateway.namespace) return false;
  const services = gateway.annotations[GATEWAY_SERVICE_ANNOTATION];
  if (services) {
    return services.split(',').some((host) => {
      const service = model.services.get(host.trim());
      return !!service && service.namespace === gateway.namespace && !!service.selector
        && Object.keys(service.selector).length > 0 && labelsMatch(service.selector, workload.podLabels);
    });
  }
  if (gateway.spec.selector && Object.keys(gateway.spec.selector).length > 0) return labelsMatch(gateway.spec.selector, workload.podLabels);
  const owner = gateway.derivedFrom;
  return !!owner && workload.podLabels[GATEWAY_NAME_LABEL] === owner.name;
}

/** istiod: model.UseGatewaySemantics — the VirtualService was derived from a Gateway API route. */
export function usesGatewaySemantics(vs: Resource): boolean {
  return vs.annotations[ROUTE_SEMANTICS_ANNOTATION] === GATEWAY_ROUTE_SEMANTICS;
}

/** The routing configuration of `model`, built on first use. */
export const routingConfigFor = perModel((model) => new RoutingConfig(model));
