/**
 * `npm run bench [-- --json] [--only synth,check] [--teams 10,100,1000] [--keep]`
 *
 * Runs every registered section (bench/sections) — each measurement in a fresh child process,
 * writing to a temp folder — and prints a report, or with `--json` one JSON object per
 * measurement per line.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runInChild } from './lib/child';
import { formatTable } from './lib/format';
import { SECTIONS } from './sections';

interface Args {
  readonly json: boolean;
  readonly keep: boolean;
  readonly only?: string[];
  readonly teams: number[];
}

function parseArgs(argv: string[]): Args {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
  };
  const only = value('--only')?.split(',');
  const unknown = only?.filter((name) => !SECTIONS.some((s) => s.name === name));
  if (unknown?.length) throw new Error(`unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.name).join(', ')}`);
  const teams = (value('--teams') ?? '10,100,1000').split(',').map(Number);
  if (teams.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--teams takes positive integers, got ${value('--teams')}`);
  return { json: argv.includes('--json'), keep: argv.includes('--keep'), only, teams };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cit-bench-'));
  const log = (text: string) => { if (!args.json) process.stdout.write(`${text}\n`); };
  log(`cdk8s-istio-traffic benchmark — ${os.cpus().length} CPU(s), Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}`);
  try {
    for (const entry of SECTIONS.filter((s) => !args.only || args.only.includes(s.name))) {
      const section = await entry.load();
      log(`\n## ${section.title}\n`);
      const result = await section.run({ teams: args.teams, workdir }, runInChild);
      if (args.json) {
        for (const m of result.measurements) process.stdout.write(`${JSON.stringify(m)}\n`);
      } else {
        log(formatTable(result.table));
        log('');
        for (const note of result.notes) log(note);
      }
    }
  } finally {
    if (args.keep) log(`\noutputs kept in ${workdir}`);
    else fs.rmSync(workdir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : e}\n`);
  process.exit(1);
});
