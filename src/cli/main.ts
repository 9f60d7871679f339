/**
 * The `cdk8s-istio-traffic` program. Each subcommand registers itself from its own file
 * (`registerCheck` in check-command.ts; `explain` and `graph` follow the same pattern), and the
 * program runs in-process through `runCli` with injectable output, as well as from bin/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError } from 'commander';
import { IstioTrafficError } from '../errors';
import { registerCheck } from './check-command';
import { registerExplain } from './explain-command';
import { registerGraph } from './graph-command';
import { registerTest } from './test-command';
import { bindIo, CliIo, EXIT_INPUT, EXIT_OK, exitCodeOf, processIo } from './output';

/** Subcommand registrations, in help order. Add `registerExplain`, `registerGraph` here. */
const SUBCOMMANDS: ReadonlyArray<(program: Command) => void> = [registerCheck, registerExplain, registerGraph, registerTest];

export function buildProgram(io: CliIo): Command {
  const program = new Command('cdk8s-istio-traffic')
    .description('Istio traffic management for cdk8s: checks, explanations and graphs from manifests')
    .version(packageVersion(), '-V, --version', 'print the version')
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    // Throw instead of calling process.exit, so runCli can return the exit code.
    .exitOverride();
  bindIo(program, io);
  for (const register of SUBCOMMANDS) register(program);
  return program;
}

/** Runs the program on `argv` (without `node` and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end with exit code 0; usage errors are unusable input.
      return e.exitCode === 0 ? EXIT_OK : EXIT_INPUT;
    }
    if (e instanceof IstioTrafficError) {
      io.stderr(`${e.message}\n`);
      return EXIT_INPUT;
    }
    throw e;
  }
  return exitCodeOf(program);
}

/** The version in package.json, found from both src/cli (ts-node) and lib/src/cli (compiled). */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) return JSON.parse(fs.readFileSync(candidate, 'utf8')).version;
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
