import { isDomainError } from '@ticketonomics/contracts';
import { makeTempDir, removeDir } from '@ticketonomics/testing';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { PartitionFence } from './partition.fence';

describe('PartitionFence', () => {
  let dir: string;
  const opened: Database.Database[] = [];

  beforeEach(async () => {
    dir = await makeTempDir('tk-fence-');
  });
  afterEach(async () => {
    for (const db of opened.splice(0)) db.close();
    await removeDir(dir);
  });

  /** Two replicas' own connections to the same file, as on a shared volume. */
  function replica(name: string): { db: Database.Database; fence: PartitionFence } {
    const db = new Database(join(dir, 'p003.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 2000');
    db.exec('CREATE TABLE IF NOT EXISTS rows (n INTEGER)');
    opened.push(db);
    return { db, fence: new PartitionFence(db, 'p003', name) };
  }

  function write(r: { db: Database.Database; fence: PartitionFence }, n: number): void {
    r.db
      .transaction(() => {
        r.fence.assertHeld();
        r.db.prepare('INSERT INTO rows (n) VALUES (?)').run(n);
      })
      .immediate();
  }

  it('lets the holder write and refuses it once another replica claimed the partition', () => {
    const a = replica('a');
    const b = replica('b');
    expect(a.fence.claim()).toBe(1);
    write(a, 1);
    expect(b.fence.claim()).toBe(2);
    write(b, 2);

    let refusal: unknown;
    try {
      write(a, 3);
    } catch (error) {
      refusal = error;
    }
    expect(isDomainError(refusal) && refusal.code).toBe('UNAVAILABLE');
    expect((refusal as Error).message).toMatch(/p003 is served by another replica now; retry/);
    expect(a.db.prepare('SELECT n FROM rows ORDER BY n').pluck().all()).toEqual([1, 2]);
  });

  it('refuses a replica that never claimed', () => {
    const a = replica('a');
    replica('b').fence.claim();
    expect(() => write(a, 1)).toThrow(/served by another replica/);
  });

  it('keeps counting across reopening the file, so an old holder never matches again', () => {
    const a = replica('a');
    a.fence.claim();
    a.fence.claim();
    a.db.close();
    opened.splice(opened.indexOf(a.db), 1);
    const again = replica('a');
    expect(again.fence.claim()).toBe(3);
    expect(again.fence.claimedEpoch).toBe(3);
  });
});
