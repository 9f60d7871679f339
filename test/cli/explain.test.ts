/**
 * `cdk8s-istio-traffic explain`, run in-process through runCli with captured output.
 */
import * as path from 'path';
import { runCli } from '../../src/cli/main';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'explain');
const seed = (name: string) => path.join(FIXTURES, name);

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['explain', ...argv], { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, isTTY: false });
  return { code, stdout, stderr };
}

describe('explain command', () => {
  it('explains seed 000 from gateway gw-2 in text: //orders on svc-1', async () => {
    const { code, stdout, stderr } = await run(seed('seed-000-three-teams.yaml'), '--from', 'vamp-test2/gw-2', '--host', 'vamp-gw3.democluster.net', '--path', '/svc1/orders');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('hop 1: gateway Deployment vamp-test2/gw-2-gateway :80');
    expect(stdout).toContain('VirtualService vamp-test2/vs-3 http[0] match[0]');
    expect(stdout).toMatch(/100\.0% → svc-1\.vamp-test1\.svc\.cluster\.local:9090 .* path \/\/orders/);
  });

  it('reads a whole folder and resolves a short host from a workload (--from ns:labels), with cookies', async () => {
    const { code, stdout } = await run(FIXTURES, '--from', 'default:app=productpage', '--host', 'reviews', '--port', '9080', '--path', '/reviews/1', '--cookie', 'user=jason');
    expect(code).toBe(0);
    expect(stdout).toContain('host resolves to reviews.default.svc.cluster.local');
    expect(stdout).toContain('subset v2');
  });

  it('prints JSON with --format json', async () => {
    const { code, stdout } = await run(seed('seed-001-rollout.yaml'), '--from', 'default/website-gateway', '--host', 'www.example.com', '--path', '/?a=1', '--header', 'x-user=bob', '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.outcome).toBe('routed');
    expect(json.destinations.map((d: any) => [d.subset, d.share, d.workloads])).toEqual([['version-1', 0.9, ['web-v1']], ['version-2', 0.1, ['web-v2']]]);
    expect(json.request.headers).toEqual({ 'x-user': 'bob' });
    expect(json.request.queryParams).toEqual({ a: '1' });
    expect(json.hops[0].virtualService).toBe('default/website-virtual-service');
  });

  it('exits 0 for a blocked request under --registry-only (explained, whatever the outcome)', async () => {
    const { code, stdout } = await run(seed('seed-004-egress.yaml'), '--registry-only', '--from', 'default:app=echo', '--host', 'example.com', '--path', '/');
    expect(code).toBe(0);
    expect(stdout).toContain('outcome: blocked 502');
  });

  it('follows the egress gateway: two hop lines', async () => {
    const { code, stdout } = await run(seed('seed-004-egress.yaml'), '--registry-only', '--from', 'default:app=echo', '--host', 'httpbin.org', '--path', '/headers');
    expect(code).toBe(0);
    expect(stdout).toContain('hop 1: sidecar default {app=echo}');
    expect(stdout).toContain('hop 2: gateway Deployment default/egress :80');
    expect(stdout).toContain('100.0% → httpbin.org:80 · external (ServiceEntry)');
  });

  it.each([
    ['unknown gateway', ['--from', 'default/nope', '--host', 'x', '--path', '/'], /CIT200 .*"default\/nope".*Fix: use one of default\/website-gateway/],
    ['path without /', ['--from', 'default/website-gateway', '--host', 'x', '--path', 'orders'], /CIT210 .*"orders".*Fix: .*"\/orders"/],
    ['malformed --header', ['--from', 'default/website-gateway', '--host', 'x', '--path', '/', '--header', 'x-user'], /CIT241 --header: expected name=value \(got "x-user"\)/],
    ['malformed --from', ['--from', 'website-gateway', '--host', 'x', '--path', '/'], /CIT240 --from: .*"website-gateway"/],
    ['bad --port', ['--from', 'default/website-gateway', '--host', 'x', '--path', '/', '--port', '80x'], /CIT242 --port/],
  ])('exits 2 with one clear line for %s', async (_name, flags, message) => {
    const { code, stdout, stderr } = await run(seed('seed-001-rollout.yaml'), ...(flags as string[]));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message as RegExp);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 when a required flag is missing', async () => {
    const { code, stderr } = await run(seed('seed-001-rollout.yaml'), '--from', 'default/website-gateway', '--host', 'x');
    expect(code).toBe(2);
    expect(stderr).toContain("required option '--path <path>' not specified");
  });

  it('exits 2 for a missing manifest file', async () => {
    const { code, stderr } = await run(path.join(FIXTURES, 'missing.yaml'), '--from', 'a/b', '--host', 'x', '--path', '/');
    expect(code).toBe(2);
    expect(stderr).toContain('CIT900');
  });
});

