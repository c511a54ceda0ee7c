'use strict';
// Lets a worker thread started from the TypeScript sources load them: jest runs the services in-process
// through @swc/jest, but a worker thread has its own module loader that jest does not reach. This compiles
// each .ts file with @swc/core using jest.config.js's settings, and maps @ticketonomics/* to libs/*/src as
// tsconfig.base.json's paths do. The built services never load it (they use dist/register-aliases.js).
require('reflect-metadata');
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.join(__dirname, '..', '..');
const LIB = /^@ticketonomics\/([a-z0-9-]+)$/;
const SWC_OPTIONS = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const lib = LIB.exec(request);
  const target = lib === null ? request : path.join(root, 'libs', lib[1], 'src', 'index.ts');
  return resolveFilename.call(this, target, ...rest);
};

Module._extensions['.ts'] = function (module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...SWC_OPTIONS, filename });
  module._compile(code, filename);
};
