/**
 * Every example on the Gateway API synthesises deterministically to the manifests in its
 * snapshot, passes the v1.5.1 CRD schemas and CEL rules, and `check` finds nothing in it — not
 * a status condition istiod would write, not an analyzer warning.
 */
import { check } from '../src/analysis';
import { validateManifest } from '../src/analysis/apiserver/validate';
import { MeshModel } from '../src/model';
import { buildGatewayApiExample, GATEWAY_API_EXAMPLES, synthObjects, synthYamlByChart } from './support/examples';

describe.each(Object.keys(GATEWAY_API_EXAMPLES))('example %s on the Gateway API', (name) => {
  test('matches its snapshot', () => {
    expect(synthYamlByChart(buildGatewayApiExample(name))).toMatchSnapshot();
  });

  test('synthesises byte-identical YAML twice', () => {
    expect(synthYamlByChart(buildGatewayApiExample(name))).toEqual(synthYamlByChart(buildGatewayApiExample(name)));
  });

  test('writes Gateway API objects, and the API server would accept every object', () => {
    const objects = synthObjects(buildGatewayApiExample(name));
    expect(objects.filter((o) => o.apiVersion === 'gateway.networking.k8s.io/v1').map((o) => o.kind)).toEqual(expect.arrayContaining(['Gateway', 'HTTPRoute']));
    const result = validateManifest(objects);
    expect(result.violations).toEqual([]);
  });

  test('check finds nothing', () => {
    const findings = check(MeshModel.fromObjects(synthObjects(buildGatewayApiExample(name))));
    expect(findings.map((f) => `${f.severity} ${f.code} ${f.kind} ${f.namespace}/${f.name}: ${f.message}`)).toEqual([]);
  });
});
