// Where a bench's full results go: bench/results/<name>-<start time>.json (git ignores the folder).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** Writes `results` as JSON for the bench `name` started at `startedAt`; answers the file's path. */
export function writeResults(name, results, startedAt) {
  mkdirSync(resultsDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const outPath = join(resultsDir, `${name}-${stamp}.json`);
  writeFileSync(outPath, JSON.stringify(results, null, 2) + '\n');
  return outPath;
}
