/**
 * Building GatewayApiConditions (the non-healthy status conditions istiod would write), with the
 * reasons of conditions.go.
 */
import { Resource } from '../model/resource';
import { GatewayApiCondition } from './translation';

export interface ConditionOptions {
  readonly scope?: string;
  readonly field?: string;
  readonly severity?: 'error' | 'warning';
}

export function condition(resource: Resource, type: string, reason: string, message: string, options: ConditionOptions = {}): GatewayApiCondition {
  return {
    resource,
    type,
    reason,
    message,
    ...(options.scope !== undefined ? { scope: options.scope } : {}),
    ...(options.field !== undefined ? { field: options.field } : {}),
    ...(options.severity !== undefined ? { severity: options.severity } : {}),
  };
}

/** Route parent reasons (ParentErrorReason). */
export const NO_MATCHING_PARENT = 'NoMatchingParent';
export const NOT_ALLOWED_BY_LISTENERS = 'NotAllowedByListeners';
export const NO_MATCHING_LISTENER_HOSTNAME = 'NoMatchingListenerHostname';
/** Route and listener reference reasons (ConfigErrorReason). */
export const REF_NOT_PERMITTED = 'RefNotPermitted';
export const BACKEND_NOT_FOUND = 'BackendNotFound';
export const INVALID_KIND = 'InvalidKind';
export const INVALID_DESTINATION = 'InvalidDestination';
export const INVALID_FILTER = 'InvalidFilter';
export const INVALID_CONFIGURATION = 'InvalidConfiguration';
export const INVALID_CERTIFICATE_REF = 'InvalidCertificateRef';
export const UNSUPPORTED_PROTOCOL = 'UnsupportedProtocol';
export const INVALID_ROUTE_KINDS = 'InvalidRouteKinds';
export const HOSTNAME_CONFLICT = 'HostnameConflict';
export const PROTOCOL_CONFLICT = 'ProtocolConflict';
