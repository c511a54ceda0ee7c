import type { Lease, LeaseHolder, LeaseTable } from '@ticketonomics/partitions';
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';

/** The store file of the versions before slots; the first replica to need a file of its own adopts it. */
export const LEGACY_STORE_FILE = 'analytics.sqlite';

/** A slot's lease key: `slots.s0`, `slots.s1`, ... */
export function slotKey(slot: number): string {
  return `slots.s${slot}`;
}

/** The store file of a slot (`analytics-s0.sqlite`) or of an explicit replica id (`analytics-<id>.sqlite`). */
export function storeFileOf(label: string): string {
  return `analytics-${label}.sqlite`;
}

export interface StoreSlotOptions {
  /** Slots tried, lowest first: more replicas than this cannot start. */
  slotsMax: number;
  /** How often the lease is renewed: a third of its time to live leaves two tries before it expires. */
  renewEveryMs: number;
}

export interface SlotClaimOptions extends StoreSlotOptions {
  /** Where the slots' files are: a slot with a file is taken before a new one. */
  dataDir: string;
  /**
   * How long a starting replica waits for a slot with a file to free up (a dead replica's lease to expire)
   * before it starts a new file: a lease's time to live and a renewal, so a replacement reuses the file.
   */
  reuseWaitMs: number;
}

const SLOT_FILE = /^analytics-s(\d+)\.sqlite$/;

/** The slots that have a file in `dataDir`, lowest first. */
function slotsWithFiles(dataDir: string, slotsMax: number): number[] {
  if (!existsSync(dataDir)) return [];
  return readdirSync(dataDir)
    .map((file) => SLOT_FILE.exec(file)?.[1])
    .filter((slot): slot is string => slot !== undefined)
    .map(Number)
    .filter((slot) => slot < slotsMax)
    .sort((a, b) => a - b);
}

/**
 * The store file a replica keeps its read models in, and the lease that makes it this replica's alone.
 *
 * Replicas of one service share a volume; each takes a free slot (a KV lease, `create` refused while another
 * replica holds it), one with a file first, and uses that slot's file. A replica restarted or replaced takes a
 * slot freed by a stopped one and carries on from that file's position instead of rebuilding, and the files
 * never outnumber the most replicas that ever ran at once. The lease says who should write the file; the fence in the file
 * (PartitionFence, claimed by the store at start) refuses a replica that lost its lease and was taken over.
 */
export class StoreSlot {
  private timer: NodeJS.Timeout | null = null;
  private renewing: Promise<void> | null = null;
  private released = false;

  private constructor(
    /** `s0`, ..., or the explicit replica id. */
    readonly label: string,
    readonly fileName: string,
    private readonly leases: LeaseTable | null,
    private lease: Lease | null,
    private readonly logger: Logger,
  ) {}

  /** An operator-named replica (ANALYTICS_REPLICA_ID): its own file, no lease (the fence still guards it). */
  static explicit(replicaId: string, logger: Logger): StoreSlot {
    return new StoreSlot(replicaId, storeFileOf(replicaId), null, null, logger);
  }

  /**
   * Takes a free slot that has a file (lowest first), so a replica replacing a stopped or dead one carries on
   * from its file; when every file's slot is held it waits up to `reuseWaitMs` for one to free up (a dead
   * replica's lease expiring), then takes the lowest free slot and starts a new file. A slot an earlier run of
   * this same replica still holds (restarted after a crash) is handed over at once by LeaseTable. Refuses
   * with a way out when every slot is held.
   */
  static async claim(
    leases: LeaseTable,
    holder: LeaseHolder,
    options: SlotClaimOptions,
    logger: Logger,
  ): Promise<StoreSlot> {
    const taken = (slot: number, lease: Lease) =>
      new StoreSlot(`s${slot}`, storeFileOf(`s${slot}`), leases, lease, logger);
    const deadlineMs = Date.now() + options.reuseWaitMs;
    let waiting = false;
    for (;;) {
      const withFiles = slotsWithFiles(options.dataDir, options.slotsMax);
      for (const slot of withFiles) {
        const lease = await leases.acquire(slotKey(slot), holder);
        if (lease !== null) return taken(slot, lease);
      }
      if (withFiles.length === 0 || Date.now() >= deadlineMs) break;
      if (!waiting) {
        logger.info(
          { waitMs: options.reuseWaitMs },
          'every store file is held; waiting for one to free up before starting a new one',
        );
        waiting = true;
      }
      await new Promise((resolve) => setTimeout(resolve, options.renewEveryMs));
    }
    for (let slot = 0; slot < options.slotsMax; slot += 1) {
      const lease = await leases.acquire(slotKey(slot), holder);
      if (lease !== null) return taken(slot, lease);
    }
    throw new Error(
      `all ${options.slotsMax} analytics slots are held by running replicas: stop one, raise ANALYTICS_SLOTS_MAX, ` +
        'or wait for the lease of a replica that died to expire',
    );
  }

  /**
   * Moves the store of the versions before slots into this slot's file when it has none yet, so an upgrade
   * keeps its read models. Renaming is atomic: when two replicas race, one moves the file, the other starts
   * empty and catches up from the stream.
   */
  adoptLegacyStore(dataDir: string): void {
    const target = join(dataDir, this.fileName);
    if (existsSync(target)) return;
    try {
      renameSync(join(dataDir, LEGACY_STORE_FILE), target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const suffix of ['-wal', '-shm']) {
      const from = join(dataDir, LEGACY_STORE_FILE + suffix);
      if (existsSync(from)) renameSync(from, target + suffix);
    }
    this.logger.info({ file: this.fileName }, `adopted ${LEGACY_STORE_FILE} as this replica's store`);
  }

  /**
   * Renews the lease until release(). When a renewal is refused (the lease expired, say after a pause or a
   * NATS outage longer than its time to live, and another replica may have taken the slot), `onLost` runs: this
   * replica must stop; started again, it takes a free slot. Its writes are refused meanwhile once another
   * replica has claimed the file's fence.
   */
  keep(options: StoreSlotOptions, onLost: () => void): void {
    if (this.leases === null) return;
    const leases = this.leases;
    this.timer = setInterval(() => {
      if (this.renewing !== null) return;
      this.renewing = this.renew(leases, onLost).finally(() => {
        this.renewing = null;
      });
    }, options.renewEveryMs);
    this.timer.unref();
  }

  /** Stops renewing and frees the slot at once (after the store is closed), so a new replica can take it. */
  async release(): Promise<void> {
    this.released = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.renewing;
    if (this.leases !== null && this.lease !== null) {
      await this.leases.release(this.lease).catch((error: unknown) => {
        this.logger.warn(
          { err: error, slot: this.label },
          'cannot release the slot; it frees when its lease expires',
        );
      });
    }
  }

  private async renew(leases: LeaseTable, onLost: () => void): Promise<void> {
    const lease = this.lease;
    if (lease === null || this.released) return;
    try {
      const renewed = await leases.renew(lease);
      if (this.released) return;
      if (renewed !== null) {
        this.lease = renewed;
        return;
      }
      this.lease = null;
      this.logger.error({ slot: this.label }, 'this replica lost its slot lease; stopping');
      onLost();
    } catch (error) {
      // NATS unreachable: the next tick tries again; the lease lives ttl, two ticks past this one.
      this.logger.warn({ err: error, slot: this.label }, 'cannot renew the slot lease; retrying');
    }
  }
}
