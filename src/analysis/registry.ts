/**
 * Every rule `check` runs, in one list: webhook validation (IST0106) per kind, Istio's analyzers,
 * then this library's own checks (CIT1xx).
 */
import { Rule } from './rule';
import { apiServerValidation } from './rules/apiserver-validation';
import { authorizationPolicyValidation } from './rules/authorizationpolicy-validation';
import { authorizationRoutes } from './rules/authorization-routes';
import { caCertificates } from './rules/ca-certificates';
import { conflictingGateways } from './rules/conflicting-gateways';
import { conflictingMeshHosts } from './rules/conflicting-mesh-hosts';
import { destinationHosts } from './rules/destination-hosts';
import { destinationSubsets } from './rules/destination-subsets';
import { destinationRuleHosts } from './rules/destinationrule-hosts';
import { destinationRuleValidation } from './rules/destinationrule-validation';
import { duplicateObjects } from './rules/duplicate-objects';
import { doubleSlashRewrite } from './rules/double-slash-rewrite';
import { exportToValidation } from './rules/exportto-validation';
import { foreignServiceHosts } from './rules/foreign-service-hosts';
import { gatewayBindingNamespace } from './rules/gateway-binding-namespace';
import { gatewayValidation } from './rules/gateway-validation';
import { gatewayWorkloadsRule } from './rules/gateway-workloads';
import { ingressSubsets } from './rules/ingress-subsets';
import { peerAuthenticationValidation } from './rules/peerauthentication-validation';
import { portNames } from './rules/port-names';
import { publicHostOwners } from './rules/public-host-owners';
import { referencedGateways } from './rules/referenced-gateways';
import { registryOnly } from './rules/registry-only';
import { requestAuthenticationValidation } from './rules/requestauthentication-validation';
import { serviceEntryAddresses } from './rules/serviceentry-addresses';
import { serviceEntryValidation } from './rules/serviceentry-validation';
import { shadowedRules } from './rules/shadowed-rules';
import { creationOrderRoutes } from './rules/creation-order-routes';
import { sharedGatewayPods } from './rules/shared-gateway-pods';
import { shortNameNamespace } from './rules/short-name-namespace';
import { sidecarValidation } from './rules/sidecar-validation';
import { unreachableRules } from './rules/unreachable-rules';
import { virtualServiceValidation } from './rules/virtualservice-validation';
import { workloadEntryValidation } from './rules/workloadentry-validation';
// analyzer-new: Istio analyzers for workloads, namespaces and policies, and lint CIT122.
import { annotations } from './rules/annotations';
import { applicationUid } from './rules/application-uid';
import { authorizationPolicies } from './rules/authorization-policies';
import { delegateVirtualServices } from './rules/delegate-virtualservices';
import { deploymentServices } from './rules/deployment-services';
import { gatewayCertificates } from './rules/gateway-certificates';
import { gatewayHostWithoutRoute } from './rules/gateway-host-without-route';
import { imageAuto } from './rules/image-auto';
import { namespaceInjection } from './rules/namespace-injection';
import { serviceEntryProtocols } from './rules/serviceentry-protocols';
import { sidecarEgressNamespaces } from './rules/sidecar-egress-namespaces';
import { sidecarSelectors } from './rules/sidecar-selectors';
// The conditions istiod's Gateway API controller reports (CIT140–CIT146).
import { gatewayApiListeners } from './rules/gateway-api-listeners';
import { gatewayApiRouteParents } from './rules/gateway-api-route-parents';
import { gatewayApiRouteRefs } from './rules/gateway-api-route-refs';

export const RULES: readonly Rule[] = [
  virtualServiceValidation,
  destinationRuleValidation,
  gatewayValidation,
  serviceEntryValidation,
  sidecarValidation,
  authorizationPolicyValidation,
  peerAuthenticationValidation,
  requestAuthenticationValidation,
  workloadEntryValidation,
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
  gatewayBindingNamespace,
  publicHostOwners,
  duplicateObjects,
  foreignServiceHosts,
  shadowedRules,
  creationOrderRoutes,
  doubleSlashRewrite,
  sidecarSelectors,
  authorizationPolicies,
  serviceEntryProtocols,
  imageAuto,
  namespaceInjection,
  deploymentServices,
  applicationUid,
  gatewayCertificates,
  annotations,
  gatewayHostWithoutRoute,
  delegateVirtualServices,
  sidecarEgressNamespaces,
  apiServerValidation,
  authorizationRoutes,
  gatewayApiListeners,
  gatewayApiRouteParents,
  gatewayApiRouteRefs,
];
