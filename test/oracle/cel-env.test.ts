/**
 * The Kubernetes CEL extensions and overrides behave as cel-go/Kubernetes do, and the
 * environment provides every function the bundle's rules call.
 */
import { isCelError, parse, plan } from '@bufbuild/cel';
import { compiledRules, exprSymbols } from '../../src/analysis/apiserver/cel-rules';
import { GATEWAY_API_FUNCTIONS_USED, KUBERNETES_FUNCTIONS_USED, kubernetesCelEnv } from '../../src/analysis/apiserver/cel-env';
import { loadGatewayApiBundle } from '../../src/analysis/apiserver/installed-crds';
import { loadIstioBundle } from '../../src/analysis/apiserver/istio-crds';
import { isIPv4Format, isIPv6Format, parseAddr } from '../../src/analysis/apiserver/go-ip';
import { parseRequestUri } from '../../src/analysis/apiserver/go-url';

const cache = new Map<string, ReturnType<typeof plan>>();
function evalCel(expr: string, self?: unknown): unknown {
  let p = cache.get(expr);
  if (!p) cache.set(expr, (p = plan(kubernetesCelEnv(), parse(expr))));
  const r = (p as (b: Record<string, unknown>) => unknown)({ self: self ?? null });
  return isCelError(r) ? `error: ${r.message}` : r;
}

describe('Kubernetes CEL environment', () => {
  it('duration(string) follows Go time.ParseDuration', () => {
    expect(evalCel("duration('1h30m') == duration('5400s')")).toBe(true);
    expect(evalCel("duration('1.5s') > duration('1s')")).toBe(true);
    expect(evalCel("duration('500us') < duration('1ms')")).toBe(true);
    expect(evalCel("duration('500µs') == duration('500us')")).toBe(true);
    expect(evalCel("duration('0') == duration('0s')")).toBe(true);
    for (const bad of ['', '-', '+', '10', '1d', 's', '1.5.3s', ' 1s']) {
      expect(evalCel('duration(self)', bad)).toMatch(/^error: /);
    }
  });

  it('int(string) follows Go strconv.ParseInt(s, 10, 64)', () => {
    expect(evalCel('int(self)', '8080')).toBe(8080n);
    expect(evalCel('int(self)', '-1')).toBe(-1n);
    expect(evalCel('int(self)', '+7')).toBe(7n);
    expect(evalCel('int(self)', '9223372036854775807')).toBe(9223372036854775807n);
    for (const bad of ['', ' 80', '80 ', '0x50', '1e3', '8.0', '9223372036854775808']) {
      expect(evalCel('int(self)', bad)).toMatch(/^error: strconv.ParseInt/);
    }
  });

  it('substring counts code points and checks bounds like cel-go', () => {
    expect(evalCel('self.substring(7, 8)', 'unix:///x')).toBe('/');
    expect(evalCel('self.substring(1, 2)', '😀@')).toBe('@');
    expect(evalCel('self.substring(1)', '😀@b')).toBe('@b');
    expect(evalCel('self.substring(7, 8)', 'unix://')).toMatch(/^error: index out of range: 8/);
    expect(evalCel('self.substring(2, 1)', 'abc')).toMatch(/^error: invalid substring range/);
  });

  it('standard string functions and macros the rules rely on', () => {
    expect(evalCel('self.all(k, k.size() != 0)', new Map([['a', 'x'], ['', 'y']]))).toBe(false);
    expect(evalCel('self.all(l1, self.exists_one(l2, l1 == l2))', [1n, 2n, 1n])).toBe(false);
    expect(evalCel("self.matches('^[a-z]+$')", 'abc')).toBe(true);
    expect(evalCel("self.matches('b')", 'abc')).toBe(true); // unanchored, as RE2 MatchString
    expect(evalCel("'😀'.size()")).toBe(1n);
  });

  it('isURL/url/getScheme follow Go url.ParseRequestURI', () => {
    expect(evalCel("url('HTTPS://example.com/a?b').getScheme()")).toBe('https');
    expect(evalCel("url('oci://ghcr.io/org/plugin:1.0').getScheme()")).toBe('oci');
    expect(evalCel("url('/absolute/path').getScheme()")).toBe('');
    expect(evalCel("url('mailto:a@b').getScheme()")).toBe('mailto'); // opaque form
    for (const ok of ['http://example.com', 'file:///opt/a.wasm', '/p', 'http://[::1]:80/', 'http://u:p@h/']) {
      expect([ok, evalCel('isURL(self)', ok)]).toEqual([ok, true]);
    }
    for (const bad of ['', 'ghcr.io/org/plugin', ':foo', 'http://a b/', 'http://host:port/', 'http://h/%zz', 'a\nb', 'http://[::1/']) {
      expect([bad, evalCel('isURL(self)', bad)]).toEqual([bad, false]);
    }
    expect(evalCel("url('nope').getScheme()")).toMatch(/^error: URL parse error/);
    expect(() => parseRequestUri('http://x/%4')).toThrow('invalid URL escape');
  });
});

