import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';

/** Creates a fresh, empty directory under the OS temp dir, e.g. makeTempDir('nats-') -> /tmp/nats-a1B2c3. */
export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/**
 * Removes a directory made by makeTempDir, with everything in it; a missing directory is not an error.
 * Refuses anything outside the OS temp dir, so a wrong variable in a test cannot wipe a real directory.
 */
export async function removeDir(path: string): Promise<void> {
  const target = resolve(path);
  const fromTmp = relative(resolve(tmpdir()), target);
  if (fromTmp === '' || fromTmp.startsWith('..') || isAbsolute(fromTmp)) {
    throw new Error(`removeDir only removes directories inside ${tmpdir()}, refusing ${path}`);
  }
  // A checkout may itself live under the temp dir (a CI clone in /tmp): never remove the working
  // directory or anything holding it.
  const fromTarget = relative(target, resolve(process.cwd()));
  if (fromTarget === '' || !(fromTarget.startsWith('..') || isAbsolute(fromTarget))) {
    throw new Error(`removeDir refusing ${path}: it holds the working directory ${process.cwd()}`);
  }
  // Retries cover a child process that is still closing files in the directory as it exits.
  await rm(target, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
}
