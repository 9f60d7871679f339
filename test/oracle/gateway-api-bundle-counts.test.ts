/**
 * The oracle must see, compile and run every CEL rule of the Gateway API v1.5.1 standard CRDs.
 * Its count (a structural walk of properties/items/additionalProperties of each served version)
 * is checked against a blind count: every `x-kubernetes-validations` list anywhere in the raw
 * YAML of that version, found by a generic walk over all keys.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { GATEWAY_API_BUNDLE } from '../../scripts/crd-schemas';
import { compiledRules } from '../../src/analysis/apiserver/cel-rules';
import { toCelValue } from '../../src/analysis/apiserver/cel-values';
import { gvkKey } from '../../src/analysis/apiserver/crd-types';
import { loadGatewayApiBundle } from '../../src/analysis/apiserver/installed-crds';
import { blindCount } from './rule-stats';

const BUNDLE_PATH = path.resolve(__dirname, '..', '..', GATEWAY_API_BUNDLE);

describe('Gateway API v1.5.1 standard CRDs: CEL rule counts', () => {
  const blind = new Map<string, { rules: number; oldSelf: number }>();
  for (const doc of parseAllDocuments(fs.readFileSync(BUNDLE_PATH, 'utf8'))) {
    const crd = doc.toJS() as any;
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    for (const v of crd.spec.versions) if (v.served) blind.set(`${crd.spec.names.kind}/${v.name}`, blindCount(v.schema));
  }
  const bundle = loadGatewayApiBundle();
  const compiled = new Map(bundle.versions.map((v) => [`${v.kind}/${v.version}`, compiledRules(v).rules]));

  it('per served version, the oracle collects exactly the rules present in the YAML', () => {
    const expected: Record<string, number> = {
      'GatewayClass/v1': 1, 'GatewayClass/v1beta1': 1, 'Gateway/v1': 16, 'Gateway/v1beta1': 16,
      'HTTPRoute/v1': 89, 'HTTPRoute/v1beta1': 89, 'GRPCRoute/v1': 33, 'ReferenceGrant/v1': 0, 'ReferenceGrant/v1beta1': 0,
      'BackendTLSPolicy/v1': 8, 'ListenerSet/v1': 7, 'TLSRoute/v1': 6,
    };
    expect([...compiled.keys()].sort()).toEqual([...blind.keys()].sort());
    for (const [key, rules] of compiled) {
      expect({ key, total: rules.length }).toEqual({ key, total: blind.get(key)!.rules });
      expect({ key, total: rules.length }).toEqual({ key, total: expected[key] });
    }
    expect([...compiled.values()].reduce((n, rules) => n + rules.length, 0)).toBe(266);
  });

  it('every create rule compiles to a program; the one transition rule (GatewayClass controllerName immutable) is skipped on create', () => {
    const all = [...compiled.values()].flat();
    const transition = all.filter((r) => r.status === 'transition');
    expect(transition.map((r) => `${r.id} ${r.spec.rule}`)).toEqual([
      'GatewayClass/v1.spec.controllerName#0 self == oldSelf',
      'GatewayClass/v1beta1.spec.controllerName#0 self == oldSelf',
    ]);
    expect(transition.length).toBe([...blind.values()].reduce((n, b) => n + b.oldSelf, 0));
    expect(all.filter((r) => r.status === 'unsupported')).toEqual([]);
    const live = all.filter((r) => r.status === 'create');
    expect(live).toHaveLength(264);
    expect(live.filter((r) => typeof r.program !== 'function').map((r) => r.id)).toEqual([]);
  });

  it('the one status rule (run on status updates, never on create) evaluates too', () => {
    const crd = bundle.byGvk.get(gvkKey('gateway.networking.k8s.io', 'v1', 'Gateway'))!;
    const statusRules = compiledRules(crd).rules.filter((r) => r.schemaPath.startsWith('.status'));
    expect(statusRules.map((r) => r.id)).toEqual(['Gateway/v1.status.addresses[]#0']);
    const itemSchema = crd.schema.properties!.status!.properties!.addresses!.items!;
    const run = (address: object) => statusRules[0]!.program!({ self: toCelValue(address, itemSchema) });
    expect(run({ type: 'Hostname', value: 'lb.example.com' })).toBe(true);
    expect(run({ type: 'Hostname', value: 'LB.example.com' })).toBe(false);
    expect(run({ type: 'IPAddress', value: '10.0.0.1' })).toBe(true);
  });

  it('the 266 rules are 79 distinct texts (programs are shared by text)', () => {
    const texts = new Set([...compiled.values()].flat().map((r) => r.spec.rule));
    expect(texts.size).toBe(79);
  });
});
