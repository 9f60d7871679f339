/**
 * `cdk8s-istio-traffic explain` on YAML with a delegate VirtualService: the text trace and the JSON
 * hop name the delegate rule (virtualservice.go mergeVirtualServicesIfNeeded).
 */
import * as path from 'path';
import { runCli } from '../../src/cli/main';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'explain-delegates', 'delegates.yaml');

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['explain', FIXTURE, '--from', 'platform/public', '--host', 'shop.example.com', ...argv],
    { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, isTTY: false });
  return { code, stdout, stderr };
}

describe('explain with a delegate VirtualService', () => {
  it('the text trace names the root rule, the delegate rule and the merged match', async () => {
    const { code, stdout, stderr } = await run('--path', '/api/v2/orders');
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toContain('VirtualService platform/site http[0] "api-v2" match[0] · delegate team-api/api-routes http[0] match[0] · timeout 5s');
    expect(stdout).toContain('merged match: uri prefix "/api/v2"');
    expect(stdout).toContain('→ orders.team-api.svc.cluster.local:80');
  });

  it('--format json: the hop names the delegate', async () => {
    const { code, stdout } = await run('--path', '/api/v2/orders', '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).hops[0]).toMatchObject({ virtualService: 'platform/site', ruleIndex: 0, delegate: 'team-api/api-routes', delegateRuleIndex: 0 });
  });

  it('near miss: /admin is outside the root match, so the dropped delegate rule does not take it', async () => {
    const { code, stdout } = await run('--path', '/admin', '--format', 'json');
    expect(code).toBe(0);
    const hop = JSON.parse(stdout).hops[0];
    expect([hop.ruleIndex, hop.delegate]).toEqual([1, undefined]);
  });
});
