#!/usr/bin/env node
// In a clone of the repository (src/ present) runs the TypeScript sources through ts-node, so the
// command always runs the code as it is now, never a stale `npm run build` in lib/; in the
// installed package (which ships lib/ and no src/) runs the compiled CLI.
'use strict';
const fs = require('fs');
const path = require('path');

const source = path.join(__dirname, '..', 'src', 'cli', 'main.ts');
let cli;
if (fs.existsSync(source)) {
  require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
  cli = require(source);
} else {
  cli = require(path.join(__dirname, '..', 'lib', 'src', 'cli', 'main.js'));
}

cli.runCli(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`cdk8s-istio-traffic: internal error: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 2;
  },
);
