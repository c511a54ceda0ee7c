// Builds every service to dist/services/<name>/main.js: tsc compiles libs, services and tools into dist/,
// then each service gets a main.js that maps the @ticketonomics/* imports to the compiled libs and starts it.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

try {
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });
} catch {
  console.error('build failed: fix the TypeScript errors above');
  process.exit(1);
}

// tsc copies only what it compiles: folders named `assets` under a service's src (the dashboard's page,
// its CSS and script) are copied beside the compiled code, so a service finds them next to itself.
function copyAssets(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    if (entry.name === 'assets') cpSync(path, join(dist, relative(root, path)), { recursive: true });
    else copyAssets(path);
  }
}
for (const name of readdirSync(join(root, 'services'))) {
  if (existsSync(join(root, 'services', name, 'src'))) copyAssets(join(root, 'services', name, 'src'));
}

// Every compiled project with an index (the libraries, and tools such as the demo) answers to its alias.
const aliases = Object.fromEntries(
  ['libs', 'tools'].flatMap((house) =>
    (existsSync(join(root, house)) ? readdirSync(join(root, house)) : [])
      .filter((name) => existsSync(join(dist, house, name, 'src', 'index.js')))
      .map((name) => [`@ticketonomics/${name}`, `${house}/${name}/src/index.js`]),
  ),
);

writeFileSync(
  join(dist, 'register-aliases.js'),
  `'use strict';
// Resolves @ticketonomics/* to the compiled projects, as tsconfig.base.json's paths do at compile time.
const Module = require('node:module');
const path = require('node:path');
const aliases = ${JSON.stringify(aliases, null, 2)};
const original = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const target = aliases[request];
  return original.call(this, target === undefined ? request : path.join(__dirname, target), ...rest);
};
`,
);

const services = readdirSync(join(root, 'services')).filter((name) =>
  existsSync(join(root, 'services', name, 'src', 'main.ts')),
);
for (const name of services) {
  mkdirSync(join(dist, 'services', name), { recursive: true });
  writeFileSync(
    join(dist, 'services', name, 'main.js'),
    `'use strict';\nrequire('../../register-aliases.js');\nrequire('./src/main.js');\n`,
  );
}
console.log(`built ${services.length} service(s): ${services.join(', ')}`);
