/**
 * Team ownership (issue 11): `check` enforces who may serve, bind and configure what, on any
 * manifests. Each rule has a case that triggers it and a near miss that must not, in Istio's own
 * test shape `{ name, in, valid }`; then the "hijack" scenarios as plain manifests.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing, Yaml } from 'cdk8s';
import { check, checkFiles, Finding, hasErrors } from '../../src/analysis';
import { Team, VersionedService } from '../../src/constructs';
import { MeshModel } from '../../src/model';
import { buildExample, EXAMPLES, synthObjects } from '../support/examples';
import { findingsOf, gateway, withCode, serviceYaml } from './helpers';

const http80 = (...hosts: string[]) => `  - port: { number: 80, name: http, protocol: HTTP }\n    hosts: [ ${hosts.map((h) => `"${h}"`).join(', ')} ]\n`;
const https443 = (host: string) => `  - port: { number: 443, name: https, protocol: HTTPS }\n    hosts: [ "${host}" ]\n    tls: { mode: PASSTHROUGH }\n`;

/** A VirtualService `web` in `ns` for `hosts`, bound to `gateways`, with `extra` spec lines. */
const vs = (ns: string, hosts: string[], gateways: string[], extra = '') => `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web, namespace: ${ns} }
spec:
  hosts: [ ${hosts.map((h) => `"${h}"`).join(', ')} ]
  gateways: [ ${gateways.join(', ')} ]
${extra}  http: [ { route: [ { destination: { host: web.${ns}.svc.cluster.local } } ] } ]
`;

/** A Gateway `gw` of namespace `ns` on its own gateway pods (`selector`), serving `servers`. */
const teamGateway = (ns: string, servers: string, selector = `gateway-name: gw, gateway-namespace: ${ns}`) => `
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: ${ns} }
spec:
  selector: { ${selector} }
  servers:
${servers}`;

const service = serviceYaml;

const configMap = (apiVersion: string, ns: string, name: string, data = 'a: "1"') => `
---
apiVersion: ${apiVersion}
kind: ConfigMap
metadata: { name: ${name}, namespace: ${ns} }
data: { ${data} }
`;

/** A mesh-bound object in namespace `ns` of `kind` declaring `host`, with `exportTo` lines. */
const hostConfig = (kind: 'VirtualService' | 'DestinationRule' | 'ServiceEntry', ns: string, host: string, exportTo = '') => {
  const spec = {
    VirtualService: `  hosts: [ ${host} ]\n  http: [ { route: [ { destination: { host: ${host} } } ] } ]\n`,
    DestinationRule: `  host: ${host}\n  trafficPolicy: { loadBalancer: { simple: ROUND_ROBIN } }\n`,
    ServiceEntry: `  hosts: [ ${host} ]\n  ports: [ { number: 80, name: http, protocol: HTTP } ]\n  resolution: DNS\n  location: MESH_INTERNAL\n`,
  }[kind];
  return `
---
apiVersion: networking.istio.io/v1
kind: ${kind}
metadata: { name: takeover, namespace: ${ns} }
spec:
${exportTo}${spec}`;
};

interface Case { readonly name: string; readonly in: string; readonly valid: boolean; readonly says?: string }

/** Runs a table of one code: invalid cases report it as an error saying `says`; valid ones not at all. */
function table(code: string, cases: readonly Case[]): void {
  it.each(cases)(`${code} $name`, (c) => {
    const found = withCode(findingsOf(c.in), code);
    if (c.valid) {
      expect(found.map((f) => f.message)).toEqual([]);
      return;
    }
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.severity === 'error' && f.message.includes(' Fix: '))).toBe(true);
    if (c.says) expect(found.map((f) => f.message).join('\n')).toContain(c.says);
  });
}

describe('CIT101 GatewayPodsSharedAcrossNamespaces is an error', () => {
  table('CIT101', [
    { name: 'two namespaces select the default ingress pods', in: gateway('gw', 'a', http80('a.example.com')) + gateway('gw', 'b', http80('b.example.com')), valid: false, says: 'Gateway a/gw and Gateway b/gw (another namespace) both select the pods of Deployment istio-system/istio-ingressgateway' },
    { name: 'one namespace, two Gateways on the same pods', in: gateway('gw', 'a', http80('a.example.com')) + gateway('gw-2', 'a', http80('b.example.com')), valid: true },
  ]);
});

