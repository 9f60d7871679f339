/**
 * The oracle must see every CEL rule of the seven kinds we emit. Its count (a structural walk
 * of properties/items/additionalProperties) is checked against a blind count: every
 * `x-kubernetes-validations` list anywhere in the raw YAML of the v1 version, found by a
 * generic walk over all keys. The issue states 89 in total and 77 in the five networking kinds.
 */
import * as fs from 'fs';
import { parseAllDocuments } from 'yaml';
import * as path from 'path';
import { ISTIO_BUNDLE } from '../../scripts/crd-schemas';
import { blindCount, crdRuleStats, ISTIO_KINDS_V1 } from './rule-stats';

const BUNDLE_PATH = path.resolve(__dirname, '..', '..', ISTIO_BUNDLE);

describe('Istio 1.30.3 CRD bundle: CEL rule counts', () => {
  const docs = parseAllDocuments(fs.readFileSync(BUNDLE_PATH, 'utf8')).map((d) => d.toJS() as any);
  const blind = new Map<string, { rules: number; oldSelf: number }>();
  for (const d of docs) {
    if (d?.kind !== 'CustomResourceDefinition') continue;
    const v1 = d.spec.versions.find((v: any) => v.name === 'v1');
    if (v1) blind.set(d.spec.names.kind, blindCount(v1.schema));
  }
  const stats = crdRuleStats();

  it('per kind, the oracle collects exactly the rules present in the YAML', () => {
    const expected: Record<string, number> = {
      Gateway: 3, VirtualService: 6, DestinationRule: 39, ServiceEntry: 15, Sidecar: 14,
      PeerAuthentication: 5, AuthorizationPolicy: 7,
    };
    for (const s of stats) {
      expect({ kind: s.kind, total: s.total }).toEqual({ kind: s.kind, total: blind.get(s.kind)!.rules });
      expect({ kind: s.kind, total: s.total }).toEqual({ kind: s.kind, total: expected[s.kind] });
    }
    expect(stats.map((s) => s.kind).sort()).toEqual(ISTIO_KINDS_V1.map((k) => k.kind).sort());
  });

  it('totals match the issue: 89 across the seven kinds, 77 in the five networking kinds', () => {
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(stats.map((s) => s.total))).toBe(89);
    expect(sum(stats.filter((s) => s.group === 'networking.istio.io').map((s) => s.total))).toBe(77);
  });

  it('no rule is a transition rule, so every rule runs on create', () => {
    for (const s of stats) {
      expect(s.transition).toBe(blind.get(s.kind)!.oldSelf);
      expect(s.transition).toBe(0);
      expect(s.unsupported).toBe(0);
      expect(s.evaluatedOnCreate).toBe(s.total);
    }
  });
});
