/**
 * PeerAuthentication, from istiod's TestValidatePeerAuthentication (validation_test.go), plus near
 * misses for the rules of ValidatePeerAuthentication its table does not exercise.
 */
import { describeValidationTable, ValidationCase } from './table';

const httpbin = { matchLabels: { app: 'httpbin' } };

const CASES: ValidationCase[] = [
  { name: 'empty spec', in: {}, valid: true },
  { name: 'empty mtls with selector of empty labels', in: { selector: {} }, valid: true, warning: true },
  { name: 'default name with non empty selector', in: { selector: httpbin }, valid: true },
  { name: 'empty port level mtls', in: { selector: httpbin, portLevelMtls: {} }, valid: false },
  { name: 'empty selector with port level mtls', in: { portLevelMtls: { 8080: { mode: 'UNSET' } } }, valid: false },
  { name: 'port 0', in: { portLevelMtls: { 0: { mode: 'UNSET' } } }, valid: false },
  { name: 'unset mode', in: { mtls: { mode: 'UNSET' } }, valid: true },
  { name: 'port level', in: { selector: httpbin, portLevelMtls: { 8080: { mode: 'UNSET' } } }, valid: true },
  // Istio's testdata/crds/peerauth-valid.yaml.
  { name: 'testdata peerauth-valid.yaml: full', in: { selector: { matchLabels: { foo: 'bar' } }, mtls: { mode: 'PERMISSIVE' }, portLevelMtls: { 80: { mode: 'STRICT' } } }, valid: true },
  { name: 'testdata peerauth-valid.yaml: partial-selector', in: { selector: {} }, valid: true, warning: true },
  // Near misses for the rest of ValidatePeerAuthentication.
  { name: 'near miss: port 0 with a selector', in: { selector: httpbin, portLevelMtls: { 0: { mode: 'STRICT' } } }, valid: false },
  { name: 'near miss: port 65536', in: { selector: httpbin, portLevelMtls: { 65536: { mode: 'STRICT' } } }, valid: false },
  { name: 'near miss: port 65535', in: { selector: httpbin, portLevelMtls: { 65535: { mode: 'DISABLE' } } }, valid: true },
  { name: 'near miss: selector with labels but empty matchLabels map is mesh-wide', in: { selector: { matchLabels: {} }, portLevelMtls: { 8080: { mode: 'STRICT' } } }, valid: false, warning: true },
  { name: 'near miss: selector wildcard value', in: { selector: { matchLabels: { app: 'httpbin-*' } } }, valid: false },
  { name: 'near miss: selector empty key', in: { selector: { matchLabels: { '': 'v1' } } }, valid: false },
  { name: 'near miss: strict mode', in: { mtls: { mode: 'STRICT' } }, valid: true },
  { name: 'near miss: permissive mode at port level', in: { selector: httpbin, mtls: { mode: 'STRICT' }, portLevelMtls: { 9080: { mode: 'PERMISSIVE' } } }, valid: true },
  { name: 'near miss: unknown mode', in: { mtls: { mode: 'MUTUAL' } }, valid: false },
  { name: 'near miss: unknown port level mode', in: { selector: httpbin, portLevelMtls: { 9080: { mode: 'ISTIO_MUTUAL' } } }, valid: false },
];

describeValidationTable({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication' }, CASES);
