/**
 * Value checks the injector applies to its annotations (pkg/kube/inject/validate.go,
 * AnnotationValidation): each returns the problem, or undefined when the value is fine.
 * `proxy.istio.io/config` (a whole ProxyConfig) is not checked here.
 */
import { isIPOrCIDR } from './names';

type ValueCheck = (value: string) => string | undefined;

const uint32: ValueCheck = (v) => (/^\d+$/.test(v) && Number(v) <= 0xffffffff ? undefined : `strconv.ParseUint: parsing "${v}": invalid syntax`);
const bool: ValueCheck = (v) => (['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v) ? undefined : `strconv.ParseBool: parsing "${v}": invalid syntax`);

function portProblem(text: string): string | undefined {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) && Number(trimmed) <= 65535 ? undefined : `failed parsing port '${text}'`;
}

function portList(parameter: string, wildcardAllowed: boolean): ValueCheck {
  return (v) => {
    if (wildcardAllowed && v === '*') return undefined;
    if (v.trim() === '') return undefined;
    for (const port of v.trim().split(',')) {
      const problem = portProblem(port);
      if (problem) return `${parameter} invalid: ${problem}`;
    }
    return undefined;
  };
}

function cidrList(parameter: string, wildcardAllowed: boolean): ValueCheck {
  return (v) => {
    if (wildcardAllowed && v === '*') return undefined;
    if (v === '') return undefined;
    // netip.ParsePrefix wants an address with a prefix length.
    const bad = v.split(',').find((cidr) => !cidr.includes('/') || !isIPOrCIDR(cidr));
    return bad === undefined ? undefined : `${parameter} invalid: failed parsing cidr '${bad}'`;
  };
}

export const ANNOTATION_VALUE_CHECKS: ReadonlyMap<string, ValueCheck> = new Map<string, ValueCheck>([
  ['sidecar.istio.io/interceptionMode', (v) => (['REDIRECT', 'TPROXY', 'NONE'].includes(v) ? undefined : `interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${v}`)],
  ['status.sidecar.istio.io/port', (v) => (portProblem(v) ? `excludeInboundPorts invalid: ${portProblem(v)}` : undefined)],
  ['readiness.status.sidecar.istio.io/initialDelaySeconds', uint32],
  ['readiness.status.sidecar.istio.io/periodSeconds', uint32],
  ['readiness.status.sidecar.istio.io/failureThreshold', uint32],
  ['traffic.sidecar.istio.io/includeOutboundIPRanges', cidrList('includeIPRanges', true)],
  ['traffic.sidecar.istio.io/excludeOutboundIPRanges', cidrList('excludeIPRanges', false)],
  ['traffic.sidecar.istio.io/includeInboundPorts', portList('includeInboundPorts', true)],
  ['traffic.sidecar.istio.io/excludeInboundPorts', portList('excludeInboundPorts', false)],
  ['traffic.sidecar.istio.io/excludeOutboundPorts', portList('excludeOutboundPorts', false)],
  ['prometheus.istio.io/merge-metrics', bool],
]);
