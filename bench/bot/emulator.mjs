// The Bot API emulator (libs/telegram-emulator) for the bench. The build leaves it out of dist/ on
// purpose (images copy dist/, and the emulator is test equipment), so the bench transpiles its sources
// with @swc/core, the same transpiler jest uses for it, into a temp dir and loads them from there. Types
// only are stripped: the code that runs is the code the tests run.
import { transformFileSync } from '@swc/core';
import { readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { makeTempDir } from '../lib/proc.mjs';

export function loadEmulator(root) {
  const srcDir = join(root, 'libs', 'telegram-emulator', 'src');
  const outDir = makeTempDir('tk-bench-emulator-');
  for (const name of readdirSync(srcDir)) {
    if (!name.endsWith('.ts') || name.endsWith('.spec.ts')) continue;
    const { code } = transformFileSync(join(srcDir, name), {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
      swcrc: false,
      sourceMaps: false,
    });
    writeFileSync(join(outDir, name.replace(/\.ts$/, '.js')), code);
  }
  return createRequire(join(outDir, 'index.js'))(join(outDir, 'index.js'));
}
