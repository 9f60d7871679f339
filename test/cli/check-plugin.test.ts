/**
 * The cdk8s validation plugin, driven by cdk8s-cli's own ValidationContext and PluginManager
 * (what `cdk8s synth` uses), on manifest files in a temp dir.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { PluginManager as PluginManagerType } from 'cdk8s-cli/lib/plugins/_manager';
import type { ValidationContext, ValidationPlugin as ValidationPluginType } from 'cdk8s-cli/lib/plugins/validation';
import { ApiObject, App, Chart } from 'cdk8s';
import { IstioTrafficError } from '../../src/errors';
import { IstioTrafficValidation } from '../../src/plugin';

// cdk8s-cli's package `exports` hide lib/plugins/*, so its modules are loaded by file path: the
// same classes `cdk8s synth` uses.
const CLI_PLUGINS = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'lib', 'plugins');
const { ValidationContext: Context, ValidationPlugin } = require(path.join(CLI_PLUGINS, 'validation.js')) as {
  ValidationContext: typeof ValidationContext;
  ValidationPlugin: typeof ValidationPluginType;
};
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

async function validate(plugin: { validate(c: ValidationContext): Promise<void> }, manifests: string[], metadata = {}): Promise<ValidationContext> {
  const context = new Context(manifests, 'cdk8s-istio-traffic', '0.1.0', metadata, false);
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
    // The Service and the VirtualService are both named reviews: reported by kind, namespace and name.
    const name = 'VirtualService bookinfo/reviews';
    expect(occurrences.map((o) => [o.resourceName, o.manifestPath])).toEqual([[name, manifests[0]], [name, manifests[0]]]);
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

  describe('properties (cdk8s.yaml) are checked when cdk8s-cli loads the plugin', () => {
    /** Loads the plugin as `cdk8s synth` does, with `properties` from cdk8s.yaml. */
    function load(properties: Record<string, unknown>): unknown {
      const manager = new PluginManager(fs.mkdtempSync(path.join(os.tmpdir(), 'cit-plugins-')));
      const pkg = path.join(__dirname, '..', '..', 'src', 'plugin', 'cdk8s-plugin.js');
      return manager.load({ pkg, version: '0.1.0', class: 'IstioTrafficValidation', properties }).instance;
    }
    function errorOf(properties: Record<string, unknown>): IstioTrafficError {
      try {
        load(properties);
      } catch (e) {
        // The plugin module is loaded through ts-node (a second copy of the classes): compare by name.
        expect((e as Error).name).toBe('IstioTrafficError');
        return e as IstioTrafficError;
      }
      throw new Error(`loaded with ${JSON.stringify(properties)}`);
    }

    it.each([
      { name: 'every property with an allowed value', in: { failOn: 'warning', includeInfo: true, outboundTrafficPolicy: 'REGISTRY_ONLY', defaultIngressGateway: false }, valid: true },
      { name: 'failOn info', in: { failOn: 'info' }, valid: true },
      { name: 'no properties', in: {}, valid: true },
      { name: 'failOn: warnings (plural)', in: { failOn: 'warnings' }, valid: false },
      { name: 'failOn: Error (case)', in: { failOn: 'Error' }, valid: false },
      { name: 'failon (key case)', in: { failon: 'warning' }, valid: false },
      { name: 'an unknown key', in: { strict: true }, valid: false },
      { name: 'includeInfo as a string', in: { includeInfo: 'yes' }, valid: false },
      { name: 'outboundTrafficPolicy misspelt', in: { outboundTrafficPolicy: 'REGISTRY-ONLY' }, valid: false },
    ])('$name: valid=$valid', ({ in: properties, valid }) => {
      if (valid) expect(typeof (load(properties) as IstioTrafficValidation).validate).toBe('function');
      else expect(errorOf(properties).code).toBe('CIT905');
    });

    it('names the allowed values of a bad value', () => {
      expect(errorOf({ failOn: 'warnings' }).message).toBe(
        'CIT905 cdk8s.yaml validations[IstioTrafficValidation].properties.failOn: failOn must be one of "error", "warning", "info" (got "warnings"). ' +
        'Fix: set failOn to one of error, warning, info');
    });

    it('names the allowed keys, and the one meant, for an unknown key', () => {
      expect(errorOf({ failon: 'warning' }).message).toBe(
        'CIT905 cdk8s.yaml validations[IstioTrafficValidation].properties.failon: unknown property (got "failon"). ' +
        'Fix: write failOn; the properties are failOn, includeInfo, outboundTrafficPolicy, defaultIngressGateway');
    });

    it('is checked in-process too', () => {
      expect(() => new IstioTrafficValidation({ failOn: 'fatal' as never })).toThrow(/^CIT905 /);
    });
  });

  describe('construct paths in the report', () => {
    /** Two team charts, each with a VirtualService routing to a host that does not exist; cdk8s records construct metadata. */
    async function reportFor(names: { a: string; b: string }) {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cit-paths-'));
      const app = new App({ outdir, recordConstructMetadata: true });
      for (const [team, name] of Object.entries(names)) {
        const chart = new Chart(app, `team-${team}`, { namespace: `ns-${team}` });
        new ApiObject(chart, name, {
          apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name },
          spec: { hosts: [`${name}.ns-${team}.svc.cluster.local`], http: [{ route: [{ destination: { host: `missing.ns-${team}.svc.cluster.local` } }] }] },
        });
      }
      app.synth();
      const manifests = ['team-a.k8s.yaml', 'team-b.k8s.yaml'].map((f) => path.join(outdir, f));
      // cdk8s-cli's own reader of construct-metadata.json (private in its types).
      const metadata = (ValidationPlugin as any).loadConstructMetadata(path.join(outdir, 'construct-metadata.json'));
      const context = await validate(new IstioTrafficValidation(), manifests, metadata);
      return context.report.toJson().violations.flatMap((v) => v.violatingConstructs)
        .filter((c) => c.locations[0].startsWith('VirtualService'))
        .map((c) => ({ resourceName: c.resourceName, constructPath: c.constructPath, file: path.basename(c.manifestPath) }));
    }

    it('gives each object its own construct path when names are unique', async () => {
      expect(await reportFor({ a: 'reviews-a', b: 'reviews-b' })).toEqual([
        { resourceName: 'reviews-a', constructPath: 'team-a/reviews-a', file: 'team-a.k8s.yaml' },
        { resourceName: 'reviews-b', constructPath: 'team-b/reviews-b', file: 'team-b.k8s.yaml' },
      ]);
    });

    it('never shows another team\'s construct path when two teams reuse a name (cdk8s keys metadata by name)', async () => {
      expect(await reportFor({ a: 'reviews', b: 'reviews' })).toEqual([
        { resourceName: 'VirtualService ns-a/reviews', constructPath: undefined, file: 'team-a.k8s.yaml' },
        { resourceName: 'VirtualService ns-b/reviews', constructPath: undefined, file: 'team-b.k8s.yaml' },
      ]);
    });
  });
});
