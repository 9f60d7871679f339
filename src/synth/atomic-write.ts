/**
 * Writes a planned output so that a failed synth never leaves a partial outdir: everything is
 * first written to a staging folder next to the outdir (same file system, so renames are atomic),
 * then moved in. When the outdir does not exist yet (what `cdk8s synth` arranges: it deletes the
 * outdir before running the app) the whole folder appears in one rename. When it exists (an
 * app run by hand, or cdk8s's Helm layout writing into `templates/`), files are renamed into it
 * one by one — each file appears whole — and files already there are kept, as cdk8s keeps them.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { FilePlan } from './file-plan';

export function writeAtomically(outdir: string, plan: FilePlan): void {
  const target = path.resolve(outdir);
  const staging = makeStagingFolder(target);
  try {
    for (const folder of plan.folders) fs.mkdirSync(path.join(staging, folder), { recursive: true });
    for (const file of plan.files) {
      const staged = path.join(staging, file.path);
      fs.mkdirSync(path.dirname(staged), { recursive: true });
      fs.writeFileSync(staged, file.content, { encoding: 'utf8' });
    }
    if (!fs.existsSync(target)) {
      fs.renameSync(staging, target);
      return;
    }
    for (const folder of plan.folders) fs.mkdirSync(path.join(target, folder), { recursive: true });
    for (const file of plan.files) {
      const destination = path.join(target, file.path);
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      fs.renameSync(path.join(staging, file.path), destination);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * A fresh folder beside `target`. Made with mkdirSync (not mkdtempSync, which creates it 0700)
 * so that, once renamed, the outdir has the permissions `fs.mkdirSync` would have given it.
 */
function makeStagingFolder(target: string): string {
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  for (;;) {
    const candidate = path.join(parent, `.${path.basename(target)}.synth-${randomBytes(6).toString('hex')}`);
    try {
      fs.mkdirSync(candidate);
      return candidate;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}
