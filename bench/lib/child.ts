/**
 * Parent side of the child protocol: each measurement runs in a FRESH Node process, so that its
 * peak memory is its own maxRSS and no garbage or JIT state leaks from one variant to the next.
 * The child prints its result as one `BENCH-RESULT {json}` line on stdout.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { Measurement, RunInChild } from '../sections/types';

const CHILD_MAIN = path.join(__dirname, 'child-main.ts');
export const RESULT_PREFIX = 'BENCH-RESULT ';

export const runInChild: RunInChild = (section, params) => new Promise<Measurement>((resolve, reject) => {
  const started = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', TS_NODE_TRANSPILE_ONLY: 'true' };
  delete env.CDK8S_OUTDIR; // the variants choose their outdir explicitly
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', CHILD_MAIN, section, JSON.stringify(params)], {
    cwd: path.join(__dirname, '..', '..'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.on('error', reject);
  child.on('close', (code) => {
    const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
    if (code !== 0 || !line) {
      reject(new Error(`bench child ${section} ${JSON.stringify(params)} failed (exit ${code}):\n${stderr || stdout}`));
      return;
    }
    // processMs includes starting Node and compiling the TypeScript sources (ts-node).
    resolve({ ...JSON.parse(line.slice(RESULT_PREFIX.length)), processMs: Date.now() - started });
  });
});
