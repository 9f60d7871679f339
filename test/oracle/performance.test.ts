/**
 * The oracle runs over thousands of generated objects in property tests, and `check` over every
 * Istio object of a mesh: CEL programs must be compiled once per CRD version and reused, not per
 * object. Asserted by identity, not by a
 * timer (timings belong in `npm run bench`, not in jest on a shared machine).
 */
import { loadGatewayApiBundle } from '../../src/analysis/apiserver/installed-crds';
import { loadIstioBundle } from '../../src/analysis/apiserver/istio-crds';
import { compiledRules } from '../../src/analysis/apiserver/cel-rules';
import { validateAgainstCrds } from '../../src/analysis/apiserver/validate';
import { VALID_OBJECTS } from './fixtures';

describe('oracle compiles once', () => {
  it('reuses the compiled CEL rules of a CRD version across objects', () => {
    const crd = loadIstioBundle().versions.find((v) => v.kind === 'VirtualService' && v.version === 'v1')!;
    expect(compiledRules(crd)).toBe(compiledRules(crd));
    expect(compiledRules(crd).rules[0]!.program).toBeDefined();
    expect(loadIstioBundle()).toBe(loadIstioBundle());
  });

  it('validates 3,500 objects, all valid, with the same compiled artefacts', () => {
    const makers = Object.values(VALID_OBJECTS);
    let failures = 0;
    for (let i = 0; i < 3500; i++) {
      const obj = makers[i % makers.length]!();
      if (i % 2 === 1) obj.metadata.name = `n-${i}`;
      if (!validateAgainstCrds(obj).ok) failures++;
    }
    expect(failures).toBe(0);
  });
});

describe('the Gateway API bundle is loaded only when needed', () => {
  const GATEWAY_API_MODULE = '../../src/analysis/apiserver/gateway-api-crds';
  afterEach(() => { jest.dontMock(GATEWAY_API_MODULE); });

  it('checking Istio objects never loads it; the first Gateway API object does', () => {
    jest.isolateModules(() => {
      jest.doMock(GATEWAY_API_MODULE, () => { throw new Error('Gateway API CRDs loaded'); });
      const { validateManifest } = require('../../src/analysis/apiserver/validate') as typeof import('../../src/analysis/apiserver/validate');
      const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'n' } };
      expect(validateManifest([...Object.values(VALID_OBJECTS).map((make) => make()), service]).ok).toBe(true);
      const route = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'n' }, spec: {} };
      expect(() => validateManifest([route])).toThrow('Gateway API CRDs loaded');
    });
  });

  it('the check rule on an Istio-only model never loads it either', () => {
    jest.isolateModules(() => {
      jest.doMock(GATEWAY_API_MODULE, () => { throw new Error('Gateway API CRDs loaded'); });
      const { apiServerValidation } = require('../../src/analysis/rules/apiserver-validation') as typeof import('../../src/analysis/rules/apiserver-validation');
      const { MeshModel } = require('../../src/model') as typeof import('../../src/model');
      const model = MeshModel.fromObjects(Object.values(VALID_OBJECTS).map((make) => make()));
      expect(apiServerValidation.run(model)).toEqual([]);
    });
  });

  it('indexes it once per process', () => {
    expect(loadGatewayApiBundle()).toBe(loadGatewayApiBundle());
  });
});
