/**
 * Helpers for the translation tests: a model from YAML, and the essentials of derived objects to
 * compare with the goldens of istio/istio pilot/pkg/config/kube/gateway/testdata.
 */
import { parseAllDocuments } from 'yaml';
import { gatewayApiTranslation, GatewayApiTranslation } from '../../src/gateway-api';
import { MeshModel, Resource } from '../../src/model';

export function modelOf(yaml: string): MeshModel {
  return MeshModel.fromObjects(parseAllDocuments(yaml).map((d) => d.toJS()).filter((o) => o));
}

export function translate(yaml: string): GatewayApiTranslation {
  return gatewayApiTranslation(modelOf(yaml));
}

/** A derived VirtualService by name. */
export function virtualService(t: GatewayApiTranslation, name: string): Resource {
  const found = t.virtualServices.find((vs) => vs.name === name);
  if (!found) throw new Error(`no VirtualService ${name}; have ${t.virtualServices.map((vs) => vs.name).join(', ')}`);
  return found;
}

/** The conditions as `Kind ns/name field: Type=Reason`, to compare with a golden's status. */
export function conditionSummary(t: GatewayApiTranslation): string[] {
  return t.conditions.map((c) => `${c.resource.kind} ${c.resource.namespace}/${c.resource.name} ${c.field ?? ''}: ${c.type}=${c.reason}`);
}

/** Services the Istio tests assume exist (their fake service registry). */
export function services(namespace: string, ...names: string[]): string {
  return names.map((name) => `
---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { app: ${name} }
  ports: [{ name: http, port: 80 }]
`).join('');
}

/** One HTTP listener on port 80 open to routes of every namespace, as istiod's testdata writes them. */
export function httpListener(name: string, hostname: string): string {
  return `
  - name: ${name}
    hostname: "${hostname}"
    port: 80
    protocol: HTTP
    allowedRoutes: { namespaces: { from: All } }`;
}

/** A Gateway of class `istio` (`gateway` in istio-system unless named), with the listeners given as YAML list items. */
export function gatewayYaml(listeners: string, { name = 'gateway', namespace = 'istio-system', address }: { name?: string; namespace?: string; address?: string } = {}): string {
  return `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: ${namespace} }
spec:${address ? `\n  addresses: [{ value: ${address}, type: Hostname }]` : ''}
  gatewayClassName: istio
  listeners:${listeners}
`;
}

/** The Gateway most of istiod's testdata files start with: listener `default` for `*.domain.example` on :80. */
export const DOMAIN_GATEWAY = gatewayYaml(httpListener('default', '*.domain.example'));
