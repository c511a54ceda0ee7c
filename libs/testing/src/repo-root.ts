import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cachedRoot: string | undefined;

/** The monorepo root: the nearest directory at or above startDir that holds nx.json. */
export function findRepoRoot(startDir: string = __dirname): string {
  if (startDir === __dirname && cachedRoot !== undefined) return cachedRoot;
  let dir = startDir;
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) break;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no nx.json found in ${startDir} or any directory above it`);
    dir = parent;
  }
  if (startDir === __dirname) cachedRoot = dir;
  return dir;
}
