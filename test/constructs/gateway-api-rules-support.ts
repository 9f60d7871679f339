/**
 * Shared by the gateway-api-rules tests: a BackendResolver in the shape src/constructs/route-backends.ts
 * implements (per-version Services `svc-v1`), Istio rules rendered through the real routing
 * types, and validation of a whole HTTPRoute / TLSRoute against the vendored v1.5.1 CRDs
 * (schema and CEL, with the project's API-server validator).
 */
import { readFileSync } from 'fs';
import { isIP } from 'net';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { CrdBundle, CrdVersion, indexCrdVersions } from '../../src/analysis/apiserver/crd-types';
import { validateAgainstCrds } from '../../src/analysis/apiserver/validate';
import { BackendRef, BackendResolver, IstioDestination } from '../../src/constructs/gateway-api/backend-resolver';
import { HttpRuleOptions, renderHttpRule } from '../../src/routing/http-rule';

/** `{ host: svc.ns.svc.cluster.local, subset: v1 }` → `{ name: svc-v1, namespace: ns, port }` (port 80 unless given). */
export const FAKE_BACKENDS: BackendResolver = {
  backendRefFor(d: IstioDestination): BackendRef {
    const [svc, ns] = d.host.split('.');
    return { name: d.subset ? `${svc}-${d.subset}` : svc, namespace: ns, port: d.port ?? 80 };
  },
};

export const WHERE = 'app/team/route';

/** Istio rules exactly as the constructs render them. */
export function istioRules(...rules: HttpRuleOptions[]): Record<string, unknown>[] {
  return rules.map((r, i) => renderHttpRule(r, `${WHERE}.http[${i}]`));
}

let bundle: CrdBundle | undefined;

/** The vendored Gateway API v1.5.1 standard-channel CRDs as a validation bundle. */
export function gatewayApiBundle(): CrdBundle {
  if (!bundle) {
    const text = readFileSync(join(__dirname, '../../vendor/gateway-api-v1.5.1/standard-install.yaml'), 'utf8');
    const versions: CrdVersion[] = [];
    for (const doc of parseAllDocuments(text).map((d) => d.toJS()) as any[]) {
      if (doc?.kind !== 'CustomResourceDefinition') continue;
      for (const v of doc.spec.versions) {
        if (!v.served) continue;
        versions.push({
          group: doc.spec.group, version: v.name, kind: doc.spec.names.kind, scope: doc.spec.scope,
          hasStatusSubresource: Boolean(v.subresources?.status), schema: withoutRootMetadata(v.schema.openAPIV3Schema),
        });
      }
    }
    bundle = indexCrdVersions(versions, 'Gateway API v1.5.1 standard');
  }
  return bundle;
}

/** Like the project's generated Istio bundle: the validator supplies apiVersion/kind/metadata itself (metadata.ts). */
function withoutRootMetadata(schema: any): any {
  const { apiVersion: _a, kind: _k, metadata: _m, ...properties } = schema.properties;
  return { ...schema, properties };
}

/**
 * Structural defaulting as the API server does it before validation (apiextensions defaulting:
 * a missing property with a `default` gets it, recursively), so CEL sees e.g. `group: ''`.
 */
export function withDefaults(schema: any, value: any): any {
  if (Array.isArray(value)) return schema?.items ? value.map((v) => withDefaults(schema.items, v)) : value;
  if (value === null || typeof value !== 'object' || !schema?.properties) return value;
  const out: any = { ...value };
  for (const [key, sub] of Object.entries<any>(schema.properties)) {
    if (out[key] === undefined && sub.default !== undefined) out[key] = structuredClone(sub.default);
    if (out[key] !== undefined) out[key] = withDefaults(sub, out[key]);
  }
  return out;
}

/**
 * The project's CEL environment has no Kubernetes `isIP()` yet (the Gateway API CRDs use it on
 * hostnames); that one rule is evaluated here by hand: no hostname may be an IP address.
 */
const NO_IS_IP = /unbound function: isIP evaluating rule: Hostnames cannot contain an IP/;

function validate(object: any): string[] {
  const b = gatewayApiBundle();
  const crd = b.byGvk.get(`gateway.networking.k8s.io/v1/${object.kind}`)!;
  const violations = validateAgainstCrds(withDefaults(crd.schema, object), { bundle: b }).violations.map((v) => `${v.path}: ${v.message}`);
  const ips = ((object.spec?.hostnames ?? []) as string[]).filter((h) => isIP(h)).map((h) => `spec.hostnames: Hostnames cannot contain an IP (${h})`);
  return [...violations.filter((v) => !NO_IS_IP.test(v)), ...ips];
}

/** Violations (schema + CEL) of an HTTPRoute carrying `rules`; [] when the API server accepts it. */
export function httpRouteViolations(rules: Record<string, unknown>[]): string[] {
  const route = {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'route', namespace: 'team' },
    spec: { parentRefs: [{ name: 'gw' }], hostnames: ['shop.example.com'], rules },
  };
  return validate(route);
}

/** Violations of a TLSRoute with `spec`. */
export function tlsRouteViolations(spec: Record<string, unknown>): string[] {
  const route = {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'TLSRoute', metadata: { name: 'route', namespace: 'team' },
    spec: { parentRefs: [{ name: 'gw' }], ...spec },
  };
  return validate(route);
}
