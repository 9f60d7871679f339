/** Helpers for the synth tests: temp dirs and reading a whole output tree. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const created: string[] = [];

/** A fresh folder under the OS temp dir, removed by `removeTempDirs()` (call it in afterAll). */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cit-synth-${prefix}-`));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Every file under `dir` (relative path → bytes), folders included as `path/`. */
export function readTree(dir: string): Map<string, Buffer | 'folder'> {
  const tree = new Map<string, Buffer | 'folder'>();
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        tree.set(`${child}/`, 'folder');
        walk(child);
      } else {
        tree.set(child, fs.readFileSync(path.join(dir, child)));
      }
    }
  };
  walk('');
  return tree;
}

/** Runs `fn` with CDK8S_OUTDIR unset, so that apps write where their props say. */
export function withoutOutdirEnv<T>(fn: () => T): T {
  const saved = process.env.CDK8S_OUTDIR;
  delete process.env.CDK8S_OUTDIR;
  try {
    return fn();
  } finally {
    if (saved !== undefined) process.env.CDK8S_OUTDIR = saved;
  }
}
