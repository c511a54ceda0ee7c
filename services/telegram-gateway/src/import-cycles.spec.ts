import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The gateway's modules import each other without a circle. A circle (the catalogues once imported a
 * formatter that imported the errors that import the catalogues) makes what a module sees at load time
 * depend on which file happened to load first; type-only imports count too, as they become circles of
 * values at the next edit.
 */
const SRC = __dirname;
const IMPORT = /^\s*(?:import|export)\s[^'";]*?from\s+'(\.{1,2}\/[^']+)'/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map(
    (match) => `${resolve(dirname(file), match[1]!)}.ts`,
  );
}

/** Every circle of imports, each as the files along it, found by a depth-first walk. */
function importCycles(root: string): string[][] {
  const files = sourceFiles(root);
  const graph = new Map(
    files.map((file) => [file, importsOf(file).filter((target) => files.includes(target))]),
  );
  const cycles: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): void => {
    const at = path.indexOf(file);
    if (at >= 0) {
      cycles.push([...path.slice(at), file].map((step) => relative(root, step)));
      return;
    }
    if (done.has(file)) return;
    path.push(file);
    for (const target of graph.get(file) ?? []) visit(target);
    path.pop();
    done.add(file);
  };
  for (const file of files) visit(file);
  return cycles;
}

describe('telegram-gateway imports', () => {
  it('form no circle (i18n, economy and errors included)', () => {
    expect(importCycles(SRC)).toEqual([]);
  });

  it('are walked far enough to see a circle like the one the catalogues formed', () => {
    const root = mkdtempSync(join(tmpdir(), 'import-cycles-'));
    try {
      const write = (file: string, text: string) => writeFileSync(join(root, file), text);
      write('messages.ts', "import { formatRatio } from './figures';\n");
      write('figures.ts', "import {\n  userError,\n} from './errors';\n");
      write('errors.ts', "import type { MessageKey } from './messages';\n");
      expect(importCycles(root)).toEqual([['errors.ts', 'messages.ts', 'figures.ts', 'errors.ts']]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
