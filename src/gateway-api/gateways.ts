/**
 * Gateway API Gateways of class `istio` → one Istio Gateway per listener, and the listener
 * conditions istiod reports (gateway_collection.go GatewayCollection, conversion.go
 * buildListener / buildTLS / buildHostnameMatch / listenerProtocolToIstio, conditions.go
 * generateSupportedKinds).
 */
import { GATEWAY_API_GROUP } from '../model/kinds';
import type { MeshModel } from '../model/mesh-model';
import { perModel } from '../model/per-model';
import { Resource } from '../model/resource';
import {
  condition, HOSTNAME_CONFLICT, INVALID_CERTIFICATE_REF, INVALID_ROUTE_KINDS, PROTOCOL_CONFLICT, REF_NOT_PERMITTED, UNSUPPORTED_PROTOCOL,
} from './conditions';
import { arr, derivedResource, parentMeta } from './derived';
import {
  GATEWAY_NAME_LABEL, GATEWAY_SEMANTICS_ANNOTATION, GATEWAY_SERVICE_ANNOTATION, gatewayServiceHosts, internalGatewayName, isIstioGateway,
  isManaged, PARENTS_ANNOTATION,
} from './names';
import { namespacesFromSelector } from './namespaces';
import { referenceGrants } from './reference-grants';
import { GatewayApiCondition } from './translation';

/** gatewayTLSTerminateModeKey: the `tls.options` key istiod reads for the server's TLS mode. */
export const TLS_TERMINATE_MODE_OPTION = 'gateway.istio.io/tls-terminate-mode';

export interface RouteKind {
  readonly group: string;
  readonly kind: string;
}

/** A listener as routes see it (parentInfo). */
export interface Listener {
  readonly gateway: Resource;
  readonly index: number;
  readonly sectionName: string;
  readonly port: number;
  readonly protocol: string;
  /** `ns/<derived Gateway name>`: what derived VirtualServices list in `gateways`. */
  readonly internalName: string;
  /** The server's `ns/host` entries. */
  readonly hostnames: readonly string[];
  /** The listener's `hostname` as written (`''` when absent). */
  readonly originalHostname: string;
  readonly allowedKinds: readonly RouteKind[];
}

export interface ConvertedGateways {
  /** Listeners by `namespace/name` of their Gateway API Gateway. */
  readonly listeners: ReadonlyMap<string, readonly Listener[]>;
  readonly gateways: readonly Resource[];
  readonly conditions: readonly GatewayApiCondition[];
}

const HTTP_ROUTE: RouteKind = { group: GATEWAY_API_GROUP, kind: 'HTTPRoute' };
const GRPC_ROUTE: RouteKind = { group: GATEWAY_API_GROUP, kind: 'GRPCRoute' };
const TCP_ROUTE: RouteKind = { group: GATEWAY_API_GROUP, kind: 'TCPRoute' };
const TLS_ROUTE: RouteKind = { group: GATEWAY_API_GROUP, kind: 'TLSRoute' };

export function convertGateways(model: MeshModel): ConvertedGateways {
  const listeners = new Map<string, Listener[]>();
  const gateways: Resource[] = [];
  const conditions: GatewayApiCondition[] = [];
  for (const gateway of model.ofGroupKind(GATEWAY_API_GROUP, 'Gateway')) {
    if (!isIstioGateway(gateway)) continue;
    const own: Listener[] = [];
    const specListeners = arr(gateway.spec.listeners);
    const conflicts = listenerConflicts(specListeners);
    specListeners.forEach((l: any, index: number) => {
      const field = `spec.listeners[${index}]`;
      const scope = String(l?.name ?? index);
      const report = (type: string, reason: string, message: string, severity?: 'error' | 'warning', at = field) =>
        conditions.push(condition(gateway, type, reason, message, { scope, field: at, severity }));

      const protocolError = listenerProtocolError(l?.protocol);
      if (protocolError) report('Accepted', UNSUPPORTED_PROTOCOL, protocolError, 'error', `${field}.protocol`);
      const conflict = conflicts.get(index);
      if (conflict) report('Conflicted', conflict.reason, conflict.message, conflict.reason === PROTOCOL_CONFLICT ? 'error' : 'warning');
      const tls = buildTls(model, gateway, l?.tls, field, report);
      const { kinds, valid } = supportedKinds(l);
      if (!valid) {
        report('ResolvedRefs', INVALID_ROUTE_KINDS,
          `allowedRoutes.kinds ${JSON.stringify(arr(l?.allowedRoutes?.kinds).map((k: any) => k?.kind))} include a kind istiod does not route on a ${l?.protocol} listener (it supports ${kinds.map((k) => k.kind).join(', ') || 'none'} there)`,
          kinds.length === 0 ? 'error' : 'warning', `${field}.allowedRoutes.kinds`);
      }

      const hosts = buildHostnameMatch(model, gateway.namespace, l);
      const derivedName = internalGatewayName(gateway.name, String(l?.name));
      own.push({
        gateway, index, sectionName: String(l?.name), port: Number(l?.port), protocol: String(l?.protocol),
        internalName: `${gateway.namespace}/${derivedName}`, hostnames: hosts,
        originalHostname: typeof l?.hostname === 'string' ? l.hostname : '', allowedKinds: kinds,
      });
      // A listener with a protocol istiod cannot serve gets no server that accepts traffic.
      if (protocolError) return;
      const server: any = { port: { name: 'default', number: Number(l?.port), protocol: String(l?.protocol) }, hosts };
      if (tls) server.tls = tls;
      gateways.push(derivedResource({
        apiVersion: 'networking.istio.io/v1',
        kind: 'Gateway',
        metadata: {
          name: derivedName,
          namespace: gateway.namespace,
          annotations: {
            [GATEWAY_SEMANTICS_ANNOTATION]: 'gateway',
            [GATEWAY_SERVICE_ANNOTATION]: gatewayServiceHosts(gateway).join(','),
            [PARENTS_ANNOTATION]: parentMeta(gateway, String(l?.name)),
          },
        },
        spec: { selector: gatewaySelector(model, gateway), servers: [server] },
      }, gateway));
    });
    listeners.set(`${gateway.namespace}/${gateway.name}`, own);
  }
  return { listeners, gateways, conditions };
}

