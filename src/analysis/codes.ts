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
  CIT101: 'GatewayPodsSharedAcrossNamespaces',
  CIT102: 'ShortHostResolvesToWrongNamespace',
  CIT103: 'UnregisteredHostUnderRegistryOnly',
  CIT130: 'RouteRefusedByAuthorization',
  CIT900: 'UnusableInput',
};

/** `IST0101 ReferencedResourceNotFound`, or the bare code when it has no title. */
export function codeTitle(code: string): string {
  return CODE_TITLES[code] ? `${code} ${CODE_TITLES[code]}` : code;
}
