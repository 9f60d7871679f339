/**
 * The public props of the constructs and routing options are the API people read in their
 * editor: every property of every exported `*Props` / `*Options` interface must say what it does
 * (`@see` the Istio or Kubernetes reference) and, when optional, what happens without it
 * (`@default`). Read with the TypeScript compiler API, so the check sees what users see.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const FOLDERS = ['src/constructs', 'src/routing'];
/** Every exported interface users fill in: all but rendered fragments (`*Spec`), behavioural interfaces (`ICaller`) and internal contracts. */
const NOT_USER_INPUT = /(Spec$|^SynthCheck$|^I[A-Z]|^Registered)/;

interface Offender {
  readonly where: string;
  readonly missing: string[];
}

function sourceFiles(): string[] {
  return FOLDERS.flatMap((folder) => fs.readdirSync(path.join(ROOT, folder))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => path.join(folder, f)));
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

interface Report {
  /** `file:Interface.prop` of every property looked at. */
  readonly checked: string[];
  readonly offenders: Offender[];
}

/** Properties of exported `*Props`/`*Options` interfaces in `text`, and those whose JSDoc lacks what users need. */
function review(file: string, text: string): Report {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const checked: string[] = [];
  const offenders: Offender[] = [];
  for (const statement of source.statements) {
    if (!ts.isInterfaceDeclaration(statement) || !isExported(statement) || NOT_USER_INPUT.test(statement.name.text)) continue;
    if (ts.getJSDocTags(statement).some((t) => t.tagName.text === 'internal')) continue; // contracts between modules, not user input
    for (const member of statement.members) {
      if (!ts.isPropertySignature(member)) continue;
      const where = `${file}:${statement.name.text}.${member.name.getText(source)}`;
      checked.push(where);
      const tags = ts.getJSDocTags(member).map((t) => t.tagName.text);
      const hasDoc = ts.getJSDocCommentsAndTags(member).length > 0;
      const missing: string[] = [];
      if (!hasDoc) missing.push('JSDoc');
      if (member.questionToken && !tags.includes('default')) missing.push('@default');
      if (!tags.includes('see')) missing.push('@see');
      if (missing.length > 0) offenders.push({ where, missing });
    }
  }
  return { checked, offenders };
}

test('the check itself finds a property without @default or @see', () => {
  // Guards against a parser change that would make the real check below pass vacuously.
  const probe = 'probe.ts';
  const text = [
    'export interface ProbeProps {',
    '  /** Documented.\n   * @default 1\n   * @see https://istio.io */',
    '  readonly good?: number;',
    '  /** Required, so no @default needed.\n   * @see https://istio.io */',
    '  readonly required: string;',
    '  /** Nothing else. */',
    '  readonly bare?: string;',
    '  readonly silent: string;',
    '}',
    'interface HiddenProps { readonly ignored?: string }',
    'export interface ProbeSpec { readonly alsoIgnored?: string }',
  ].join('\n');
  expect(review(probe, text)).toEqual({
    checked: ['probe.ts:ProbeProps.good', 'probe.ts:ProbeProps.required', 'probe.ts:ProbeProps.bare', 'probe.ts:ProbeProps.silent'],
    offenders: [
      { where: 'probe.ts:ProbeProps.bare', missing: ['@default', '@see'] },
      { where: 'probe.ts:ProbeProps.silent', missing: ['JSDoc', '@see'] },
    ],
  });
});

test('every property of every public Props/Options interface has @default (when optional) and @see', () => {
  const reports = sourceFiles().map((file) => review(file, fs.readFileSync(path.join(ROOT, file), 'utf8')));
  const checked = reports.flatMap((r) => r.checked);
  // The constructs' props are there to be checked (a sample, so a rename shows up here).
  expect(checked).toEqual(expect.arrayContaining([
    'src/constructs/team-gateway.ts:TeamGatewayProps.servers',
    'src/constructs/versioned-service.ts:VersionedServiceProps.versions',
    'src/constructs/external-egress.ts:ExternalEgressProps.host',
    'src/routing/traffic-policy.ts:TrafficPolicyOptions.loadBalancer',
  ]));
  const offenders = reports.flatMap((r) => r.offenders).map((o) => `${o.where} (missing ${o.missing.join(', ')})`);
  if (offenders.length > 0) {
    throw new Error(`${offenders.length} public props lack documentation:\n  ${offenders.join('\n  ')}`);
  }
});
