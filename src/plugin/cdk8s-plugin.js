// Entry point for cdk8s-cli's PluginManager (cdk8s.yaml `validations: - package: ./src/plugin/cdk8s-plugin.js`).
// cdk8s-cli `require`s a local path directly, without TypeScript support: load the compiled plugin
// when the package is built (lib/), else the TypeScript sources through ts-node, so synth works in
// a fresh clone without a build.
'use strict';
const fs = require('fs');
const path = require('path');

const compiled = path.join(__dirname, '..', '..', 'lib', 'src', 'plugin', 'index.js');
if (fs.existsSync(compiled)) {
  module.exports = require(compiled);
} else {
  require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', '..', 'tsconfig.json') });
  module.exports = require('./index.ts');
}
