import { DomainError } from '@ticketonomics/contracts';
import type { Database } from 'better-sqlite3';

/**
 * The fence that keeps a replica which lost a partition's lease from ever committing to its file again.
 *
 * The lease in KV says who should write; the file says who may. Taking a partition over, a replica
 * increments the file's epoch (claim) and keeps the number it wrote; every write transaction checks, inside
 * itself, that the file still holds that number (assertHeld). A replica that was paused or cut off while
 * another took over finds a higher epoch in the file and its transaction fails before it changes anything.
 * SQLite's write lock orders a claim and a commit: a commit that started before the claim ends before it,
 * and the new owner reads its rows afterwards. Replicas of one service share the partition's file on the
 * service's volume, which is what makes the file the right place for the fence.
 */
export class PartitionFence {
  private epoch: number | null = null;
  private readonly selectEpoch;
  private readonly upsertEpoch;

  constructor(
    private readonly db: Database,
    private readonly partitionName: string,
    private readonly replicaId: string,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS partition_fence (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      epoch INTEGER NOT NULL,
      replica_id TEXT NOT NULL,
      claimed_at TEXT NOT NULL
    )`);
    this.selectEpoch = db.prepare('SELECT epoch FROM partition_fence WHERE id = 1').pluck();
    this.upsertEpoch = db.prepare(
      `INSERT INTO partition_fence (id, epoch, replica_id, claimed_at) VALUES (1, @epoch, @replicaId, @claimedAt)
       ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch, replica_id = excluded.replica_id,
         claimed_at = excluded.claimed_at`,
    );
  }

  /** Takes the partition over: every earlier holder's next transaction fails. Returns the new epoch. */
  claim(): number {
    const claimed = this.db
      .transaction(() => {
        const epoch = ((this.selectEpoch.get() as number | undefined) ?? 0) + 1;
        this.upsertEpoch.run({ epoch, replicaId: this.replicaId, claimedAt: new Date().toISOString() });
        return epoch;
      })
      .immediate();
    this.epoch = claimed;
    return claimed;
  }

  /** The epoch this replica claimed, or null before claim(). */
  get claimedEpoch(): number | null {
    return this.epoch;
  }

  /**
   * Call inside every write transaction, before it writes: throws UNAVAILABLE (the caller retries and
   * reaches the new owner) when another replica has claimed the partition since.
   */
  assertHeld(): void {
    const current = this.selectEpoch.get() as number | undefined;
    if (this.epoch === null || current !== this.epoch) {
      throw new DomainError(
        'UNAVAILABLE',
        `partition ${this.partitionName} is served by another replica now; retry the request and it reaches that replica`,
        { state: 'partition-moved' },
      );
    }
  }
}
