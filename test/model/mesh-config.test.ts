/**
 * Reading Istio's MeshConfig into the MeshEnvironment: the bare MeshConfig YAML and the `istio`
 * ConfigMap (data.mesh) give the same environment; fields the library does not use are ignored;
 * a bad value of a field it reads is CIT901 with file:line, the field and the allowed values.
 */
import { MeshEnvironment, parseMeshConfig } from '../../src/model';

const BARE = `trustDomain: example.org
rootNamespace: istio-config
outboundTrafficPolicy:
  mode: REGISTRY_ONLY
pathNormalization:
  normalization: MERGE_SLASHES
accessLogFile: /dev/stdout
defaultConfig:
  discoveryAddress: istiod.istio-system.svc:15012
  proxyMetadata:
    ISTIO_META_DNS_CAPTURE: "true"
    ISTIO_META_DNS_AUTO_ALLOCATE: "true"
`;

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio
  namespace: istio-system
data:
  mesh: |-
${BARE.split('\n').map((line) => (line ? `    ${line}` : line)).join('\n')}
  meshNetworks: 'networks: {}'
`;

const FULL: MeshEnvironment = {
  trustDomain: 'example.org', rootNamespace: 'istio-config', outboundTrafficPolicy: 'REGISTRY_ONLY',
  pathNormalization: 'MERGE_SLASHES', dnsAutoAllocate: true,
};

describe('MeshConfig reader', () => {
  it('reads the fields of a bare MeshConfig and ignores the others', () => {
    expect(parseMeshConfig(BARE, 'mesh.yaml')).toEqual(FULL);
  });

  it('reads the istio ConfigMap through data.mesh', () => {
    expect(parseMeshConfig(CONFIGMAP, 'istio-cm.yaml')).toEqual(FULL);
  });

  it('an empty file is the default MeshConfig', () => {
    expect(parseMeshConfig('', 'empty.yaml')).toEqual({});
  });

  it('pathNormalization DEFAULT means BASE (istiod: buildHTTPConnectionManager)', () => {
    expect(parseMeshConfig('pathNormalization:\n  normalization: DEFAULT\n', 'm.yaml')).toEqual({ pathNormalization: 'BASE' });
  });

  it('DNS auto-allocation needs both DNS capture and auto-allocate', () => {
    expect(parseMeshConfig('defaultConfig:\n  proxyMetadata:\n    ISTIO_META_DNS_AUTO_ALLOCATE: "true"\n', 'm.yaml')).toEqual({ dnsAutoAllocate: false });
    expect(parseMeshConfig('defaultConfig:\n  proxyMetadata:\n    ISTIO_META_DNS_CAPTURE: "true"\n    ISTIO_META_DNS_AUTO_ALLOCATE: "true"\n', 'm.yaml')).toEqual({ dnsAutoAllocate: true });
  });

  const errors: { name: string; in: string; where: string; message: RegExp }[] = [
    { name: 'unknown outbound mode', in: 'outboundTrafficPolicy:\n  mode: DENY\n', where: 'm.yaml:2', message: /outboundTrafficPolicy.mode must be one of ALLOW_ANY, REGISTRY_ONLY.*"DENY"/ },
    { name: 'unknown normalization', in: 'trustDomain: td\npathNormalization:\n  normalization: merge_slashes\n', where: 'm.yaml:3', message: /one of DEFAULT, NONE, BASE, MERGE_SLASHES, DECODE_AND_MERGE_SLASHES/ },
    { name: 'outboundTrafficPolicy is not a mapping', in: 'outboundTrafficPolicy: REGISTRY_ONLY\n', where: 'm.yaml:1', message: /outboundTrafficPolicy must be a mapping/ },
    { name: 'trustDomain is not a string', in: 'trustDomain: 42\n', where: 'm.yaml:1', message: /trustDomain must be a non-empty string/ },
    { name: 'a proxyMetadata flag that is not a boolean', in: 'defaultConfig:\n  proxyMetadata:\n    ISTIO_META_DNS_CAPTURE: "yes"\n', where: 'm.yaml:3', message: /ISTIO_META_DNS_CAPTURE must be "true" or "false"/ },
    { name: 'malformed YAML', in: 'trustDomain: [a\n', where: 'm.yaml:', message: /malformed YAML/ },
    { name: 'another kind than ConfigMap', in: 'apiVersion: v1\nkind: Secret\n', where: 'm.yaml:2', message: /not a Secret/ },
    { name: 'a ConfigMap without data.mesh', in: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  other: x\n', where: 'm.yaml:3', message: /no data.mesh/ },
    { name: 'a list instead of a mapping', in: '- a\n', where: 'm.yaml:1', message: /a mesh config is a YAML mapping/ },
  ];
  it.each(errors.map((c) => [c.name, c] as const))('CIT901: %s', (_name, c) => {
    expect(() => parseMeshConfig(c.in, 'm.yaml')).toThrow(expect.objectContaining({ code: 'CIT901' }));
    try {
      parseMeshConfig(c.in, 'm.yaml');
    } catch (e) {
      expect((e as Error).message).toContain(`CIT901 ${c.where}`);
      expect((e as Error).message).toMatch(c.message);
    }
  });

  it('errors inside data.mesh point at the line of the ConfigMap file', () => {
    const text = CONFIGMAP.replace('mode: REGISTRY_ONLY', 'mode: NOPE');
    const line = text.split('\n').findIndex((l) => l.includes('mode: NOPE')) + 1;
    expect(() => parseMeshConfig(text, 'istio-cm.yaml')).toThrow(`CIT901 istio-cm.yaml:${line}: outboundTrafficPolicy.mode must be one of`);
  });
});
