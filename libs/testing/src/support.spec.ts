import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freePort } from './free-port';
import { LineRing } from './line-ring';
import { canConnect, httpGetStatus } from './net-probe';
import { findRepoRoot } from './repo-root';
import { makeTempDir, removeDir } from './temp-dir';

describe('freePort', () => {
  it('returns a port that can be bound on 127.0.0.1', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    try {
      await expect(canConnect(port)).resolves.toBe(true);
    } finally {
      server.close();
    }
  });
});

describe('net probes', () => {
  it('report nothing listening as false / undefined', async () => {
    const port = await freePort();
    await expect(canConnect(port)).resolves.toBe(false);
    await expect(httpGetStatus(`http://127.0.0.1:${port}/healthz`)).resolves.toBeUndefined();
  });
});

describe('makeTempDir / removeDir', () => {
  it('creates a fresh dir and removes it with its content', async () => {
    const dir = await makeTempDir('testing-spec-');
    await writeFile(join(dir, 'file.txt'), 'x');
    await removeDir(dir);
    expect(existsSync(dir)).toBe(false);
    await removeDir(dir);
  });

  it('refuses to remove anything outside the temp dir, or the checkout even when it lives there', async () => {
    await expect(removeDir(join(tmpdir(), '..', 'not-a-temp-dir-of-ours'))).rejects.toThrow(/refusing/);
    await expect(removeDir('/')).rejects.toThrow(/refusing/);
    await expect(removeDir(tmpdir())).rejects.toThrow(/refusing/);
    const cwd = process.cwd();
    const fakeCheckout = await makeTempDir('checkout-');
    try {
      process.chdir(fakeCheckout);
      await expect(removeDir(fakeCheckout)).rejects.toThrow(/working directory/);
    } finally {
      process.chdir(cwd);
    }
    await removeDir(fakeCheckout);
    expect(existsSync(fakeCheckout)).toBe(false);
  });
});

describe('LineRing', () => {
  it('keeps the newest lines, oldest first', () => {
    const ring = new LineRing(3);
    for (const line of ['a', 'b', 'c', 'd', 'e']) ring.push(line);
    expect(ring.toArray()).toEqual(['c', 'd', 'e']);
    expect(ring.tail(2)).toEqual(['d', 'e']);
  });
});

describe('findRepoRoot', () => {
  it('finds the directory holding nx.json', () => {
    expect(existsSync(join(findRepoRoot(), 'nx.json'))).toBe(true);
  });
});
