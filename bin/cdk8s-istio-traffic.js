#!/usr/bin/env node
// Runs the compiled CLI when the package is built (lib/), else the TypeScript sources through
// ts-node, so the command also works in a fresh clone without `npm run build`.
'use strict';
const fs = require('fs');
const path = require('path');

const compiled = path.join(__dirname, '..', 'lib', 'src', 'cli', 'main.js');
let cli;
if (fs.existsSync(compiled)) {
  cli = require(compiled);
} else {
  require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
  cli = require(path.join(__dirname, '..', 'src', 'cli', 'main.ts'));
}

cli.runCli(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`cdk8s-istio-traffic: internal error: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 2;
  },
);
