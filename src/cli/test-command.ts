/**
 * `test <test files or dirs...> --manifests <paths...>`: routing tests in CI. Test files are
 * istio-config-validator's (`testCases:`) or the native format (`tests:`); each request runs
 * through `explain`. Exit 0 when every test passes, 1 when one fails, 2 for unusable input
 * (a bad test file is CIT902 with `file:line`, bad manifests CIT900).
 */
import { Command, Option } from 'commander';
import { MeshModel } from '../model';
import { formatTestReport, readTestFiles, runTestCases, testReportToJson, testReportToJunit } from '../testing/runner';
import { environmentFrom, EXIT_FINDINGS, ioOf, MESH_CONFIG_HELP, REGISTRY_ONLY_HELP, setExitCode } from './output';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface TestOptions {
  readonly manifests: string[];
  readonly from: string[];
  readonly format: 'text' | 'json' | 'junit';
  readonly registryOnly?: boolean;
  readonly meshConfig?: string;
  readonly defaultIngressGateway: boolean;
}

export function registerTest(program: Command): void {
  program
    .command('test')
    .description('run routing tests (istio-config-validator testCases files, or the native tests format) against manifests, through explain')
    .argument('<tests...>', 'test YAML files or folders (searched recursively)')
    .requiredOption('--manifests <paths...>', 'YAML/JSON manifest files or folders (searched recursively)')
    .option('--from <source>', 'source of tests that name none (istio-config-validator files): ns/gateway or ns:label=value,... (repeatable; default: the Gateways the host\'s VirtualServices are bound to, else a workload in their namespace)', collect, [])
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'junit']).default('text'))
    .option('--mesh-config <file>', MESH_CONFIG_HELP)
    .option('--registry-only', REGISTRY_ONLY_HELP)
    .option('--no-default-ingress-gateway', 'do not assume Istio\'s default istio-ingressgateway in istio-system')
    .action((tests: string[], options: TestOptions, command: Command) => {
      const io = ioOf(command);
      // Unusable input throws IstioTrafficError; runCli prints its one line and exits 2.
      const cases = readTestFiles(tests);
      const report = runTestCases(MeshModel.fromFiles(options.manifests, environmentFrom(options)), cases, { from: options.from });
      if (options.format === 'json') io.stdout(`${JSON.stringify(testReportToJson(report), null, 2)}\n`);
      else if (options.format === 'junit') io.stdout(testReportToJunit(report));
      else io.stdout(formatTestReport(report));
      if (report.failed > 0) setExitCode(command, EXIT_FINDINGS);
    });
}
