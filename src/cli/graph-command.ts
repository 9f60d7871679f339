/**
 * `graph <files or dirs...>`: the traffic topology of manifests as Mermaid, DOT or SVG — the
 * picture Kiali would draw, before anything is deployed.
 */
import * as fs from 'fs';
import { Command, Option } from 'commander';
import { buildTopology, renderSvg, toDot, toMermaid, topologyMarkdown } from '../graph';
import { MeshModel } from '../model';
import { environmentFrom, MESH_CONFIG_HELP, EXIT_INPUT, ioOf, setExitCode } from './output';

const FORMATS = ['mermaid', 'dot', 'svg'] as const;

interface GraphOptions {
  readonly format: (typeof FORMATS)[number];
  readonly output?: string;
  readonly defaultIngressGateway: boolean;
  readonly meshConfig?: string;
}

export function registerGraph(program: Command): void {
  program
    .command('graph')
    .description('draw the traffic topology of Kubernetes/Istio manifests (gateways, routes, services, egress)')
    .argument('<paths...>', 'YAML/JSON manifest files or folders (searched recursively)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('mermaid'))
    .option('-o, --output <file>', 'write to this file instead of stdout (a Mermaid graph to *.md is wrapped in Markdown)')
    .option('--mesh-config <file>', MESH_CONFIG_HELP)
    .option('--no-default-ingress-gateway', 'do not assume Istio\'s default istio-ingressgateway in istio-system')
    .action(async (paths: string[], options: GraphOptions, command: Command) => {
      const io = ioOf(command);
      const fail = (message: string) => {
        // Unusable input is one line naming the file (and line), never a stack trace.
        io.stderr(`${message}\n`);
        setExitCode(command, EXIT_INPUT);
      };
      // Unusable input throws IstioTrafficError; runCli prints its one line and exits 2.
      const model = MeshModel.fromFiles(paths, environmentFrom(options));

      const topology = buildTopology(model);
      let text: string;
      if (options.format === 'svg') text = await renderSvg(topology);
      else if (options.format === 'dot') text = toDot(topology);
      else text = options.output?.toLowerCase().endsWith('.md') ? topologyMarkdown(toMermaid(topology)) : toMermaid(topology);

      if (options.output === undefined) {
        io.stdout(text);
        return;
      }
      try {
        fs.writeFileSync(options.output, text, 'utf8');
      } catch (e) {
        return fail(`cannot write ${options.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    });
}
