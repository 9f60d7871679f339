/**
 * MeshConfig pathNormalization, as Envoy applies it before routing. The tables are Istio's own
 * expectations (tests/integration/security/normalization_test.go TestNormalization), per mode:
 * istiod maps the mode onto normalize_path / merge_slashes / path_with_escaped_slashes_action
 * (listener_builder.go buildHTTPConnectionManager).
 */
import { MeshModel } from '../../src/model';
import { explain, explanationToJson, formatExplanation, normalizePath } from '../../src/simulate';
import { base, NS, vs } from './topology';

type Row = readonly [input: string, output: string];

const COMMON: readonly Row[] = [['/', '/'], ['/app#foo', '/app'], ['/app/', '/app/'], ['/app', '/app']];

const TABLE: Record<string, readonly Row[]> = {
  NONE: [
    ...COMMON, ['/app/../admin', '/app/../admin'], ['/app//', '/app//'], ['/app/%2f', '/app/%2f'], ['/app%2f/', '/app%2f/'],
    ['/xyz%30..//abc', '/xyz%30..//abc'], ['/app/%2E./admin', '/app/%2E./admin'], ['/app\\admin', '/app\\admin'],
    ['/app/\\/\\/\\admin', '/app/\\/\\/\\admin'], ['/%2Fapp%5cadmin%5Cabc', '/%2Fapp%5cadmin%5Cabc'],
    ['/%5Capp%2f%5c%2F%2e%2e%2fadmin%5c\\abc', '/%5Capp%2f%5c%2F%2e%2e%2fadmin%5c\\abc'], ['/app//../admin', '/app//../admin'],
    ['/app//../../admin', '/app//../../admin'],
  ],
  BASE: [
    ...COMMON, ['/app/../admin', '/admin'], ['/app//', '/app//'], ['/app/%2f', '/app/%2f'], ['/app%2f/', '/app%2f/'],
    ['/xyz%30..//abc', '/xyz0..//abc'], ['/app/%2E./admin', '/admin'], ['/app\\admin', '/app/admin'],
    ['/app/\\/\\/\\admin', '/app//////admin'], ['/%2Fapp%5cadmin%5Cabc', '/%2Fapp%5cadmin%5Cabc'],
    ['/%5Capp%2f%5c%2F%2e%2e%2fadmin%5c\\abc', '/%5Capp%2f%5c%2F..%2fadmin%5c/abc'], ['/app//../admin', '/app/admin'],
    ['/app//../../admin', '/admin'],
  ],
  MERGE_SLASHES: [
    ...COMMON, ['/app/../admin', '/admin'], ['/app//', '/app/'], ['/app/%2f', '/app/%2f'], ['/app%2f/', '/app%2f/'],
    ['/xyz%30..//abc', '/xyz0../abc'], ['/app/%2E./admin', '/admin'], ['/app\\admin', '/app/admin'],
    ['/app/\\/\\/\\admin', '/app/admin'], ['/%2Fapp%5cadmin%5Cabc', '/%2Fapp%5cadmin%5Cabc'],
    ['/%5Capp%2f%5c%2F%2e%2e%2fadmin%5c\\abc', '/%5Capp%2f%5c%2F..%2fadmin%5c/abc'], ['/app//../admin', '/app/admin'],
    ['/app//../../admin', '/admin'],
  ],
  DECODE_AND_MERGE_SLASHES: [
    ...COMMON, ['/app/../admin', '/admin'], ['/app//', '/app/'], ['/app/%2f', '/app/'], ['/app%2f/', '/app/'],
    ['/xyz%30..//abc', '/xyz0../abc'], ['/app/%2E./admin', '/admin'], ['/app\\admin', '/app/admin'],
    ['/app/\\/\\/\\admin', '/app/admin'], ['/%2Fapp%5cadmin%5Cabc', '/app/admin/abc'],
    ['/%5Capp%2f%5c%2F%2e%2e%2fadmin%5c\\abc', '/app/admin/abc'], ['/app//../admin', '/app/admin'],
    ['/app//../../admin', '/admin'], ['/%c0%2e%c0%2e/admin', '/%c0.%c0./admin'], ['/%c0%2fadmin', '/%c0/admin'],
    // "NotNormalized": look-alikes of dots and slashes stay as they are
    ['/0x2e0x2e/admin', '/0x2e0x2e/admin'], ['/%25c0%25ae%25c0%25ae/admin', '/%25c0%25ae%25c0%25ae/admin'],
    ['/%252e%252e%252fadmin', '/%252e%252e%252fadmin'], ['/%c0%ae%c0%ae/admin', '/%c0%ae%c0%ae/admin'],
    ['/.../admin', '/.../admin'], ['/..;/admin', '/..;/admin'], ['/admin;a=b/xyz', '/admin;a=b/xyz'], ['/ADMIN', '/ADMIN'],
  ],
};

