/**
 * CEL rule semantics the Istio bundle does not happen to use (messageExpression, fieldPath,
 * reason, oldSelf, escaping, int-or-string...), on a small synthetic CRD, so the oracle is right
 * for the next Istio release too. Needs no shared files.
 */
import { parseCrdBundle } from '../../scripts/crd-schemas';
import { validateAgainstCrds, type Violation } from '../../src/analysis/apiserver/validate';
import { crdRuleStats } from './rule-stats';

const bundle = parseCrdBundle(`
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, plural: widgets }
  versions:
  - name: v1
    served: true
    storage: true
    subresources: { status: {} }
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-validations:
        - rule: "self.metadata.name.startsWith('w-')"
          message: name must start with w-
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - rule: "self.replicas <= self.maxReplicas"
              messageExpression: "'replicas ' + string(self.replicas) + ' exceeds ' + string(self.maxReplicas)"
              fieldPath: ".replicas"
            - rule: "!has(self.mode) || self.mode != 'legacy'"
              messageExpression: "''"
              message: legacy mode is gone
              reason: FieldValueForbidden
            - rule: "!has(self.ratio) || self.ratio < 1.0"
              messageExpression: "'line1\\\\nline2'"
            - rule: "self.replicas >= oldSelf.replicas"
              message: cannot scale down
            - rule: "oldSelf.hasValue() || true"
              optionalOldSelf: true
            - rule: "!has(self.__namespace__) || self.__namespace__ != 'kube-system'"
              message: reserved namespace
            - rule: "!has(self.extra)"
              message: unknown fields are pruned before CEL
            properties:
              replicas: { type: integer }
              maxReplicas: { type: integer }
              ratio: { type: number }
              mode: { type: string }
              namespace: { type: string }
              port:
                x-kubernetes-int-or-string: true
                x-kubernetes-validations:
                - rule: "type(self) == int ? self > 0 : self.matches('^[a-z]+$')"
                  message: bad port
              owner-ref:
                type: string
                x-kubernetes-validations:
                - rule: "self != ''"
              labels:
                type: object
                additionalProperties:
                  type: string
                  x-kubernetes-validations:
                  - rule: "self.size() <= 3"
                    message: label value too long
              items:
                type: array
                items:
                  type: object
                  required: [name]
                  x-kubernetes-validations:
                  - rule: "self.name != 'forbidden'"
                    message: forbidden item
                    fieldPath: ".name"
                  properties:
                    name: { type: string }
                    weight:
                      type: integer
                      x-kubernetes-validations:
                      - rule: "self <= 100"
                        message: weight over 100
              config:
                type: object
                x-kubernetes-preserve-unknown-fields: true
                x-kubernetes-validations:
                - rule: "!has(self.timeout) || self.timeout == 5"
                  message: timeout must be int 5
              note:
                type: string
                nullable: true
`, 'inline');

function widget(spec: Record<string, unknown>, name = 'w-1'): any {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace: 'default' }, spec: { replicas: 1, maxReplicas: 3, ...spec } };
}
const check = (o: unknown): Violation[] => validateAgainstCrds(o, { bundle }).violations;
const lines = (vs: Violation[]) => vs.map((v) => `${v.path}: ${v.message}${v.reason && v.reason !== 'FieldValueInvalid' ? ` (${v.reason})` : ''}`);

describe('CEL rule semantics on a synthetic CRD', () => {
  it('a valid object passes', () => {
    expect(check(widget({ port: 80, labels: { a: 'x' }, items: [{ name: 'a', weight: 5 }], config: { timeout: 5, any: { thing: 1 } } }))).toEqual([]);
  });

  it('root rules see metadata.name', () => {
    expect(lines(check(widget({}, 'x-1')))).toEqual([': name must start with w-']);
  });

  it('messageExpression and fieldPath', () => {
    expect(lines(check(widget({ replicas: 5 })))).toEqual(['spec.replicas: replicas 5 exceeds 3']);
  });

  it('an empty messageExpression falls back to message; reason sets the error type', () => {
    expect(lines(check(widget({ mode: 'legacy' })))).toEqual(['spec: legacy mode is gone (FieldValueForbidden)']);
  });

  it('a multi-line messageExpression falls back to the default "failed rule" message', () => {
    expect(lines(check(widget({ ratio: 2 })))).toEqual(["spec: failed rule: !has(self.ratio) || self.ratio < 1.0"]);
  });

  it('number fields are CEL doubles even when integral (ratio: 0 compares with 1.0)', () => {
    expect(check(widget({ ratio: 0 }))).toEqual([]);
  });

  it('transition rules (oldSelf) are skipped on create and counted; optionalOldSelf is counted as unsupported', () => {
    expect(crdRuleStats(bundle.versions)).toEqual([
      { group: 'example.com', version: 'v1', kind: 'Widget', total: 14, evaluatedOnCreate: 12, transition: 1, unsupported: 1 },
    ]);
  });

  it('reserved property names are escaped (namespace → __namespace__)', () => {
    expect(lines(check(widget({ namespace: 'kube-system' })))).toEqual(['spec: reserved namespace']);
  });

  it('a property with a dash still has its own rules evaluated; default message quotes the rule', () => {
    expect(lines(check(widget({ 'owner-ref': '' })))).toEqual(["spec.owner-ref: failed rule: self != ''"]);
  });

  it('unknown fields are rejected by the schema and pruned before CEL', () => {
    expect(lines(check(widget({ extra: 1 })))).toEqual(['spec.extra: unknown field "spec.extra"']);
  });

  it('rules run per map value and per array item, with instance paths', () => {
    expect(lines(check(widget({ labels: { a: 'ok', b: 'toolong' }, items: [{ name: 'a', weight: 101 }, { name: 'forbidden' }] })))).toEqual([
      'spec.labels[b]: label value too long',
      'spec.items[0].weight: weight over 100',
      'spec.items[1].name: forbidden item',
    ]);
  });

  it('rules on absent optional fields do not run', () => {
    // `port`'s rule would fail on 0 or on an empty string; absent, it must not run at all.
    expect(check(widget({ items: [{ name: 'a' }] }))).toEqual([]);
  });

  it('int-or-string binds an int or a string', () => {
    expect(check(widget({ port: 'http' }))).toEqual([]);
    expect(lines(check(widget({ port: 0 })))).toEqual(['spec.port: bad port']);
    expect(lines(check(widget({ port: 'HTTP' })))).toEqual(['spec.port: bad port']);
    expect(lines(check(widget({ port: true })))[0]).toBe('spec.port: Invalid value: must be of type integer or string');
  });

  it('preserve-unknown-fields accepts anything; untyped integers are CEL ints', () => {
    expect(check(widget({ config: { timeout: 5, nested: { deep: [1, 'a'] } } }))).toEqual([]);
    expect(lines(check(widget({ config: { timeout: 5.5 } })))).toEqual(['spec.config: timeout must be int 5']);
  });

  it('nullable admits null', () => {
    expect(check(widget({ note: null }))).toEqual([]);
  });

  it('an evaluation error is reported with the rule message', () => {
    const o = widget({});
    delete o.spec.maxReplicas; // self.maxReplicas: no such key
    // In cel-go's words, as the API server reports it (@bufbuild/cel says "field not found").
    expect(lines(check(o))).toEqual(['spec: no such key: maxReplicas evaluating rule: self.replicas <= self.maxReplicas']);
  });
});
