/**
 * Child side of the child protocol: `child-main.ts <section> <params-json>` takes one
 * measurement and prints it. Also handy for profiling one variant alone, e.g.
 *   node --cpu-prof -r ts-node/register/transpile-only bench/lib/child-main.ts synth '{"variant":"plain-cdk8s","teams":300,"outdir":"/tmp/p"}'
 */
import { SECTIONS } from '../sections';
import { RESULT_PREFIX } from './child';

async function main(): Promise<void> {
  const [name, params] = process.argv.slice(2);
  const entry = SECTIONS.find((s) => s.name === name);
  if (!entry) throw new Error(`unknown bench section "${name}" (known: ${SECTIONS.map((s) => s.name).join(', ')})`);
  const section = await entry.load();
  const measurement = await section.measure(JSON.parse(params ?? '{}'));
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(measurement)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