describe('explain command: authorization and mTLS (issue 12)', () => {
  const LEDGER = path.join(__dirname, '..', 'fixtures', 'explain-authz', 'ledger.yaml');

  it('a routed request that the destination refuses is `denied` 403, with the denial in the JSON', async () => {
    const { code, stdout } = await run(LEDGER, '--from', 'payments:app=batch-job', '--host', 'ledger.ledger', '--path', '/', '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ outcome: 'denied', status: 403, denial: { policy: 'no ALLOW policy matched', at: 'Deployment ledger/ledger' } });
    expect(json.destinations).toHaveLength(1);
    expect(json.hops).toHaveLength(1);
  });

  it('prints the refusal in text', async () => {
    const { stdout } = await run(LEDGER, '--from', 'payments:app=batch-job', '--host', 'ledger.ledger', '--path', '/');
    expect(stdout).toContain('outcome: denied 403');
    expect(stdout).toContain('refused by no ALLOW policy matched at Deployment ledger/ledger');
  });

  it('a plaintext hop to a STRICT workload is `reset` (503 from the calling proxy)', async () => {
    const { stdout } = await run(LEDGER, '--from', 'payments:app=batch-job', '--host', 'ledger.ledger', '--port', '81', '--path', '/', '--format', 'json');
    expect(JSON.parse(stdout)).toMatchObject({ outcome: 'reset', status: 503, denial: { policy: 'PeerAuthentication ledger/default' } });
  });
});

describe('explain command: --scheme https and --client-cert at a gateway', () => {
  const file = path.join(__dirname, '..', 'fixtures', 'explain-tls', 'mutual-gateway.yaml');

  it('a MUTUAL server without a client certificate resets the connection', async () => {
    const { code, stdout } = await run(file, '--from', 'shop/secure', '--host', 'shop.example.com', '--scheme', 'https', '--path', '/');
    expect(code).toBe(0);
    expect(stdout).toContain('on port 443');
    expect(stdout).toContain('outcome: reset');
    expect(stdout).toContain('tls MUTUAL and the client presents no certificate');
  });

  it('with --client-cert the request is routed, with the route\'s header changes in the JSON', async () => {
    const { code, stdout } = await run(file, '--from', 'shop/secure', '--host', 'shop.example.com', '--scheme', 'https', '--client-cert', '--path', '/', '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.outcome).toBe('routed');
    expect(json.hops[0].tls).toMatchObject({ action: 'terminated', mode: 'MUTUAL', sni: 'shop.example.com' });
    expect(json.hops[0].requestHeaders).toEqual({ set: { 'x-tls': 'client-cert' } });
    expect(json.destinations[0].headers).toEqual({ 'x-tls': 'client-cert' });
  });

  it('plain http to the HTTPS-only port finds no filter chain', async () => {
    const { stdout } = await run(file, '--from', 'shop/secure', '--host', 'shop.example.com', '--port', '443', '--path', '/');
    expect(stdout).toContain('no filter chain matches a plaintext connection');
  });
});
