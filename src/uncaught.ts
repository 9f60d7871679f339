/**
 * Puts the coded message first when an `IstioTrafficError` ends the process.
 *
 * A synth that throws is usually not caught: `cdk8s synth` runs the app as `node`/`ts-node`, and
 * Node then prints the source line of the `throw` — the library's compiled
 * `throw new IstioTrafficError(...)` in node_modules — before the message that says what to
 * change. A listener on `uncaughtExceptionMonitor` (which observes, and changes neither the
 * printing nor the exit code) writes the message and the user's own line ahead of it.
 */
import * as path from 'path';

/** The library's folder (src/ or lib/src/): frames inside it are not the user's line. */
const LIBRARY = path.resolve(__dirname);

/**
 * Installs the reporter once per process: found by its name among the listeners, so that several
 * copies of the library (or jest's per-file module registries) add it only once.
 */
export function reportUncaughtIstioTrafficErrors(): void {
  if (process.listeners('uncaughtExceptionMonitor').some((l) => l.name === REPORTER_NAME)) return;
  const reporter = {
    [REPORTER_NAME]: (error: unknown) => {
      const text = uncaughtReport(error);
      if (text) process.stderr.write(text);
    },
  }[REPORTER_NAME];
  process.on('uncaughtExceptionMonitor', reporter);
}

const REPORTER_NAME = 'reportUncaughtIstioTrafficError';

/** What is written ahead of Node's own report, or undefined for other errors. */
export function uncaughtReport(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  let message: string | undefined;
  if (error.name === 'IstioTrafficError') message = error.message;
  else {
    // cdk8s wraps what a Lazy producer throws: "Failed serializing construct …: IstioTrafficError: CIT…".
    const at = error.message.indexOf('IstioTrafficError: ');
    if (at >= 0) message = error.message.slice(at + 'IstioTrafficError: '.length);
  }
  if (message === undefined) return undefined;
  const caller = firstFrameOutsideLibrary(error.stack ?? '');
  return `${message}${caller ? `\n    at ${caller}` : ''}\n\n`;
}

function firstFrameOutsideLibrary(stack: string): string | undefined {
  for (const line of stack.split('\n')) {
    const frame = line.match(/^\s+at (?:.*\()?(.+?:\d+:\d+)\)?$/);
    if (!frame) continue;
    const file = frame[1].replace(/:\d+:\d+$/, '');
    if (file.startsWith('node:') || file.includes(`${path.sep}node_modules${path.sep}cdk8s${path.sep}`) || file.includes(`${path.sep}node_modules${path.sep}constructs${path.sep}`)) continue;
    if (path.isAbsolute(file) && path.resolve(file).startsWith(LIBRARY + path.sep)) continue;
    return frame[1];
  }
  return undefined;
}
