/**
 * WorkloadEntry, from istiod's TestValidateWorkloadEntry (validation_test.go), plus near misses
 * (marked) for validateWorkloadEntry checks its table leaves out.
 */
import { describeValidationTable, ValidationCase } from './table';

const CASES: ValidationCase[] = [
  { name: 'valid', in: { address: '1.2.3.4' }, valid: true },
  { name: 'missing address', in: {}, valid: false },
  { name: 'missing address with network', in: { network: 'network-2' }, valid: true, warning: true },
  { name: 'valid unix endpoint', in: { address: 'unix:///lon/google/com' }, valid: true },
  { name: 'invalid unix endpoint', in: { address: 'unix:///lon/google/com', ports: { 7777: 7777 } }, valid: false },
  { name: 'valid FQDN', in: { address: 'validdns.com', ports: { 7777: 7777 } }, valid: true },
  { name: 'invalid FQDN', in: { address: 'invaliddns.com:9443', ports: { 7777: 7777 } }, valid: false },
  { name: 'valid IP', in: { address: '172.16.1.1', ports: { 7777: 7777 } }, valid: true },

  // Istio's testdata/crds/workloadentry-valid.yaml.
  { name: 'testdata workloadentry-valid.yaml: full', in: { address: '1.2.3.4', serviceAccount: 'sa', network: 'net', labels: { app: 'app' }, ports: { http: 1 }, weight: 2, locality: 'foo/bar/baz' }, valid: true },
  { name: 'testdata workloadentry-valid.yaml: missing-address-network-set', in: { network: 'net' }, valid: true, warning: true },
  { name: 'testdata workloadentry-valid.yaml: uds-abstract', in: { address: 'unix://@foo' }, valid: true },
  { name: 'testdata workloadentry-valid.yaml: uds-path', in: { address: 'unix:///foo/bar' }, valid: true },
  { name: 'testdata workloadentry-valid.yaml: fqdn', in: { address: 'example.com' }, valid: true },

  // Near misses for the rest of validateWorkloadEntry.
  { name: 'near miss: IPv6 address', in: { address: '2001:db8::10', ports: { grpc: 50051 } }, valid: true },
  { name: 'near miss: port 0', in: { address: '10.0.0.1', ports: { grpc: 0 } }, valid: false },
  { name: 'near miss: port name with underscore', in: { address: '10.0.0.1', ports: { grpc_api: 50051 } }, valid: false },
  { name: 'near miss: invalid label key', in: { address: '10.0.0.1', labels: { 'bad key': 'value' } }, valid: false },
  { name: 'near miss: relative unix socket', in: { address: 'unix://run/app.sock' }, valid: false },
  { name: 'near miss: all-numeric top level domain', in: { address: 'vm.123' }, valid: false },
  { name: 'near miss: dry-run annotation', annotations: { 'istio.io/dry-run': 'true' }, in: { address: '10.0.0.1' }, valid: false },
];

describeValidationTable({ apiVersion: 'networking.istio.io/v1', kind: 'WorkloadEntry' }, CASES);
