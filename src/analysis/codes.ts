/**
 * The codes `check` reports, with Istio's message names (where Istio has the code) so reports
 * can be searched in Istio's documentation (istio.io/latest/docs/reference/config/analysis/<code>).
 */
export const CODE_TITLES: Readonly<Record<string, string>> = {
  IST0101: 'ReferencedResourceNotFound',
  IST0106: 'SchemaValidationError',
  IST0109: 'ConflictingMeshGatewayVirtualServiceHosts',
  IST0112: 'VirtualServiceDestinationPortSelectorRequired',
  IST0118: 'PortNameIsNotUnderNamingConvention',
  IST0128: 'NoServerCertificateVerificationDestinationLevel',
  IST0129: 'NoServerCertificateVerificationPortLevel',
  IST0130: 'VirtualServiceUnreachableRule',
  IST0131: 'VirtualServiceIneffectiveMatch',
  IST0132: 'VirtualServiceHostNotFoundInGateway',
  IST0134: 'ServiceEntryAddressesRequired',
  IST0140: 'IngressRouteRulesNotAffected',
  IST0145: 'ConflictingGateways',
  IST0162: 'GatewayPortNotDefinedOnService',
  IST0173: 'DestinationRuleSubsetNotSelectPods',
  IST0174: 'UnknownDestinationRuleHost',
  // analyzer-new
  IST0102: 'NamespaceNotInjected',
  IST0107: 'MisplacedAnnotation',
  IST0108: 'UnknownAnnotation',
  IST0110: 'ConflictingSidecarWorkloadSelectors',
  IST0111: 'MultipleSidecarsWithoutWorkloadSelectors',
  IST0116: 'DeploymentAssociatedToMultipleServices',
  IST0123: 'NamespaceMultipleInjectionLabels',
  IST0125: 'InvalidAnnotation',
  IST0127: 'NoMatchingWorkloadsFound',
  IST0137: 'DeploymentConflictingPorts',
  IST0138: 'GatewayDuplicateCertificate',
  IST0144: 'InvalidApplicationUID',
  IST0146: 'ImageAutoWithoutInjectionWarning',
  IST0147: 'ImageAutoWithoutInjectionError',
  IST0167: 'IneffectivePolicy',
  IST0177: 'ConflictingServiceEntryProtocol',
  CIT101: 'GatewayPodsSharedAcrossNamespaces',
  CIT102: 'ShortHostResolvesToWrongNamespace',
  CIT103: 'UnregisteredHostUnderRegistryOnly',
  CIT104: 'GatewayBindingNotAdmitted',
  CIT105: 'PublicHostClaimedByTwoNamespaces',
  CIT106: 'DuplicateObjectIdentity',
  CIT107: 'ForeignServiceHostExported',
  CIT120: 'RuleShadowedByBroaderMatch',
  CIT121: 'PrefixRewriteDoubleSlash',
  CIT122: 'GatewayHostWithoutRoute',
  CIT123: 'DelegateVirtualServiceNotFound',
  CIT124: 'DelegateRouteConflictsWithRoot',
  CIT125: 'SidecarEgressNamespaceNotFound',
  CIT126: 'RoutesDependOnCreationOrder',
  CIT110: 'CrdSchemaViolation',
  CIT111: 'CrdValidationRuleViolation',
  CIT112: 'ApiVersionNotServed',
  CIT130: 'RouteRefusedByAuthorization',
  CIT140: 'GatewayApiRouteNotAccepted',
  CIT141: 'GatewayApiBackendRefNotPermitted',
  CIT142: 'GatewayApiBackendNotResolved',
  CIT143: 'GatewayApiRouteNotProgrammed',
  CIT144: 'GatewayApiListenerNotAccepted',
  CIT145: 'GatewayApiListenerConflicted',
  CIT146: 'GatewayApiCertificateRefInvalid',
  CIT900: 'UnusableInput',
};

/** `IST0101 ReferencedResourceNotFound`, or the bare code when it has no title. */
export function codeTitle(code: string): string {
  return CODE_TITLES[code] ? `${code} ${CODE_TITLES[code]}` : code;
}

/** Where this library documents its codes, relative to the repository root. */
export const CODES_DOC = 'docs/codes.md';

/**
 * Where a code is described: Istio's analysis reference for `IST` codes
 * (`https://istio.io/latest/docs/reference/config/analysis/ist0101/`), this library's
 * `docs/codes.md#cit101` anchor for its own `CIT` codes.
 */
export function codeReference(code: string): string {
  const anchor = code.toLowerCase();
  return code.startsWith('IST') ? `https://istio.io/latest/docs/reference/config/analysis/${anchor}/` : `${CODES_DOC}#${anchor}`;
}
