/**
 * What every CLI subcommand shares: where output goes (injectable, so the program runs
 * in-process in tests), exit codes, and colours (only on a terminal).
 */
import { Command } from 'commander';
import { MeshEnvironment, readMeshConfigFile } from '../model';

/** 0: no errors (warnings and info are fine); 1: errors found; 2: unusable input or usage. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_INPUT = 2;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (enables colours). */
  readonly isTTY?: boolean;
}

/** The real process streams. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}

interface ProgramState { readonly io: CliIo; exitCode: number }
const STATE = new WeakMap<Command, ProgramState>();

function root(command: Command): Command {
  let c = command;
  while (c.parent) c = c.parent;
  return c;
}

/** Attaches the io to a program; subcommands find it through `ioOf(command)`. */
export function bindIo(program: Command, io: CliIo): void {
  STATE.set(program, { io, exitCode: EXIT_OK });
}

export function ioOf(command: Command): CliIo {
  const state = STATE.get(root(command));
  if (!state) throw new Error('CLI program has no io bound (use buildProgram)');
  return state.io;
}

/** Records the exit code; the highest one set during a run wins. */
export function setExitCode(command: Command, code: number): void {
  const state = STATE.get(root(command));
  if (state) state.exitCode = Math.max(state.exitCode, code);
}

export function exitCodeOf(program: Command): number {
  return STATE.get(program)?.exitCode ?? EXIT_OK;
}

/** ANSI styling that is a no-op unless the output is a terminal. */
export interface Palette {
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

export function paletteFor(io: CliIo): Palette {
  const wrap = (open: number, close: number) => (s: string) => (io.isTTY ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { red: wrap(31, 39), yellow: wrap(33, 39), cyan: wrap(36, 39), bold: wrap(1, 22), dim: wrap(2, 22) };
}

/** Flags every subcommand that reads manifests takes to describe the cluster. */
export interface EnvironmentFlags {
  readonly defaultIngressGateway: boolean;
  readonly registryOnly?: boolean;
  /** A MeshConfig YAML file (bare, or the `istio` ConfigMap). */
  readonly meshConfig?: string;
}

/** Help text of `--mesh-config`, shared by every subcommand that takes it. */
export const MESH_CONFIG_HELP = 'Istio MeshConfig YAML (bare, or the istio ConfigMap with data.mesh): outbound policy, path normalization, trust domain, root namespace, DNS auto-allocation';
/** Help text of `--registry-only`. */
export const REGISTRY_ONLY_HELP = 'assume the mesh-wide outboundTrafficPolicy is REGISTRY_ONLY (overrides --mesh-config\'s mode)';

/**
 * The cluster the flags describe: the mesh config file first, then the flags. `--registry-only`
 * is a shortcut for `outboundTrafficPolicy.mode: REGISTRY_ONLY` and wins over the file's mode
 * (the flag is the more specific, per-run choice). Throws CIT901 for an unusable mesh config.
 */
export function environmentFrom(flags: EnvironmentFlags): MeshEnvironment {
  const fromFile = flags.meshConfig !== undefined ? readMeshConfigFile(flags.meshConfig) : {};
  return {
    ...fromFile,
    defaultIngressGateway: flags.defaultIngressGateway,
    ...(flags.registryOnly ? { outboundTrafficPolicy: 'REGISTRY_ONLY' } : {}),
  };
}
