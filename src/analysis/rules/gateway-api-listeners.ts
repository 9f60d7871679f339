/**
 * Gateway API listeners as istiod's Gateway status reports them:
 * - CIT144: a listener istiod does not accept (UnsupportedProtocol: no server is programmed) or
 *   whose allowedRoutes.kinds include a kind it cannot route there (InvalidRouteKinds).
 * - CIT145: listeners that conflict on one port (HostnameConflict, ProtocolConflict).
 * - CIT146: a listener certificate that is refused (InvalidCertificateRef, RefNotPermitted), or a
 *   Secret the manifests do not contain.
 */
import { gatewayApiTranslation } from '../../gateway-api';
import {
  HOSTNAME_CONFLICT, INVALID_CERTIFICATE_REF, INVALID_ROUTE_KINDS, PROTOCOL_CONFLICT, REF_NOT_PERMITTED, UNSUPPORTED_PROTOCOL,
} from '../../gateway-api/conditions';
import { MeshModel } from '../../model';
import { describeResource } from '../../model/resource';
import { Finding } from '../finding';
import { Rule } from '../rule';
import { conditionFinding, conditionsWith, valueAt, whereField } from './gateway-api-findings';

export const LISTENER_NOT_ACCEPTED = 'CIT144';
export const LISTENER_CONFLICTED = 'CIT145';
export const CERTIFICATE_REF_INVALID = 'CIT146';

export const gatewayApiListeners: Rule = {
  code: `${LISTENER_NOT_ACCEPTED}/${LISTENER_CONFLICTED}/${CERTIFICATE_REF_INVALID}`,
  description: 'Gateway API listeners have a protocol and route kinds istiod serves, do not conflict on a port, and have certificates istiod may read',
  run(model: MeshModel): Finding[] {
    const out: Finding[] = [];
    const listener = (c: { resource: any; scope?: string }) => `${describeResource(c.resource)} listener ${c.scope}`;
    for (const c of conditionsWith(model, [UNSUPPORTED_PROTOCOL, INVALID_ROUTE_KINDS])) {
      const unsupported = c.reason === UNSUPPORTED_PROTOCOL;
      out.push(conditionFinding(c, LISTENER_NOT_ACCEPTED, c.severity ?? 'error',
        `${listener(c)} (${whereField(c)}): ${c.message} (${c.reason})${unsupported ? '; istiod programs no server for it and routes attached to it get no traffic' : ''}.`,
        unsupported
          ? (c.message.includes('ALPHA') ? 'use protocol TLS with a TLSRoute, or set PILOT_ENABLE_ALPHA_GATEWAY_API=true in istiod for TCP listeners' : 'use protocol HTTP, HTTPS or TLS (uppercase)')
          : 'list only the route kinds the protocol supports in allowedRoutes.kinds (HTTP/HTTPS: HTTPRoute, GRPCRoute; TLS Passthrough: TLSRoute), or drop allowedRoutes.kinds'));
    }
    for (const c of conditionsWith(model, [HOSTNAME_CONFLICT, PROTOCOL_CONFLICT])) {
      out.push(conditionFinding(c, LISTENER_CONFLICTED, c.severity ?? 'error',
        `${listener(c)} (${whereField(c)}) is Conflicted (${c.reason}): ${c.message}.`,
        c.reason === HOSTNAME_CONFLICT
          ? 'give each listener on the port a distinct hostname, or merge them into one listener'
          : 'move one of the listeners to another port (only HTTPS and TLS listeners can share a port, by SNI)'));
    }
    const certificateConditions = gatewayApiTranslation(model).conditions
      .filter((c) => (c.reason === INVALID_CERTIFICATE_REF || c.reason === REF_NOT_PERMITTED) && /^spec\.listeners/.test(c.field ?? ''));
    for (const c of certificateConditions) {
      const ref = valueAt(c.resource.object, c.field!);
      const secretNamespace = String(ref?.namespace ?? c.resource.namespace);
      const secret = `Secret ${secretNamespace}/${ref?.name}`;
      let fix: string;
      if (c.reason === REF_NOT_PERMITTED) fix = `the owner of ${secret} adds a ReferenceGrant in ${secretNamespace} from Gateway in ${c.resource.namespace} to Secret ${ref?.name}`;
      else if (c.severity === 'warning') fix = `make sure ${secret} exists in the cluster (a kubernetes.io/tls Secret, e.g. from a cert-manager Certificate), or include it in the manifests`;
      else if (c.message.startsWith('TLS mode')) fix = 'refer to at most 2 certificates (e.g. one RSA and one ECDSA)';
      else fix = 'refer to a core Secret (group "", kind Secret) of type kubernetes.io/tls';
      out.push(conditionFinding(c, CERTIFICATE_REF_INVALID, c.severity ?? 'error',
        `${listener(c)} (${whereField(c)}): ${c.message} (${c.reason})${c.severity === 'warning' ? '' : '; the listener serves TLS without that certificate'}.`,
        fix));
    }
    return out;
  },
};
