/**
 * Valid Gateway API v1.5.1 objects, one per kind of the standard channel, written after the
 * Gateway API's own examples (kubernetes-sigs/gateway-api examples/standard/*.yaml) and shaped
 * as this library's constructs write them (labels and annotations in metadata, a Gateway per
 * team with HTTP/HTTPS/TLS listeners, per-version Service backends, GAMMA Service parents).
 * Each call returns a fresh copy so tests can mutate it.
 */

const GW = 'gateway.networking.k8s.io/v1';

const META_LABELS = { 'app.kubernetes.io/managed-by': 'cdk8s-istio-traffic', 'istio-traffic.dev/team': 'team-a' };
const META_ANNOTATIONS = { 'istio-traffic.dev/owner': 'team-a', 'internal.istio.io/route-semantics': 'gateway' };

export function gatewayClass(): any {
  return { apiVersion: GW, kind: 'GatewayClass', metadata: { name: 'istio' }, spec: { controllerName: 'istio.io/gateway-controller' } };
}

export function gateway(): any {
  return {
    apiVersion: GW,
    kind: 'Gateway',
    metadata: { name: 'team-a-gateway', namespace: 'team-a', labels: { ...META_LABELS }, annotations: { ...META_ANNOTATIONS } },
    spec: {
      gatewayClassName: 'istio',
      addresses: [{ type: 'IPAddress', value: '10.0.0.1' }, { type: 'Hostname', value: 'lb.example.com' }],
      infrastructure: { labels: { 'example.com/tier': 'edge' }, annotations: { 'networking.gke.io/load-balancer-type': 'Internal' } },
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', hostname: 'a.example.com', allowedRoutes: { namespaces: { from: 'Same' } } },
        {
          name: 'https', port: 443, protocol: 'HTTPS', hostname: 'a.example.com',
          tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'a-example-com' }] },
          allowedRoutes: {
            namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'team-b' } } },
            kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
          },
        },
        { name: 'tls-passthrough', port: 8443, protocol: 'TLS', hostname: '*.tls.example.com', tls: { mode: 'Passthrough' } },
      ],
    },
  };
}

export function httpRoute(): any {
  return {
    apiVersion: GW,
    kind: 'HTTPRoute',
    metadata: { name: 'reviews', namespace: 'team-a', labels: { ...META_LABELS }, annotations: { ...META_ANNOTATIONS } },
    spec: {
      parentRefs: [
        { name: 'team-a-gateway', namespace: 'team-a', sectionName: 'http' },
        { name: 'team-a-gateway', namespace: 'team-a', sectionName: 'https' },
        { group: '', kind: 'Service', name: 'reviews', port: 9080 },
      ],
      hostnames: ['a.example.com'],
      rules: [
        {
          name: 'canary',
          matches: [{
            path: { type: 'PathPrefix', value: '/api' },
            headers: [{ name: 'x-canary', value: 'true' }],
            queryParams: [{ type: 'Exact', name: 'debug', value: '1' }],
            method: 'GET',
          }],
          filters: [
            { type: 'URLRewrite', urlRewrite: { hostname: 'reviews.team-a.svc.cluster.local', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } },
            { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-route', value: 'canary' }], remove: ['x-debug'] } },
          ],
          backendRefs: [
            { name: 'reviews-v1', port: 9080, weight: 90 },
            {
              name: 'reviews-v2', namespace: 'team-b', port: 9080, weight: 10,
              filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'x-version', value: 'v2' }] } }],
            },
          ],
          timeouts: { request: '10s', backendRequest: '5s' },
        },
        {
          matches: [{ path: { type: 'Exact', value: '/old' } }],
          filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', path: { type: 'ReplaceFullPath', replaceFullPath: '/new' }, statusCode: 301 } }],
        },
        {
          matches: [{ path: { type: 'RegularExpression', value: '/v[0-9]+/.*' } }],
          filters: [
            { type: 'RequestMirror', requestMirror: { backendRef: { name: 'reviews-shadow', port: 9080 }, percent: 10 } },
            { type: 'CORS', cors: { allowOrigins: ['https://a.example.com'], allowMethods: ['GET', 'POST'], allowHeaders: ['x-token'] } },
          ],
          backendRefs: [{ name: 'reviews', port: 9080 }],
        },
      ],
    },
  };
}

export function grpcRoute(): any {
  return {
    apiVersion: GW,
    kind: 'GRPCRoute',
    metadata: { name: 'ratings', namespace: 'team-a', labels: { ...META_LABELS } },
    spec: {
      parentRefs: [{ name: 'team-a-gateway', sectionName: 'https' }],
      hostnames: ['grpc.example.com'],
      rules: [{
        matches: [{ method: { service: 'ratings.v1.Ratings', method: 'Get' }, headers: [{ name: 'x-canary', value: 'true' }] }],
        filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-route', value: 'grpc' }] } }],
        backendRefs: [{ name: 'ratings-v1', port: 9090, weight: 1 }],
      }],
    },
  };
}

export function tlsRoute(): any {
  return {
    apiVersion: GW,
    kind: 'TLSRoute',
    metadata: { name: 'db', namespace: 'team-a', labels: { ...META_LABELS } },
    spec: {
      parentRefs: [{ name: 'team-a-gateway', sectionName: 'tls-passthrough' }],
      hostnames: ['db.tls.example.com', '*.tls.example.com'],
      rules: [{ backendRefs: [{ name: 'db-v1', port: 5432, weight: 1 }] }],
    },
  };
}

export function referenceGrant(): any {
  return {
    apiVersion: GW,
    kind: 'ReferenceGrant',
    metadata: { name: 'team-a-to-reviews', namespace: 'team-b', labels: { ...META_LABELS } },
    spec: {
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'team-a' }],
      to: [{ group: '', kind: 'Service', name: 'reviews-v2' }],
    },
  };
}

export function backendTlsPolicy(): any {
  return {
    apiVersion: GW,
    kind: 'BackendTLSPolicy',
    metadata: { name: 'reviews-tls', namespace: 'team-a' },
    spec: {
      targetRefs: [{ group: '', kind: 'Service', name: 'reviews', sectionName: 'https' }],
      validation: {
        caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'reviews-ca' }],
        hostname: 'reviews.example.com',
        subjectAltNames: [{ type: 'Hostname', hostname: 'reviews.example.com' }, { type: 'URI', uri: 'spiffe://cluster.local/ns/team-a/sa/reviews' }],
      },
    },
  };
}

export function listenerSet(): any {
  return {
    apiVersion: GW,
    kind: 'ListenerSet',
    metadata: { name: 'team-b-listeners', namespace: 'team-b' },
    spec: {
      parentRef: { name: 'team-a-gateway', namespace: 'team-a' },
      listeners: [
        { name: 'b-http', port: 80, protocol: 'HTTP', hostname: 'b.example.com' },
        { name: 'b-https', port: 443, protocol: 'HTTPS', hostname: 'b.example.com', tls: { certificateRefs: [{ name: 'b-example-com' }] } },
      ],
    },
  };
}

export const GATEWAY_API_VALID_OBJECTS: Record<string, () => any> = {
  GatewayClass: gatewayClass, Gateway: gateway, HTTPRoute: httpRoute, GRPCRoute: grpcRoute, TLSRoute: tlsRoute,
  ReferenceGrant: referenceGrant, BackendTLSPolicy: backendTlsPolicy, ListenerSet: listenerSet,
};