describe('pathNormalization (Istio TestNormalization)', () => {
  for (const [mode, rows] of Object.entries(TABLE)) {
    it.each(rows.map(([input, output]) => [input, output] as const))(`${mode}: %s → %s`, (input, output) => {
      expect(normalizePath(input, mode)).toBe(output);
    });
  }

  // "PercentEncoded": %01..%ff under DECODE_AND_MERGE_SLASHES; only unreserved characters and the
  // two slashes are decoded.
  it('DECODE_AND_MERGE_SLASHES decodes exactly the unreserved characters, / and \\', () => {
    for (let i = 1; i <= 0xff; i++) {
      const input = `/admin%${i.toString(16).padStart(2, '0')}`;
      const char = String.fromCharCode(i);
      const decoded = /[A-Za-z0-9\-._~]/.test(char) ? `/admin${char}` : char === '/' || char === '\\' ? '/admin/' : input;
      expect([input, normalizePath(input, 'DECODE_AND_MERGE_SLASHES')]).toEqual([input, decoded]);
    }
  });

  it('the query string is not normalized', () => {
    expect(normalizePath('/a/../b?next=/x/../y', 'BASE')).toBe('/b?next=/x/../y');
  });

  it('an encoded NUL is rejected (Envoy answers 400): CIT219', () => {
    expect(() => normalizePath('/admin%00', 'DECODE_AND_MERGE_SLASHES')).toThrow(expect.objectContaining({ code: 'CIT219' }));
  });
});

describe('explain routes on the normalized path', () => {
  const objects = [
    ...base(),
    vs('site', { hosts: ['shop.example.com'], gateways: ['public'], http: [
      { match: [{ uri: { prefix: '/svc1/' } }], route: [{ destination: { host: 'web', subset: 'v1' } }] },
      { match: [{ uri: { prefix: '/svc2/' } }], route: [{ destination: { host: 'web', subset: 'v2' } }] },
    ] }, NS),
  ];
  const request = { from: { gateway: 'shop/public' }, host: 'shop.example.com', path: '/svc2/../svc1/orders' };

  it('default BASE: /svc2/../svc1/orders is routed as /svc1/orders, and forwarded so', () => {
    const result = explain(MeshModel.fromObjects(objects), request);
    expect(result.normalizedPath).toBe('/svc1/orders');
    expect(result.destinations.map((d) => [d.subset, d.path])).toEqual([['v1', '/svc1/orders']]);
    expect(formatExplanation(result)).toContain('path normalizes to /svc1/orders');
    expect(explanationToJson(result)).toMatchObject({ normalizedPath: '/svc1/orders', request: { path: '/svc2/../svc1/orders' } });
  });

  it('NONE: the raw path matches /svc2/', () => {
    const result = explain(MeshModel.fromObjects(objects, { pathNormalization: 'NONE' }), request);
    expect(result.normalizedPath).toBe('/svc2/../svc1/orders');
    expect(result.destinations.map((d) => d.subset)).toEqual(['v2']);
  });

  it('MERGE_SLASHES: //svc1//orders matches prefix /svc1/', () => {
    const result = explain(MeshModel.fromObjects(objects, { pathNormalization: 'MERGE_SLASHES' }), { ...request, path: '//svc1//orders' });
    expect([result.normalizedPath, result.destinations.map((d) => d.subset)]).toEqual(['/svc1/orders', ['v1']]);
  });

  it('BASE keeps //svc1/orders, which misses prefix /svc1/: 404', () => {
    const result = explain(MeshModel.fromObjects(objects), { ...request, path: '//svc1/orders' });
    expect([result.outcome, result.status]).toEqual(['no-route', 404]);
  });
});
