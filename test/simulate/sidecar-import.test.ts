/**
 * A Sidecar's egress hosts import VirtualServices whole: istiod (pilot/pkg/model/sidecar.go
 * SelectVirtualServices, hostClassification.VSMatches) takes a VirtualService into the egress
 * listener when ANY of its hosts matches an imported host, and then builds routes for all of its
 * hosts (route.go buildSidecarVirtualHostsForVirtualService: a host whose Service the Sidecar
 * hides is a host outside the caller's registry, built on port 80). Topology:
 * test/simulate/topology.ts; the caller is in `ops` under a Sidecar listing `shop/` hosts.
 */
import { MeshEnvironment, MeshModel } from '../../src/model';
import { explain, Explanation } from '../../src/simulate';
import { expectWithTrace } from './with-trace';
import { API, base, vs, web, WEB } from './topology';

const REGISTRY_ONLY: MeshEnvironment = { outboundTrafficPolicy: 'REGISTRY_ONLY' };
const sidecar = (hosts: string[]) => ({
  apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace: 'ops' }, spec: { egress: [{ hosts }] },
});
/** One VirtualService for web and api, sending both to web v2. */
const both = vs('both', { hosts: ['web', 'api'], http: [{ route: [web('v2')] }] });

function run(objects: readonly any[], host: string, port = 80): Explanation {
  const model = MeshModel.fromObjects([...base(), ...objects], REGISTRY_ONLY);
  return explain(model, { from: { namespace: 'ops' }, host, port, path: '/' });
}

describe('Sidecar egress hosts import a VirtualService whole (sidecar.go SelectVirtualServices)', () => {
  it('importing web brings the VirtualService\'s api host along: api is routed by it, though its Service is hidden', () => {
    const result = run([sidecar([`shop/${WEB}`]), both], API);
    expectWithTrace(result, () => {
      expect([result.outcome, result.hops[0].virtualService]).toEqual(['routed', 'shop/both']);
      expect(result.destinations.map((d) => d.subset)).toEqual(['v2']);
    });
  });

  it('near miss: a Sidecar importing neither host does not import the VirtualService: api is hidden and blocked', () => {
    const result = run([sidecar(['shop/other.shop.svc.cluster.local']), both], API);
    expectWithTrace(result, () => {
      expect([result.outcome, result.status, result.hops[0].virtualService]).toEqual(['blocked', 502, undefined]);
      expect(result.hops[0].notes.join('\n')).toContain(`${API} is Service shop/api, but Sidecar ops/default egress hosts`);
    });
  });

  it('the imported host is routed as before', () => {
    const result = run([sidecar([`shop/${WEB}`]), both], WEB);
    expectWithTrace(result, () => expect([result.outcome, result.hops[0].virtualService]).toEqual(['routed', 'shop/both']));
  });

  it('the hidden host rides on port 80 only: on 8080 the imported VirtualService does not apply to api', () => {
    const result = run([sidecar([`shop/${WEB}`]), both], API, 8080);
    expectWithTrace(result, () => {
      expect([result.outcome, result.status]).toEqual(['blocked', 502]);
      expect(result.hops[0].notes.join('\n')).toContain('VirtualService shop/both does not apply on port 8080');
    });
  });

  it('a wildcard VirtualService host is imported by an exact egress host it covers (VSMatches is bidirectional)', () => {
    const wild = vs('wild', { hosts: ['*.shop.svc.cluster.local'], http: [{ route: [web('v2')] }] });
    const result = run([sidecar([`shop/${WEB}`]), wild], WEB);
    expectWithTrace(result, () => expect([result.outcome, result.hops[0].virtualService]).toEqual(['routed', 'shop/wild']));
  });
});

describe("a root-namespace Sidecar's `.` is the caller's namespace (push_context.go getSidecarScope)", () => {
  const rootSidecar = {
    apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace: 'istio-system' }, spec: { egress: [{ hosts: ['./*'] }] },
  };
  const from = (namespace: string) => explain(MeshModel.fromObjects([...base(), rootSidecar], REGISTRY_ONLY), { from: { namespace }, host: WEB, path: '/' });

  it('a caller in shop sees shop\'s services through the root Sidecar\'s ./*', () => {
    const result = from('shop');
    expectWithTrace(result, () => expect([result.outcome, result.destinations.map((d) => d.host)]).toEqual(['routed', [WEB]]));
  });

  it('near miss: a caller in ops does not see shop\'s services through the same ./*', () => {
    const result = from('ops');
    expectWithTrace(result, () => expect([result.outcome, result.status]).toEqual(['blocked', 502]));
  });
});