// istiod: networking/core/gateway.go buildGatewayHTTPRouteConfig intersects the VirtualService
// hosts with host.NamesForNamespace(server.Hosts, vs.Namespace) after model/gateway.go
// sanitizeServerHostNamespace; push_context.go VirtualServicesForGateway filters by exportTo.
describe('CIT104 GatewayBindingNotAdmitted', () => {
  const gwB = (host: string) => teamGateway('b', http80(host));
  table('CIT104', [
    { name: './host of another namespace\'s Gateway', in: gwB('./b.example.com') + vs('a', ['b.example.com'], ['b/gw']), valid: false, says: 'VirtualService a/web binds host b.example.com to Gateway b/gw, whose matching server hosts [./b.example.com] admit only namespace b; istiod silently ignores the binding for namespace a' },
    { name: './host of the VirtualService\'s own namespace', in: gwB('./b.example.com') + vs('b', ['b.example.com'], ['gw']), valid: true },
    { name: 'ns/host naming another namespace', in: gwB('c/b.example.com') + vs('a', ['b.example.com'], ['b/gw']), valid: false, says: 'admit only namespace c' },
    { name: 'ns/host naming the VirtualService\'s namespace', in: gwB('a/b.example.com') + vs('a', ['b.example.com'], ['b/gw']), valid: true },
    { name: 'bare host admits every namespace', in: gwB('b.example.com') + vs('a', ['b.example.com'], ['b/gw']), valid: true },
    { name: '*/host admits every namespace', in: gwB('*/b.example.com') + vs('a', ['b.example.com'], ['b/gw']), valid: true },
    { name: '*/* admits every namespace and name', in: gwB('*/*') + vs('a', ['b.example.com'], ['b/gw']), valid: true },
    { name: 'reserved wildcard server host covering the VirtualService host', in: gwB('./*.example.com') + vs('a', ['shop.example.com'], ['b/gw']), valid: false, says: 'binds host shop.example.com' },
    { name: 'wildcard VirtualService host served under its namespace on one server host', in: teamGateway('b', http80('./b.example.com', 'a/a.example.com')) + vs('a', ['*.example.com'], ['b/gw']), valid: true },
    { name: 'bound only by a match\'s gateways', in: gwB('./b.example.com') + gateway('gw', 'a', http80('b.example.com')) + vs('a', ['b.example.com'], ['gw']).replace('http: [ { route:', 'http: [ { match: [ { gateways: [ b/gw ] } ], route:'), valid: false, says: 'to Gateway b/gw' },
    { name: 'exportTo hides it from the namespace of the gateway pods', in: gateway('gw', 'a', http80('a.example.com')) + vs('a', ['a.example.com'], ['gw'], '  exportTo: [ "." ]\n'), valid: false, says: 'VirtualService a/web (exportTo [.]) is bound to Gateway a/gw, but is not exported to namespace istio-system, where that Gateway\'s pods run' },
    { name: 'exportTo includes the namespace of the gateway pods', in: gateway('gw', 'a', http80('a.example.com')) + vs('a', ['a.example.com'], ['gw'], '  exportTo: [ ".", istio-system ]\n'), valid: true },
  ]);

  it('leaves a host no server serves to IST0132, and reports a reserved host only as CIT104', () => {
    const unserved = findingsOf(teamGateway('b', http80('./b.example.com')) + vs('a', ['c.example.com'], ['b/gw']));
    expect(withCode(unserved, 'CIT104')).toEqual([]);
    expect(withCode(unserved, 'IST0132')).toHaveLength(1);
    const reserved = findingsOf(teamGateway('b', http80('./b.example.com')) + vs('a', ['b.example.com'], ['b/gw']));
    expect(withCode(reserved, 'CIT104')).toHaveLength(1);
    expect(withCode(reserved, 'IST0132')).toEqual([]);
  });

  it('reports each VirtualService host the Gateway reserves for another namespace', () => {
    const found = withCode(findingsOf(teamGateway('b', http80('./b.example.com', 'a/a.example.com', './c.example.com')) + vs('a', ['a.example.com', 'b.example.com', 'c.example.com'], ['b/gw'])), 'CIT104');
    expect(found.map((f) => f.message.split(' to Gateway')[0])).toEqual([
      'VirtualService a/web binds host b.example.com',
      'VirtualService a/web binds host c.example.com',
    ]);
  });
});

