/**
 * `check <files or dirs...>`: istiod's validation and istioctl analyze's cross-resource checks on
 * manifests, without a cluster.
 */
import { Command, Option } from 'commander';
import { check, Finding, hasErrors } from '../analysis';
import { describeResource, MeshModel } from '../model';
import { environmentFrom, MESH_CONFIG_HELP, REGISTRY_ONLY_HELP, EXIT_FINDINGS, ioOf, Palette, paletteFor, setExitCode } from './output';

interface CheckOptions {
  readonly format: 'text' | 'json';
  readonly registryOnly?: boolean;
  readonly meshConfig?: string;
  readonly defaultIngressGateway: boolean;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('report what istiod\'s webhook or istioctl analyze would reject in Kubernetes/Istio manifests')
    .argument('<paths...>', 'YAML/JSON manifest files or folders (searched recursively)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--mesh-config <file>', MESH_CONFIG_HELP)
    .option('--registry-only', REGISTRY_ONLY_HELP)
    .option('--no-default-ingress-gateway', 'do not assume Istio\'s default istio-ingressgateway in istio-system')
    .action((paths: string[], options: CheckOptions, command: Command) => {
      const io = ioOf(command);
      // Unusable input throws IstioTrafficError; runCli prints its one line and exits 2.
      const model = MeshModel.fromFiles(paths, environmentFrom(options));
      const findings = check(model);
      if (options.format === 'json') io.stdout(`${JSON.stringify(findings.map(toJson), null, 2)}\n`);
      else io.stdout(renderText(findings, model.resources.length, paletteFor(io)));
      if (hasErrors(findings)) setExitCode(command, EXIT_FINDINGS);
    });
}

/** The JSON shape: exactly these keys, in this order. */
function toJson(f: Finding): object {
  return { code: f.code, severity: f.severity, kind: f.kind, namespace: f.namespace, name: f.name, message: f.message };
}

/** Groups findings by resource (`Kind ns/name` header), then one line per finding, then a summary. */
export function renderText(findings: readonly Finding[], resourceCount: number, p: Palette): string {
  const lines: string[] = [];
  let current = '';
  for (const f of findings) {
    const header = describeResource(f);
    if (header !== current) {
      if (current) lines.push('');
      const where = f.source ? p.dim(` (${f.source.file}:${f.source.line})`) : '';
      lines.push(`${p.bold(header)}${where}`);
      current = header;
    }
    const severity = f.severity === 'error' ? p.red('error') : f.severity === 'warning' ? p.yellow('warning') : p.cyan('info');
    lines.push(`  ${severity} ${f.code} ${f.message}`);
  }
  if (lines.length > 0) lines.push('');
  lines.push(summary(findings, resourceCount));
  return `${lines.join('\n')}\n`;
}

function summary(findings: readonly Finding[], resourceCount: number): string {
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const resources = new Set(findings.map((f) => describeResource(f))).size;
  const checked = `${resourceCount} resource${resourceCount === 1 ? '' : 's'} checked`;
  if (findings.length === 0) return `No problems found (${checked}).`;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info in ${plural(resources, 'resource')} (${checked}).`;
}