/**
 * istiod binds a derived Gateway to the pods of its gateway Service
 * (`internal.istio.io/gateway-service`), not by selector. The model binds Gateways by selector, so
 * the derived one carries the selector of that Service: the automated deployment's pod label, or
 * the selector of the Service a `Hostname` address names. (The Service lives in the Gateway's
 * namespace; a consumer of `selector` alone should keep to pods of that namespace.)
 */
function gatewaySelector(model: MeshModel, gateway: Resource): Record<string, string> {
  if (isManaged(gateway)) return { [GATEWAY_NAME_LABEL]: gateway.name };
  for (const host of gatewayServiceHosts(gateway)) {
    const selector = model.services.get(host)?.selector;
    if (selector && Object.keys(selector).length > 0) return { ...selector };
  }
  return { [GATEWAY_NAME_LABEL]: gateway.name };
}

/** listenerProtocolToIstio: the reason a listener's protocol is refused, if it is. */
export function listenerProtocolError(protocol: unknown): string | undefined {
  const p = String(protocol);
  switch (p) {
    case 'HTTP': case 'HTTPS': case 'TLS': return undefined;
    case 'TCP': return `protocol "TCP" is supported, but only when PILOT_ENABLE_ALPHA_GATEWAY_API=true is configured (TCPRoute is not in the standard channel)`;
    case 'HBONE': return 'protocol "HBONE" is only supported for waypoint proxies';
  }
  const upper = p.toUpperCase();
  if (['HTTP', 'HTTPS', 'TLS', 'TCP', 'HBONE'].includes(upper)) return `protocol "${p}" is unsupported. hint: "${upper}" (uppercase) may be supported`;
  return `protocol "${p}" is unsupported`;
}

/** generateSupportedKinds: the route kinds a listener admits, and whether every `allowedRoutes.kinds` entry is one. */
export function supportedKinds(l: any): { kinds: RouteKind[]; valid: boolean } {
  let supported: RouteKind[] = [];
  switch (l?.protocol) {
    case 'HTTP': case 'HTTPS': supported = [HTTP_ROUTE, GRPC_ROUTE]; break;
    case 'TCP': supported = [TCP_ROUTE]; break;
    case 'TLS': supported = l?.tls?.mode === 'Passthrough' ? [TLS_ROUTE] : [TCP_ROUTE]; break;
  }
  const allowed = arr(l?.allowedRoutes?.kinds);
  if (allowed.length === 0) return { kinds: supported, valid: true };
  const kinds = supported.filter((s) => allowed.some((k: any) => k?.kind === s.kind && (k?.group ?? GATEWAY_API_GROUP) === s.group));
  return { kinds, valid: kinds.length === allowed.length };
}

/** buildHostnameMatch: `ns/hostname` for every namespace the listener admits routes from, `~/hostname` for none. */
function buildHostnameMatch(model: MeshModel, gatewayNamespace: string, l: any): string[] {
  const hostname = typeof l?.hostname === 'string' ? l.hostname : '*';
  const hosts = namespacesFromSelector(model, gatewayNamespace, l?.allowedRoutes).filter((ns) => ns.length > 0).map((ns) => `${ns}/${hostname}`);
  return hosts.length > 0 ? hosts : [`~/${hostname}`];
}

type Report = (type: string, reason: string, message: string, severity?: 'error' | 'warning', at?: string) => void;

