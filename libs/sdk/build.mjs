// Builds the publishable package at dist/packages/sdk: the compiled SDK with its declarations, its own
// package.json and README. It imports no workspace library, so the package runs anywhere Node 22+ runs.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(root, 'dist', 'packages', 'sdk');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
execFileSync(
  process.execPath,
  [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(here, 'tsconfig.lib.json')],
  {
    stdio: 'inherit',
    cwd: root,
  },
);
for (const file of ['package.json', 'README.md']) copyFileSync(join(here, file), join(out, file));
console.log(`@ticketonomics/sdk built at ${out}`);