describe('CIT105 PublicHostClaimedByTwoNamespaces', () => {
  table('CIT105', [
    { name: 'the same host in two namespaces', in: teamGateway('a', http80('shop.example.com')) + teamGateway('b', http80('shop.example.com')), valid: false, says: 'Gateway a/gw and Gateway b/gw (another namespace) both serve the public host shop.example.com' },
    { name: 'different hosts in two namespaces', in: teamGateway('a', http80('shop.example.com')) + teamGateway('b', http80('cart.example.com')), valid: true },
    { name: 'a wildcard covering another namespace\'s host', in: teamGateway('a', http80('*.example.com')) + teamGateway('b', http80('shop.example.com')), valid: false, says: 'both serve the public host *.example.com (theirs: shop.example.com)' },
    { name: 'a wildcard of another domain', in: teamGateway('a', http80('*.example.org')) + teamGateway('b', http80('shop.example.com')), valid: true },
    { name: 'the same host on another port', in: teamGateway('a', http80('shop.example.com')) + teamGateway('b', https443('shop.example.com')), valid: false, says: 'shop.example.com' },
    { name: 'namespace parts do not make two names', in: teamGateway('a', http80('./shop.example.com')) + teamGateway('b', http80('a/shop.example.com')), valid: false, says: 'shop.example.com' },
    { name: 'two Gateways of one namespace', in: teamGateway('a', http80('shop.example.com')) + teamGateway('a', http80('shop.example.com')).replace('name: gw,', 'name: gw-2,'), valid: true },
    { name: 'egress gateways of two namespaces for one outside host', in: teamGateway('a', http80('api.stripe.com'), 'istio: egressgateway') + teamGateway('b', http80('api.stripe.com'), 'gateway-type: egress, gateway-namespace: b'), valid: true },
  ]);
});

describe('CIT106 DuplicateObjectIdentity', () => {
  table('CIT106', [
    { name: 'two different objects with one identity', in: configMap('v1', 'a', 'settings') + configMap('v1', 'a', 'settings', 'a: "2"'), valid: false, says: 'ConfigMap a/settings is in the input twice (also at inline.yaml:3); Kubernetes keeps one object per identity, so applying both makes this copy replace the other, and the two differ' },
    { name: 'identical copies', in: configMap('v1', 'a', 'settings') + configMap('v1', 'a', 'settings'), valid: false, says: 'the two identical copies are owned by two sources' },
    { name: 'two API versions of one group name one object', in: teamGateway('a', http80('a.example.com')) + teamGateway('a', http80('b.example.com')).replace('networking.istio.io/v1', 'networking.istio.io/v1beta1'), valid: false, says: 'Gateway.networking.istio.io a/gw is in the input twice' },
    { name: 'one name in two namespaces', in: configMap('v1', 'a', 'settings') + configMap('v1', 'b', 'settings'), valid: true },
    { name: 'one name, two kinds', in: service('web', 'a') + configMap('v1', 'a', 'web'), valid: true },
    { name: 'one kind name in two API groups', in: configMap('v1', 'a', 'settings') + configMap('example.com/v1', 'a', 'settings'), valid: true },
  ]);
});

// DestinationRules are absent on purpose: istiod applies them only from the caller's, the
// service's or the root namespace (push_context.go destinationRule), see the DR scenario below.
describe('CIT107 ForeignServiceHostExported', () => {
  const B_SVC = service('reviews', 'b');
  const HOST = 'reviews.b.svc.cluster.local';
  table('CIT107', [
    { name: 'mesh VirtualService for another namespace\'s Service, no exportTo', in: B_SVC + hostConfig('VirtualService', 'a', HOST), valid: false, says: `VirtualService a/takeover declares ${HOST} of namespace b's Service(s) and is exported to every namespace (no exportTo), beyond namespace a` },
    { name: 'mesh VirtualService with exportTo ["."]', in: B_SVC + hostConfig('VirtualService', 'a', HOST, '  exportTo: [ "." ]\n'), valid: true },
    { name: 'mesh VirtualService exported to its owner\'s namespace', in: B_SVC + hostConfig('VirtualService', 'a', HOST, '  exportTo: [ ".", b ]\n'), valid: false, says: 'exported to [. b]' },
    { name: 'gateway-only VirtualService', in: B_SVC + hostConfig('VirtualService', 'a', HOST).replace('  hosts:', '  gateways: [ a/gw ]\n  hosts:'), valid: true },
    { name: 'ServiceEntry for another namespace\'s Service host', in: B_SVC + hostConfig('ServiceEntry', 'a', HOST), valid: false, says: `ServiceEntry a/takeover declares ${HOST}` },
    { name: 'ServiceEntry with exportTo ["."]', in: B_SVC + hostConfig('ServiceEntry', 'a', HOST, '  exportTo: [ "." ]\n'), valid: true },
    { name: 'wildcard covering other namespaces\' Services', in: B_SVC + service('ratings', 'c') + hostConfig('VirtualService', 'a', '"*.svc.cluster.local"'), valid: false, says: 'of namespace b\'s Service(s)' },
    { name: 'own namespace\'s Service host', in: service('reviews', 'a') + hostConfig('VirtualService', 'a', 'reviews.a.svc.cluster.local'), valid: true },
    { name: 'short name (resolves into its own namespace)', in: B_SVC + hostConfig('VirtualService', 'a', 'reviews'), valid: true },
    { name: 'root namespace configures the mesh', in: B_SVC + hostConfig('VirtualService', 'istio-system', HOST), valid: true },
    { name: 'an outside host', in: hostConfig('ServiceEntry', 'a', 'api.stripe.com'), valid: true },
  ]);
});