describe('Kubernetes CEL environment: what the Gateway API rules add', () => {
  it('isIP follows the Kubernetes IP library (netip.ParseAddr, no zone, no IPv4-mapped IPv6)', () => {
    for (const ip of ['1.2.3.4', '0.0.0.0', '255.255.255.255', '::1', '::', '2001:db8::1', 'fe80::1:2:3:4', '::1.2.3.4', '1:2:3:4:5:6:7:8']) {
      expect([ip, evalCel('isIP(self)', ip)]).toEqual([ip, true]);
    }
    for (const not of ['', 'a.example.com', '*.example.com', '01.2.3.4', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.4 ', 'fe80::1%eth0',
      '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', '1:2:3:4:5:6:7::8', '[::1]', '1.2.3.4/32']) {
      expect([not, evalCel('isIP(self)', not)]).toEqual([not, false]);
    }
  });

  it('split, indexing and filter/exists_one behave as in cel-go', () => {
    expect(evalCel("self.split('/')[0].size()", 'example.com/key')).toBe(11n);
    expect(evalCel("self.split('/')[0]", 'key')).toBe('key');
    expect(evalCel("self.filter(f, f == 'CORS').size() <= 1", ['CORS', 'URLRewrite', 'CORS'])).toBe(false);
    expect(evalCel('self.exists_one(x, x == 1)', [1n, 2n])).toBe(true);
    expect(evalCel("self.matches('^(?i)[a-z_]+$')", 'Foo_Bar')).toBe(true); // RE2 flags
    expect(evalCel("self.matches('(a)\\\\1')", 'aa')).toMatch(/^error: /); // RE2 has no backreferences (JS RegExp would match)
    expect(evalCel("self.matches('^\\\\pL+$')", 'é')).toBe(true); // RE2 Unicode classes
    expect(evalCel("duration('0s') != duration('0ms')")).toBe(false);
  });
});

describe('the environment covers the bundle', () => {
  const bundle = loadIstioBundle();
  const rules = bundle.versions.flatMap((v) => compiledRules(v).rules);

  it('every rule of every CRD in the bundle calls only provided functions', () => {
    const called = new Set(rules.flatMap((r) => [...exprSymbols(r.spec.rule).functions]));
    expect([...called].sort()).toEqual([...KUBERNETES_FUNCTIONS_USED].sort());
  });

  it('every rule compiles to a program (no transition or unsupported rules in 1.30.3)', () => {
    expect(rules.length).toBeGreaterThan(89);
    expect(rules.filter((r) => !r.program).map((r) => r.id)).toEqual([]);
  });
});

describe('the environment covers the Gateway API v1.5.1 standard bundle', () => {
  const bundle = loadGatewayApiBundle();
  const rules = bundle.versions.flatMap((v) => compiledRules(v).rules);

  it('every rule calls only provided functions', () => {
    const called = new Set(rules.flatMap((r) => [...exprSymbols(r.spec.rule).functions]));
    expect([...called].sort()).toEqual([...GATEWAY_API_FUNCTIONS_USED].sort());
  });

  it('every function it calls exists in the environment: each evaluates without "no such overload"', () => {
    const probes: Record<string, [string, unknown]> = {
      isIP: ['isIP(self)', '1.2.3.4'], split: ["self.split('/')", 'a/b'], substring: ['self.substring(2)', '*.a'],
      matches: ["self.matches('a')", 'a'], startsWith: ["self.startsWith('a')", 'a'], endsWith: ["self.endsWith('a')", 'a'],
      contains: ["self.contains('a')", 'a'], size: ['size(self)', 'a'], duration: ["duration('1s')", null],
    };
    for (const fn of GATEWAY_API_FUNCTIONS_USED.filter((f) => /^[a-zA-Z]/.test(f))) {
      const [expr, self] = probes[fn]!;
      expect([fn, evalCel(expr, self)]).not.toEqual([fn, expect.stringMatching(/^error/)]);
    }
  });
});

describe('Go IP parsing behind the ipv4/ipv6 formats and isIP', () => {
  it('parseAddr reports Go\'s reason', () => {
    expect(() => parseAddr('01.2.3.4')).toThrow('ParseAddr("01.2.3.4"): IPv4 field has octet with leading zero');
    expect(() => parseAddr('1::2::3')).toThrow('multiple :: in address');
    expect(() => parseAddr('fe80::1%')).toThrow('zone must be a non-empty string');
    expect(parseAddr('::ffff:1.2.3.4').bytes).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4]);
    expect(parseAddr('fe80::1%eth0').zone).toBe('eth0');
  });

  it('the formats follow govalidator: net.ParseIP plus a "." (ipv4) or ":" (ipv6) in the text', () => {
    expect(['10.0.0.1', '::ffff:10.0.0.1', '::1', 'fe80::1%eth0', '10.0.0.256', 'lb.example.com'].map((s) => [s, isIPv4Format(s), isIPv6Format(s)])).toEqual([
      ['10.0.0.1', true, false], ['::ffff:10.0.0.1', true, true], ['::1', false, true], ['fe80::1%eth0', false, false],
      ['10.0.0.256', false, false], ['lb.example.com', false, false],
    ]);
  });
});
