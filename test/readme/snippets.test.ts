/**
 * The README's TypeScript snippets compile against the library, so they cannot rot. Each ```ts
 * block is type-checked as its own module, with `cdk8s-istio-traffic` mapped to `src/`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const SNIPPETS = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({
  file: path.join(ROOT, 'test/readme', `__snippet_${i}.ts`),
  line: README.slice(0, m.index).split('\n').length + 1,
  source: m[1],
}));

test('the README has TypeScript snippets', () => {
  expect(SNIPPETS.length).toBeGreaterThanOrEqual(5);
});

test('every README snippet type-checks', () => {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    experimentalDecorators: true,
    types: ['node', 'jest'],
    baseUrl: ROOT,
    paths: { 'cdk8s-istio-traffic': ['src/index.ts'], 'cdk8s-istio-traffic/testing': ['src/testing/index.ts'] },
  };
  const host = ts.createCompilerHost(options);
  const byFile = new Map(SNIPPETS.map((s) => [s.file, s.source]));
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (f) => byFile.get(path.resolve(f)) ?? readFile(f);
  host.fileExists = (f) => byFile.has(path.resolve(f)) || fileExists(f);
  const program = ts.createProgram(SNIPPETS.map((s) => s.file), options, host);
  const problems = SNIPPETS.flatMap((snippet) => {
    const sourceFile = program.getSourceFile(snippet.file)!;
    return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].map((d) => {
      const { line } = d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0) : { line: 0 };
      return `README.md:${snippet.line + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  });
  expect(problems).toEqual([]);
}, 120000);
