/**
 * What every CLI subcommand shares: where output goes (injectable, so the program runs
 * in-process in tests), exit codes, and colours (only on a terminal).
 */
import { Command } from 'commander';
import { MeshEnvironment } from '../model';

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
}

/** The cluster the flags describe. */
export function environmentFrom(flags: EnvironmentFlags): MeshEnvironment {
  return {
    defaultIngressGateway: flags.defaultIngressGateway,
    ...(flags.registryOnly ? { outboundTrafficPolicy: 'REGISTRY_ONLY' } : {}),
  };
}
