/**
 * Gateways against the pods they select (gateway.IngressGatewayPortAnalyzer, gateway.SecretAnalyzer):
 * IST0101 when the selector picks no workload or a TLS credential Secret is missing,
 * IST0162 when a server port is neither a port nor a targetPort of the Services exposing those pods.
 */
import { MeshModel, Resource, Workload } from '../../model';
import { Finding, finding } from '../finding';
import { Rule } from '../rule';
import { gatewayWorkloads, selectorOf, selectorString, servicesSelecting } from '../support/gateways';
import { arr } from '../support/schema';

export const gatewayWorkloadsRule: Rule = {
  code: 'IST0101/IST0162',
  description: 'Gateway selectors pick gateway pods whose Service exposes every server port; TLS credentials exist',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    for (const gw of model.ofKind('Gateway')) {
      const selector = selectorString(selectorOf(gw));
      const workloads = gatewayWorkloads(model, gw);
      if (workloads.length === 0) {
        out.push(finding(gw, 'IST0101', 'error', `Referenced selector not found: "${selector}" (no gateway Deployment's pods carry these labels).`,
          'select the labels of an existing gateway Deployment (the default is istio: ingressgateway) or add that Deployment'));
        continue;
      }
      out.push(...portFindings(model, gw, workloads, selector));
      out.push(...credentialFindings(model, gw, workloads));
    }
    return out;
  },
};

function portFindings(model: MeshModel, gw: Resource, workloads: Workload[], selector: string): Finding[] {
  // Gateway server ports are Service ports (istiod maps them to the targetPort) or the targetPorts themselves.
  const exposed = new Set<number>();
  for (const w of workloads) {
    for (const svc of servicesSelecting(model, w)) {
      for (const p of svc.ports) {
        if (String(p.protocol ?? 'TCP').toUpperCase() !== 'TCP') continue;
        exposed.add(p.port);
        if (typeof p.targetPort === 'number') exposed.add(p.targetPort);
      }
    }
  }
  const out: Finding[] = [];
  for (const server of arr(gw.spec.servers)) {
    const port = server?.port?.number;
    if (typeof port !== 'number' || exposed.has(port)) continue;
    out.push(finding(gw, 'IST0162', 'warning',
      `The gateway is listening on a target port (port ${port}) that is not defined in the Service associated with its workload instances (Pod selector ${selector}). If you need to access the gateway port through the gateway Service, it will not be available.`,
      `add port ${port} to the gateway's Service, or use one of its ports (${[...exposed].sort((a, b) => a - b).join(', ') || 'none'})`));
  }
  return out;
}

/** A TLS server's credentialName must name a Secret (or a cert-manager Certificate's secret) where the gateway pods run. */
function credentialFindings(model: MeshModel, gw: Resource, workloads: Workload[]): Finding[] {
  const namespaces = [...new Set(workloads.map((w) => w.namespace))].sort();
  const out: Finding[] = [];
  for (const server of arr(gw.spec.servers)) {
    const name = server?.tls?.credentialName;
    if (typeof name !== 'string' || name === '') continue;
    const found = namespaces.some((ns) => model.get('Secret', ns, name)
      || model.ofKind('Certificate').some((c) => c.namespace === ns && c.spec.secretName === name));
    if (!found) {
      out.push(finding(gw, 'IST0101', 'error', `Referenced credentialName not found: "${name}" (no Secret ${name} in ${namespaces.join(', ')}, where the gateway pods run).`,
        `create Secret ${name} (tls.crt/tls.key) in namespace ${namespaces[0]}`));
    }
  }
  return out;
}