/**
 * buildTLS: the server's TLS settings. A certificate in another namespace needs a ReferenceGrant
 * (from Gateway in the Gateway's namespace, to Secret); one that is refused is dropped. A Secret the
 * manifests do not contain is reported as a warning and still used: it may be created outside them
 * (cert-manager, a platform team).
 */
function buildTls(model: MeshModel, gateway: Resource, tls: any, field: string, report: Report): any {
  if (!tls || typeof tls !== 'object') return undefined;
  const mode = tls.mode ?? 'Terminate';
  if (mode === 'Passthrough') return { mode: 'PASSTHROUGH' };
  const out: any = { mode: 'SIMPLE' };
  switch (tls.options?.[TLS_TERMINATE_MODE_OPTION]) {
    case 'MUTUAL': out.mode = 'MUTUAL'; break;
    case 'OPTIONAL_MUTUAL': out.mode = 'OPTIONAL_MUTUAL'; break;
    case 'ISTIO_SIMPLE': return { mode: 'SIMPLE', credentialName: 'builtin://' };
    case 'ISTIO_MUTUAL': return { mode: 'ISTIO_MUTUAL' };
  }
  const refs = arr(tls.certificateRefs);
  if (refs.length > 2) {
    report('ResolvedRefs', INVALID_CERTIFICATE_REF, 'TLS mode can only support up to 2 server certificates', 'error', `${field}.tls.certificateRefs`);
    return out;
  }
  const credentials: string[] = [];
  refs.forEach((ref: any, i: number) => {
    const at = `${field}.tls.certificateRefs[${i}]`;
    const group = ref?.group ?? '';
    const kind = ref?.kind ?? 'Secret';
    const namespace = ref?.namespace ?? gateway.namespace;
    const name = String(ref?.name);
    if (group !== '' || kind !== 'Secret') {
      report('ResolvedRefs', INVALID_CERTIFICATE_REF, `invalid certificate reference ${group}/${kind}/${name}.${ref?.namespace ?? ''}, only secret is allowed`, 'error', at);
      return;
    }
    if (!referenceGrants(model).allows('Gateway', gateway.namespace, 'Secret', namespace, name)) {
      report('ResolvedRefs', REF_NOT_PERMITTED,
        `certificateRef ${name}/${namespace} not accessible to a Gateway in namespace "${gateway.namespace}" (missing a ReferenceGrant?)`, 'error', at);
      return;
    }
    if (!secretDeclared(model, namespace, name)) {
      report('ResolvedRefs', INVALID_CERTIFICATE_REF,
        `invalid certificate reference /Secret/${name}.${ref?.namespace ?? ''}, secret ${namespace}/${name} not found in the manifests (istiod refuses the certificate unless the Secret exists in the cluster)`, 'warning', at);
    }
    credentials.push(`kubernetes-gateway://${namespace}/${name}`);
  });
  if (credentials.length === 1) out.credentialName = credentials[0];
  else if (credentials.length > 1) out.credentialNames = credentials;
  return out;
}

/** `ns/secretName` of every cert-manager Certificate, once per model. */
const certificateSecrets = perModel((model: MeshModel) => new Set(model.ofKind('Certificate').map((c) => `${c.namespace}/${c.spec.secretName}`)));

/** A Secret the manifests declare, or one a cert-manager Certificate writes (`spec.secretName`). */
function secretDeclared(model: MeshModel, namespace: string, name: string): boolean {
  return model.get('Secret', namespace, name) !== undefined || certificateSecrets(model).has(`${namespace}/${name}`);
}

/**
 * The listener conflicts of the Gateway API spec (ListenerConditionConflicted): on one port,
 * listeners of incompatible protocols conflict (HTTPS and TLS share a port by SNI), and listeners
 * of compatible protocols conflict when their hostnames are the same.
 */
function listenerConflicts(listeners: readonly any[]): Map<number, { reason: string; message: string }> {
  const out = new Map<number, { reason: string; message: string }>();
  const compatible = (a: string, b: string) => a === b || (isTlsLike(a) && isTlsLike(b));
  listeners.forEach((a, i) => {
    listeners.forEach((b, j) => {
      if (i === j || out.has(i) || a?.port !== b?.port) return;
      if (!compatible(String(a?.protocol), String(b?.protocol))) {
        out.set(i, { reason: PROTOCOL_CONFLICT, message: `listener ${a?.name} (${a?.protocol}) shares port ${a?.port} with listener ${b?.name} (${b?.protocol})` });
      } else if ((a?.hostname ?? '') === (b?.hostname ?? '')) {
        out.set(i, { reason: HOSTNAME_CONFLICT, message: `listener ${a?.name} uses the same hostname ${a?.hostname ?? '(any)'} on port ${a?.port} as listener ${b?.name}` });
      }
    });
  });
  return out;
}

function isTlsLike(protocol: string): boolean {
  return protocol === 'HTTPS' || protocol === 'TLS';
}