describe('hijack scenarios', () => {
  const teamBGateway = (host: string) => teamGateway('b', http80(host)).replace('name: gw,', 'name: gw-b,');

  it('(a) team A binds to b/gw-b: refused under ./b.example.com, accepted under a/b.example.com', () => {
    const refused = findingsOf(teamBGateway('./b.example.com') + vs('a', ['b.example.com'], ['b/gw-b']));
    expect(withCode(refused, 'CIT104').map((f) => `${f.namespace}/${f.name}`)).toEqual(['a/web']);
    const admitted = findingsOf(teamBGateway('a/b.example.com') + vs('a', ['b.example.com'], ['b/gw-b']));
    expect(withCode(admitted, 'CIT104')).toEqual([]);
  });

  it('(b) two teams\' Gateways serving shop.example.com: each Gateway is reported', () => {
    const found = withCode(findingsOf(teamGateway('a', http80('shop.example.com')) + teamGateway('b', https443('shop.example.com'))), 'CIT105');
    expect(found.map((f) => `${f.severity} ${f.namespace}/${f.name}`)).toEqual(['error a/gw', 'error b/gw']);
  });

  it('(c) two Team charts for one namespace: refused in one app; from two apps, check reports the duplicates', () => {
    const app = Testing.app();
    new Team(app, 'x1', { namespace: 'x' });
    expect(() => new Team(app, 'x2', { namespace: 'x' })).toThrow(/CIT018 x2: namespace x already belongs to the Team at x1/);

    // Two chart repos cannot see each other: only the whole input shows the clash.
    const charts = ['x1', 'x2'].map((id) => {
      const team = new Team(Testing.app(), id, { namespace: 'x' });
      new VersionedService(team, 'web', { versions: [{ name: 'v1', image: `web:${id}` }] });
      return team;
    });
    const objects = charts.flatMap((chart) => Testing.synth(chart));
    const duplicates = withCode(check(MeshModel.fromObjects(objects)), 'CIT106');
    expect(duplicates.map((f) => `${f.kind} ${f.namespace}/${f.name}`)).toEqual(expect.arrayContaining(['Namespace /x', 'Service x/web', 'Deployment x/web-v1', 'Sidecar x/default']));
    expect(duplicates.find((f) => f.kind === 'Deployment')!.message).toContain('the two differ');

    // From two dist folders, as `kubectl apply -f` would see them: the finding names both files.
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'cit-ownership-'));
    charts.forEach((chart) => {
      fs.mkdirSync(path.join(dist, chart.node.id));
      fs.writeFileSync(path.join(dist, chart.node.id, 'team.k8s.yaml'), Yaml.stringify(...Testing.synth(chart)));
    });
    const fromFiles = withCode(checkFiles([dist]), 'CIT106').find((f) => f.kind === 'Deployment')!;
    expect(fromFiles.source?.file).toBe(path.join(dist, 'x2', 'team.k8s.yaml'));
    expect(fromFiles.message).toContain(`also at ${path.join(dist, 'x1', 'team.k8s.yaml')}:`);
  });

  it('(d) team A configures team B\'s service host: DestinationRule stays A\'s, VirtualService and ServiceEntry need exportTo ["."]', () => {
    const B_SVC = service('reviews', 'b');
    const HOST = 'reviews.b.svc.cluster.local';
    // A DestinationRule of A for B's host never reaches callers outside A, with or without exportTo.
    expect(withCode(findingsOf(B_SVC + hostConfig('DestinationRule', 'a', HOST)), 'CIT107')).toEqual([]);
    expect(withCode(findingsOf(B_SVC + hostConfig('VirtualService', 'a', HOST)), 'CIT107')).toHaveLength(1);
    expect(withCode(findingsOf(B_SVC + hostConfig('VirtualService', 'a', HOST, '  exportTo: [ "." ]\n')), 'CIT107')).toEqual([]);
  });
});

describe('the library\'s examples', () => {
  it.each(Object.keys(EXAMPLES))('%s passes the ownership checks', (name) => {
    const found: Finding[] = check(MeshModel.fromObjects(synthObjects(buildExample(name) as App)));
    expect(found.filter((f) => /^CIT10[1-7]$/.test(f.code))).toEqual([]);
    expect(hasErrors(found)).toBe(false);
  });
});
