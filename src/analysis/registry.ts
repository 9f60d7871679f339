/**
 * Every rule `check` runs, in one list: webhook validation (IST0106) per kind, Istio's analyzers,
 * then this library's own checks (CIT1xx).
 */
import { Rule } from './rule';
import { authorizationRoutes } from './rules/authorization-routes';
import { caCertificates } from './rules/ca-certificates';
import { conflictingGateways } from './rules/conflicting-gateways';
import { conflictingMeshHosts } from './rules/conflicting-mesh-hosts';
import { destinationHosts } from './rules/destination-hosts';
import { destinationSubsets } from './rules/destination-subsets';
import { destinationRuleHosts } from './rules/destinationrule-hosts';
import { destinationRuleValidation } from './rules/destinationrule-validation';
import { exportToValidation } from './rules/exportto-validation';
import { gatewayValidation } from './rules/gateway-validation';
import { gatewayWorkloadsRule } from './rules/gateway-workloads';
import { ingressSubsets } from './rules/ingress-subsets';
import { portNames } from './rules/port-names';
import { referencedGateways } from './rules/referenced-gateways';
import { registryOnly } from './rules/registry-only';
import { serviceEntryAddresses } from './rules/serviceentry-addresses';
import { serviceEntryValidation } from './rules/serviceentry-validation';
import { sharedGatewayPods } from './rules/shared-gateway-pods';
import { shortNameNamespace } from './rules/short-name-namespace';
import { sidecarValidation } from './rules/sidecar-validation';
import { unreachableRules } from './rules/unreachable-rules';
import { virtualServiceValidation } from './rules/virtualservice-validation';

export const RULES: readonly Rule[] = [
  virtualServiceValidation,
  destinationRuleValidation,
  gatewayValidation,
  serviceEntryValidation,
  sidecarValidation,
  exportToValidation,
  referencedGateways,
  destinationHosts,
  destinationSubsets,
  conflictingMeshHosts,
  portNames,
  caCertificates,
  unreachableRules,
  ingressSubsets,
  gatewayWorkloadsRule,
  conflictingGateways,
  serviceEntryAddresses,
  destinationRuleHosts,
  sharedGatewayPods,
  shortNameNamespace,
  registryOnly,
  authorizationRoutes,
];
