/**
 * The cdk8s validation plugin, driven by cdk8s-cli's own ValidationContext and PluginManager
 * (what `cdk8s synth` uses), on manifest files in a temp dir.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { PluginManager as PluginManagerType } from 'cdk8s-cli/lib/plugins/_manager';
import type { ValidationContext } from 'cdk8s-cli/lib/plugins/validation';
import { IstioTrafficValidation } from '../../src/plugin';

// cdk8s-cli's package `exports` hide lib/plugins/*, so its modules are loaded by file path: the
// same classes `cdk8s synth` uses.
const CLI_PLUGINS = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'lib', 'plugins');
const { ValidationContext: Context } = require(path.join(CLI_PLUGINS, 'validation.js')) as { ValidationContext: typeof ValidationContext };
const { PluginManager } = require(path.join(CLI_PLUGINS, '_manager.js')) as { PluginManager: typeof PluginManagerType };

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'check');

/** Copies fixtures into a temp "dist/" as synth would write them. */
function synthesised(...fixtures: string[]): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cit-plugin-'));
  return fixtures.map((f, i) => {
    const target = path.join(dir, `${i}-${path.basename(f)}`);
    fs.copyFileSync(path.join(FIXTURES, f), target);
    return target;
  });
}

async function validate(plugin: { validate(c: ValidationContext): Promise<void> }, manifests: string[]): Promise<ValidationContext> {
  const context = new Context(manifests, 'cdk8s-istio-traffic', '0.1.0', {}, false);
  await plugin.validate(context);
  return context;
}

describe('IstioTrafficValidation (cdk8s validation plugin)', () => {
  it('fails the report on errors, one violation per code and severity', async () => {
    const manifests = synthesised('cli/bad.yaml');
    const context = await validate(new IstioTrafficValidation(), manifests);
    expect(context.report.success).toBe(false);
    const json = context.report.toJson();
    expect(json.summary.metadata).toEqual({ errors: '2', warnings: '0', info: '1' });
    expect(json.violations.map((v) => v.ruleName)).toEqual(['IST0101 ReferencedResourceNotFound (error)']);
    const occurrences = json.violations[0].violatingConstructs;
    expect(occurrences.map((o) => [o.resourceName, o.manifestPath])).toEqual([['reviews', manifests[0]], ['reviews', manifests[0]]]);
    expect(occurrences[0].locations[0]).toMatch(/^VirtualService bookinfo\/reviews: Referenced host not found: "ratings".* Fix: /);
    expect(context.report.toString()).toContain('IST0101 ReferencedResourceNotFound (error) (2 occurrences)');
    expect(json.violations[0].fix).toBe('see https://istio.io/latest/docs/reference/config/analysis/ist0101/');
  });

  it('links the library\'s own codes to their docs/codes.md anchor', async () => {
    const context = await validate(new IstioTrafficValidation({ failOn: 'warning' }), synthesised('cli/warn-only.yaml'));
    const fixes = context.report.toJson().violations.map((v) => v.fix);
    expect(fixes).toEqual(['see https://istio.io/latest/docs/reference/config/analysis/ist0173/']);
    const [file] = synthesised('cli/malformed.yaml');
    const [violation] = (await validate(new IstioTrafficValidation(), [file])).report.toJson().violations;
    expect(violation.fix).toMatch(/ \(see docs\/codes\.md#cit900\)$/);
  });

  it('passes clean manifests (seed 001)', async () => {
    const context = await validate(new IstioTrafficValidation(), synthesised('seeds/001-website.yaml'));
    expect(context.report.success).toBe(true);
    expect(context.report.toJson().violations).toEqual([]);
  });

  it('passes with warnings unless failOn is warning', async () => {
    const manifests = synthesised('cli/warn-only.yaml');
    const lenient = await validate(new IstioTrafficValidation(), manifests);
    expect(lenient.report.success).toBe(true);
    expect(lenient.report.toJson().violations.map((v) => v.ruleName)).toEqual(['IST0173 DestinationRuleSubsetNotSelectPods (warning)']);
    expect((await validate(new IstioTrafficValidation({ failOn: 'warning' }), manifests)).report.success).toBe(false);
  });

  it('applies the environment from properties', async () => {
    const manifests = synthesised('seeds/001-website.yaml');
    const context = await validate(new IstioTrafficValidation({ defaultIngressGateway: false }), manifests);
    expect(context.report.success).toBe(false);
    expect(context.report.toJson().violations[0].violatingConstructs[0].locations[0]).toContain('Referenced selector not found: "istio=ingressgateway"');
  });

  it('reports unusable manifests as a CIT900 failure with file:line', async () => {
    const [file] = synthesised('cli/malformed.yaml');
    const context = await validate(new IstioTrafficValidation(), [file]);
    expect(context.report.success).toBe(false);
    const [violation] = context.report.toJson().violations;
    expect(violation.ruleName).toBe('CIT900 UnusableInput');
    expect(violation.recommendation).toMatch(new RegExp(`^CIT900 ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+: malformed YAML`));
  });

  it('loads through cdk8s-cli\'s PluginManager from the local path used in cdk8s.yaml', async () => {
    const manager = new PluginManager(fs.mkdtempSync(path.join(os.tmpdir(), 'cit-plugins-')));
    const cwd = process.cwd();
    process.chdir(path.join(__dirname, '..', '..'));
    try {
      const plugin = manager.load({ pkg: './src/plugin/cdk8s-plugin.js', version: '0.1.0', class: 'IstioTrafficValidation', properties: { failOn: 'error' } });
      const context = await validate(plugin.instance as IstioTrafficValidation, synthesised('cli/bad.yaml'));
      expect(context.report.success).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  });
});
