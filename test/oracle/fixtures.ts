/**
 * Valid objects, hand-written after the examples in the Istio reference docs
 * (istio.io/latest/docs/reference/config/...). Each call returns a fresh copy so tests can
 * mutate it.
 */

export function gateway(): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'my-gateway', namespace: 'some-config-namespace' },
    spec: {
      selector: { app: 'my-gateway-controller' },
      servers: [
        {
          port: { number: 80, name: 'http', protocol: 'HTTP' },
          hosts: ['uk.bookinfo.com', 'eu.bookinfo.com'],
          tls: { httpsRedirect: true },
        },
        {
          port: { number: 443, name: 'https-443', protocol: 'HTTPS' },
          hosts: ['uk.bookinfo.com', 'eu.bookinfo.com'],
          tls: { mode: 'SIMPLE', credentialName: 'bookinfo-secret' },
        },
      ],
    },
  };
}

export function virtualService(): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'reviews-route', namespace: 'bookinfo' },
    spec: {
      hosts: ['reviews.prod.svc.cluster.local'],
      gateways: ['some-config-namespace/my-gateway', 'mesh'],
      http: [
        {
          name: 'reviews-v2-routes',
          match: [{ uri: { prefix: '/wpcatalog' } }, { uri: { prefix: '/consumercatalog' }, headers: { 'end-user': { exact: 'jason' } } }],
          rewrite: { uri: '/newcatalog' },
          route: [{ destination: { host: 'reviews.prod.svc.cluster.local', subset: 'v2', port: { number: 9080 } }, weight: 100 }],
          retries: { attempts: 3, perTryTimeout: '2s', backoff: '25ms', retryOn: 'gateway-error,connect-failure,refused-stream' },
          timeout: '10s',
          corsPolicy: { allowOrigins: [{ exact: 'https://example.com' }], allowMethods: ['POST', 'GET'], maxAge: '24h' },
          fault: { delay: { percentage: { value: 0.1 }, fixedDelay: '5s' } },
        },
        {
          name: 'reviews-v1-route',
          route: [{ destination: { host: 'reviews.prod.svc.cluster.local', subset: 'v1' } }],
        },
      ],
    },
  };
}

export function destinationRule(): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: 'bookinfo-ratings', namespace: 'bookinfo' },
    spec: {
      host: 'ratings.prod.svc.cluster.local',
      workloadSelector: { matchLabels: { app: 'ratings' } },
      trafficPolicy: {
        loadBalancer: { simple: 'LEAST_REQUEST', warmup: { duration: '60s' }, warmupDurationSecs: '60s' },
        connectionPool: {
          tcp: { maxConnections: 100, connectTimeout: '30ms', maxConnectionDuration: '1h', tcpKeepalive: { time: '7200s', interval: '75s' } },
          http: { http2MaxRequests: 1000, maxRequestsPerConnection: 10, idleTimeout: '1h' },
        },
        outlierDetection: { consecutive5xxErrors: 7, interval: '5m', baseEjectionTime: '15m' },
        portLevelSettings: [
          {
            port: { number: 80 },
            loadBalancer: { simple: 'LEAST_REQUEST', warmup: { duration: '30s' }, warmupDurationSecs: '30s' },
            connectionPool: { tcp: { connectTimeout: '100ms', maxConnectionDuration: '10m', tcpKeepalive: { time: '1m', interval: '10s' } }, http: { idleTimeout: '5m' } },
            outlierDetection: { interval: '10s', baseEjectionTime: '30s' },
          },
        ],
      },
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        {
          name: 'v2',
          labels: { version: 'v2' },
          trafficPolicy: {
            loadBalancer: { simple: 'ROUND_ROBIN', warmup: { duration: '30s' }, warmupDurationSecs: '30s' },
            connectionPool: { tcp: { connectTimeout: '1s', maxConnectionDuration: '1h', tcpKeepalive: { time: '1m', interval: '10s' } }, http: { idleTimeout: '30s' } },
            outlierDetection: { interval: '1s', baseEjectionTime: '3m' },
            portLevelSettings: [
              {
                port: { number: 9080 },
                loadBalancer: { simple: 'RANDOM', warmup: { duration: '10s' }, warmupDurationSecs: '10s' },
                connectionPool: { tcp: { connectTimeout: '2s', maxConnectionDuration: '2h', tcpKeepalive: { time: '2m', interval: '20s' } }, http: { idleTimeout: '1m' } },
                outlierDetection: { interval: '2s', baseEjectionTime: '1m' },
              },
            ],
          },
        },
      ],
    },
  };
}

export function serviceEntry(): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'ServiceEntry',
    metadata: { name: 'external-svc-https', namespace: 'egress' },
    spec: {
      hosts: ['api.dropboxapi.com', 'www.googleapis.com'],
      location: 'MESH_EXTERNAL',
      ports: [
        { number: 443, name: 'https', protocol: 'TLS' },
        { number: 80, name: 'http', protocol: 'HTTP', targetPort: 8080 },
      ],
      resolution: 'DNS',
      endpoints: [
        { address: 'us.foo.bar.com', ports: { https: 8443 } },
        { address: 'uk.foo.bar.com', ports: { https: 9443 } },
      ],
    },
  };
}

export function sidecar(): any {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Sidecar',
    metadata: { name: 'default', namespace: 'prod-us1' },
    spec: {
      workloadSelector: { labels: { app: 'ratings' } },
      ingress: [
        {
          port: { number: 9080, protocol: 'HTTPS', name: 'somename' },
          defaultEndpoint: 'unix:///var/run/someuds.sock',
          tls: { mode: 'SIMPLE', credentialName: 'ratings-cert' },
          connectionPool: { tcp: { connectTimeout: '5s', maxConnectionDuration: '1h', tcpKeepalive: { time: '1m', interval: '10s' } }, http: { idleTimeout: '1m' } },
        },
      ],
      egress: [{ hosts: ['./*', 'istio-system/*'] }],
      outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
      inboundConnectionPool: { tcp: { connectTimeout: '5s', maxConnectionDuration: '1h', tcpKeepalive: { time: '1m', interval: '10s' } }, http: { idleTimeout: '1m' } },
    },
  };
}

export function peerAuthentication(): any {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'finance', namespace: 'foo' },
    spec: {
      selector: { matchLabels: { app: 'finance' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { '8080': { mode: 'DISABLE' } },
    },
  };
}

export function authorizationPolicy(): any {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'httpbin', namespace: 'foo' },
    spec: {
      selector: { matchLabels: { app: 'httpbin', version: 'v1' } },
      action: 'ALLOW',
      rules: [
        {
          from: [{ source: { principals: ['cluster.local/ns/default/sa/sleep'] } }, { source: { namespaces: ['test'] } }],
          to: [{ operation: { methods: ['GET'], paths: ['/info*'] } }],
          when: [{ key: 'request.auth.claims[iss]', values: ['https://accounts.google.com'] }],
        },
      ],
    },
  };
}

export const VALID_OBJECTS: Record<string, () => any> = {
  Gateway: gateway,
  VirtualService: virtualService,
  DestinationRule: destinationRule,
  ServiceEntry: serviceEntry,
  Sidecar: sidecar,
  PeerAuthentication: peerAuthentication,
  AuthorizationPolicy: authorizationPolicy,
};
