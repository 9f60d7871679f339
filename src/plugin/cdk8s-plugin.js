// Entry point for cdk8s-cli's PluginManager in this repository (cdk8s.yaml `validations: - package:
// ./src/plugin/cdk8s-plugin.js`). cdk8s-cli `require`s a local path directly, without TypeScript
// support, so the TypeScript sources are loaded through ts-node: synth works in a fresh clone
// and always checks with the code as it is now, never a stale build in lib/. The installed
// package has no src/: there cdk8s.yaml names ./node_modules/cdk8s-istio-traffic/lib/src/plugin/index.js.
'use strict';
const path = require('path');

require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', '..', 'tsconfig.json') });
module.exports = require('./index.ts');
