/**
 * The seeds' own manifests, as written in the articles, check exactly as istioctl analyze would.
 */
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { checkApp, checkFiles, hasErrors } from '../../src/analysis';

const SEEDS = path.join(__dirname, '..', 'fixtures', 'check', 'seeds');
const brief = (f: { code: string; severity: string; kind: string; namespace: string; name: string }) => `${f.severity} ${f.code} ${f.kind} ${f.namespace}/${f.name}`;

describe('seed manifests', () => {
  it('seed 001 (website 90/10 through the default ingress gateway) checks clean', () => {
    expect(checkFiles([path.join(SEEDS, '001-website.yaml')])).toEqual([]);
  });

  it('seed 004 (httpbin through an egress MeshGateway) reports only what the operator would create', () => {
    const findings = checkFiles([path.join(SEEDS, '004-httpbin-egress.yaml')]);
    // The article's manifests rely on objects the Banzai operator creates from the MeshGateway CR:
    // the `egress` Deployment (selected by the Gateway) and Service (the sidecar hop's destination).
    expect(findings.map(brief)).toEqual([
      'error IST0101 Gateway default/egress',
      'error IST0101 VirtualService default/httpbin-egress',
    ]);
    expect(findings[0].message).toContain('Referenced selector not found: "gateway-name=egress,gateway-type=egress"');
    expect(findings[1].message).toContain('Referenced host not found: "egress.default.svc.cluster.local"');
    expect(findings[0].source).toEqual({ file: path.join(SEEDS, '004-httpbin-egress.yaml'), line: 35 });
  });

  it('seed 004 with the operator-created egress Deployment and Service checks clean, also under REGISTRY_ONLY', () => {
    const files = [path.join(SEEDS, '004-httpbin-egress.yaml'), path.join(SEEDS, '004-operator-objects.yaml')];
    expect(checkFiles(files)).toEqual([]);
    expect(checkFiles(files, { outboundTrafficPolicy: 'REGISTRY_ONLY' })).toEqual([]);
  });

  it('seed 004 without the ServiceEntry under REGISTRY_ONLY: httpbin.org is blackholed', () => {
    const model = new App();
    const chart = new Chart(model, 'egress', { namespace: 'default' });
    new ApiObject(chart, 'vs', {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'httpbin' },
      spec: { hosts: ['httpbin.org'], http: [{ route: [{ destination: { host: 'httpbin.org' } }] }] },
    });
    const findings = checkApp(model, { outboundTrafficPolicy: 'REGISTRY_ONLY' });
    expect(findings.map((f) => f.code)).toEqual(['CIT103', 'IST0101']);
    expect(hasErrors(findings)).toBe(true);
    expect(findings[0].message).toContain('add a ServiceEntry for httpbin.org');
  });
});
