/**
 * The package as a new user gets it: compiled, packed with `npm pack`, installed into a fresh
 * chart repo outside this repository (a temp dir, its own node_modules), and used from there —
 * the README's tour synthesised with `node`, the validation plugin loaded from node_modules as
 * cdk8s-cli loads it, a matcher from `cdk8s-istio-traffic/testing`, and the typings resolved by
 * `tsc` through the package's `exports` and `typesVersions`.
 *
 * The build goes to the temp dir (`tsc -p tsconfig.build.json --outDir`), never to this repo's
 * lib/, so other suites never run compiled code. `npm install --prefer-offline` takes the
 * dependencies from the npm cache `npm ci` filled, asking the registry only for what is missing.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const MINUTES = 60_000;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(command, args, {
    cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', npm_config_update_notifier: 'false', ...env },
  });
}

/** The version this repository is developed against, so the install is served from the npm cache. */
function installedVersion(pkg: string): string {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

/** The README's tour (the first ```ts block), as CommonJS a consumer runs with `node`. */
function readmeTour(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const [, source] = readme.match(/```ts\n([\s\S]*?)```/)!;
  return ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
}

const CONSUMER_TS = `import { Team, VersionedService, MeshApp } from 'cdk8s-istio-traffic';
import { istioMatchers, TestRequest } from 'cdk8s-istio-traffic/testing';
const app = new MeshApp();
const team = new Team(app, 'shop', { namespace: 'shop' });
const web = new VersionedService(team, 'web', { versions: [{ name: 'v1', image: 'web:1' }] });
const request: TestRequest = { from: web.subset('v1'), host: 'web', path: '/' };
export const routed: boolean = istioMatchers.toRoute.call({}, app, request, web.subset('v1')).pass;
`;

/** Type-checks CONSUMER_TS in the app as a user's tsconfig would, with the given resolution. */
function typeErrors(appDir: string, moduleKind: ts.ModuleKind, resolution: ts.ModuleResolutionKind): string[] {
  const file = path.join(appDir, 'consumer.ts');
  fs.writeFileSync(file, CONSUMER_TS);
  const program = ts.createProgram([file], {
    module: moduleKind, moduleResolution: resolution, target: ts.ScriptTarget.ES2022,
    strict: true, noEmit: true, skipLibCheck: true, types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('the packed package, installed into a fresh chart repo', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cit-pack-'));
  const pkgDir = path.join(work, 'package');
  const appDir = path.join(work, 'chart-repo');
  let packed: { filename: string; files: { path: string }[] };
  const timings: Record<string, number> = {};
  const timed = <T>(label: string, step: () => T): T => {
    const start = Date.now();
    try {
      return step();
    } finally {
      timings[label] = Date.now() - start;
    }
  };

  beforeAll(() => {
    // What `npm pack` sees in a checkout after `npm run build`, without writing this repo's lib/.
    fs.mkdirSync(pkgDir);
    for (const file of ['package.json', 'README.md', 'LICENSE', 'NOTICE']) fs.copyFileSync(path.join(ROOT, file), path.join(pkgDir, file));
    fs.cpSync(path.join(ROOT, 'bin'), path.join(pkgDir, 'bin'), { recursive: true });
    timed('build', () => run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', path.join(pkgDir, 'lib')], ROOT));
    // --ignore-scripts: prepack would build again, into the copy's (absent) sources.
    [packed] = JSON.parse(timed('pack', () => run(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], pkgDir)));

    fs.mkdirSync(appDir);
    fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify({ name: 'team-chart-repo', version: '1.0.0', private: true }));
    timed('install', () => run(NPM, [
      'install', path.join(work, packed.filename),
      `cdk8s@${installedVersion('cdk8s')}`, `constructs@${installedVersion('constructs')}`, `cdk8s-plus-27@${installedVersion('cdk8s-plus-27')}`,
      '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock',
    ], appDir));
  }, 8 * MINUTES);

  afterAll(() => {
    // Seen in the jest output, so the cost of this suite stays visible.
    process.stdout.write(`pack-install timings (ms): ${JSON.stringify(timings)}\n`);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('ships the licence, the compiled library and only the imports it uses', () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining([
      'LICENSE', 'NOTICE', 'README.md', 'package.json', 'bin/cdk8s-istio-traffic.js',
      'lib/src/index.js', 'lib/src/index.d.ts', 'lib/src/testing/index.js', 'lib/src/testing/index.d.ts', 'lib/src/plugin/index.js',
      'lib/imports/networking.istio.io.js', 'lib/imports/security.istio.io.js',
    ]));
    expect(files.filter((f) => /telemetry|extensions|^src\/|^test\/|^lib\/(test|examples|bench|scripts)\//.test(f))).toEqual([]);
    const manifest = JSON.parse(fs.readFileSync(path.join(appDir, 'node_modules', 'cdk8s-istio-traffic', 'package.json'), 'utf8'));
    expect(manifest.license).toBe('Apache-2.0');
    expect(fs.readFileSync(path.join(appDir, 'node_modules', 'cdk8s-istio-traffic', 'LICENSE'), 'utf8')).toContain('Apache License\n                           Version 2.0, January 2004');
  });

  it('synthesises the README tour, validates it with the plugin from node_modules and routes with the testing matchers', () => {
    fs.writeFileSync(path.join(appDir, 'main.js'), readmeTour());
    timed('synth', () => run(process.execPath, ['main.js'], appDir));
    fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'package', 'validate.js'), path.join(appDir, 'validate.js'));
    const cliPlugins = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'lib', 'plugins');
    const result = JSON.parse(timed('validate', () => run(process.execPath, ['validate.js'], appDir, { CDK8S_CLI_PLUGINS: cliPlugins })));
    expect(result.files).toEqual(['topology.md', 'topology.svg', 'vamp-test1.k8s.yaml', 'vamp-test2.k8s.yaml', 'vamp-test3.k8s.yaml']);
    // The tour's team 3 runs no workloads, so its default deny selects none: a warning, which failOn: error lets pass.
    expect({ status: result.status, errors: result.metadata.errors, violations: result.violations }).toEqual({
      status: 'success', errors: '0', violations: ['IST0127 NoMatchingWorkloadsFound (warning)'],
    });
    expect(result.badProperties).toMatch(/^CIT905 .*failOn must be one of "error", "warning", "info" \(got "warnings"\)/);
    expect(result.matcher).toEqual({ routed: true, wrong: false, message: expect.stringContaining('reviews') });
  }, 4 * MINUTES);

  it('runs under `cdk8s synth` with the plugin from node_modules; a misspelt property stops it with CIT905', () => {
    const cdk8s = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');
    const config = (failOn: string) => [
      'app: node main.js',
      'validations:',
      '  - package: ./node_modules/cdk8s-istio-traffic/lib/src/plugin/index.js',
      '    version: 0.1.0',
      '    class: IstioTrafficValidation',
      '    properties:',
      `      failOn: ${failOn}`,
      '',
    ].join('\n');
    fs.writeFileSync(path.join(appDir, 'main.js'), readmeTour());
    fs.writeFileSync(path.join(appDir, 'cdk8s.yaml'), config('error'));
    const ok = timed('cdk8s synth', () => spawnSync(process.execPath, [cdk8s, 'synth'], { cwd: appDir, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } }));
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });
    expect(ok.stdout).toContain('IST0127 NoMatchingWorkloadsFound (warning)');
    expect(ok.stdout).toContain('Validations ended succesfully');
    // Every team has an allow-nothing policy: reported by kind, namespace and name, with no borrowed construct path.
    expect(ok.stdout).toContain('- Resource Name: AuthorizationPolicy vamp-test3/allow-nothing');

    fs.writeFileSync(path.join(appDir, 'cdk8s.yaml'), config('warnings'));
    const bad = spawnSync(process.execPath, [cdk8s, 'synth'], { cwd: appDir, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain('CIT905 cdk8s.yaml validations[IstioTrafficValidation].properties.failOn: failOn must be one of "error", "warning", "info" (got "warnings")');
  }, 4 * MINUTES);

  it('resolves `cdk8s-istio-traffic` and `cdk8s-istio-traffic/testing` typings (node16 exports and node10 typesVersions)', () => {
    timed('typecheck', () => {
      expect(typeErrors(appDir, ts.ModuleKind.Node16, ts.ModuleResolutionKind.Node16)).toEqual([]);
      expect(typeErrors(appDir, ts.ModuleKind.CommonJS, ts.ModuleResolutionKind.Node10)).toEqual([]);
    });
  }, 4 * MINUTES);

  it('rejects the deep import the old docs told users to write', () => {
    const probe = `try { require('cdk8s-istio-traffic/lib/src/testing'); console.log('loaded') } catch (e) { console.log(e.code) }`;
    expect(run(process.execPath, ['-e', probe], appDir).trim()).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });
});
