import assert from 'node:assert/strict';
import type { Logger } from 'pino';
import { randomBytes } from 'node:crypto';
import type { Lease, LeaseHolder, LeaseTable } from './lease.table';
import { partitionLabel } from '@ticketonomics/contracts';
import { partitionOf } from './partition.hash';
import { quotaOf } from './partition.quota';

/** Why a replica stops serving a partition. */
export type PartitionCloseReason = 'rebalance' | 'lost' | 'shutdown';

/** What a service does when the balancer hands it a partition or takes one away. */
export interface PartitionHost {
  /**
   * Start serving the partition: open its store, claim its fence, take its requests. A throw gives the
   * lease back, and another replica (or this one, on a later round) tries again.
   */
  open(partition: number): Promise<void>;
  /** Stop serving it: take no more requests, finish those in flight, close its store. Must not throw. */
  close(partition: number, reason: PartitionCloseReason): Promise<void>;
}

export interface PartitionBalancerOptions {
  /**
   * The replica's name, unique among live replicas and the same across its restarts (by default the host
   * name, which compose makes unique per container): a restarted replica takes its own partitions back at
   * once.
   */
  replicaId: string;
  partitionCount: number;
  leases: LeaseTable;
  host: PartitionHost;
  logger: Logger;
  /** How often leases are renewed and the spread is checked; a third of the lease's time to live by default. */
  roundMs?: number;
}

interface Held {
  lease: Lease;
  /** When the last successful renewal was sent: the lease lives at least ttlMs from then. */
  renewedAt: number;
}

const REPLICA_PREFIX = 'replicas.';
const PARTITION_PREFIX = 'partitions.';

/**
 * Spreads a service's partitions evenly over its live replicas. Each replica, every round: writes its
 * heartbeat, renews the leases it holds, gives back what exceeds its quota (quotaOf), and takes free
 * partitions up to it. A replica that dies stops renewing; its leases expire with the bucket's max age and
 * the others take them on their next round, so a partition is served again within ttlMs + roundMs plus the
 * time to open it. A lease it cannot renew for too long (NATS unreachable) is closed here before it can
 * expire there, and the fence refuses any write that still races it.
 */
export class PartitionBalancer {
  private readonly held = new Map<number, Held>();
  private readonly roundMs: number;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly who: LeaseHolder;
  private heartbeatRevision = 0;

  constructor(private readonly options: PartitionBalancerOptions) {
    this.who = { holder: options.replicaId, incarnation: randomBytes(6).toString('hex') };
    assert(/^[A-Za-z0-9_-]+$/.test(options.replicaId), 'replicaId: letters, digits, - and _ only');
    this.roundMs = options.roundMs ?? Math.floor(options.leases.ttlMs / 3);
    assert(this.roundMs * 2 < options.leases.ttlMs, 'roundMs must be under half the lease ttl');
  }

  /** Runs a first round (so the replica holds its share when this resolves), then one every roundMs. */
  async start(): Promise<void> {
    await this.runRound();
    this.schedule();
  }

  /** The partitions this replica serves now, in order. */
  ownedPartitions(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  /** Runs a round now (after the one in progress): tests and shutdown use it to avoid waiting. */
  runRound(): Promise<void> {
    this.round = this.round.then(() => (this.stopped ? undefined : this.balance()));
    return this.round;
  }

  /** Closes every partition, gives the leases back at once (no waiting for expiry) and stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.round;
    for (const partition of this.ownedPartitions()) await this.giveBack(partition, 'shutdown');
    await this.options.leases
      .delete(`${REPLICA_PREFIX}${this.options.replicaId}`)
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not remove the heartbeat'));
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runRound().finally(() => this.schedule());
    }, this.roundMs);
    this.timer.unref();
  }

  private async balance(): Promise<void> {
    const { leases, replicaId, partitionCount, logger } = this.options;
    try {
      const heartbeat = await leases.put(`${REPLICA_PREFIX}${replicaId}`, this.who, this.heartbeatRevision);
      if (heartbeat.twin) {
        logger.error(
          { replicaId },
          `another process runs as replica ${replicaId}: give each replica its own id (compose gives each container its own host name); the partitions' fences keep the data safe, but the two will take partitions from each other`,
        );
      }
      this.heartbeatRevision = heartbeat.revision;
    } catch (error) {
      logger.warn({ err: error }, 'heartbeat not written');
    }
    await this.renewAll();

    let replicas: Map<string, string>;
    let partitions: Map<string, string>;
    try {
      replicas = await leases.holders(REPLICA_PREFIX);
      partitions = await leases.holders(PARTITION_PREFIX);
    } catch (error) {
      logger.warn({ err: error }, 'leases not readable: keeping what is held, taking nothing new');
      return;
    }
    const quota = quotaOf(replicaId, replicas.values(), partitionCount);
    for (const partition of this.ownedPartitions().reverse()) {
      if (this.held.size <= quota) break;
      await this.giveBack(partition, 'rebalance');
    }
    const first = partitionOf(replicaId, partitionCount);
    for (let step = 0; step < partitionCount && this.held.size < quota; step += 1) {
      const partition = (first + step) % partitionCount;
      if (this.held.has(partition)) continue;
      // Free, or held by an earlier run of this replica (acquire takes that over).
      const holder = partitions.get(keyOf(partition));
      if (holder !== undefined && holder !== replicaId) continue;
      await this.take(partition);
    }
  }

  private async renewAll(): Promise<void> {
    const { leases, logger } = this.options;
    for (const [partition, held] of [...this.held]) {
      const sentAt = Date.now();
      try {
        const renewed = await leases.renew(held.lease);
        if (renewed !== null) {
          this.held.set(partition, { lease: renewed, renewedAt: sentAt });
          continue;
        }
        logger.warn(
          { partition: partitionLabel(partition) },
          'partition lease lost: another replica serves it',
        );
      } catch (error) {
        // Unreachable, not refused: keep serving while the lease surely lives, then stop before it expires.
        if (sentAt - held.renewedAt < leases.ttlMs - 2 * this.roundMs) continue;
        logger.warn({ err: error, partition: partitionLabel(partition) }, 'partition lease not renewable');
      }
      this.held.delete(partition);
      await this.options.host.close(partition, 'lost');
    }
  }

  private async take(partition: number): Promise<void> {
    const { leases, host, logger } = this.options;
    const sentAt = Date.now();
    let lease: Lease | null;
    try {
      lease = await leases.acquire(keyOf(partition), this.who);
    } catch (error) {
      logger.warn({ err: error, partition: partitionLabel(partition) }, 'partition lease not taken');
      return;
    }
    if (lease === null) return;
    // Opening can outlast the lease (a partition rebuilt from its replicated journal): it is renewed meanwhile.
    const keepAlive = this.keepAlive(lease, sentAt);
    try {
      await host.open(partition);
    } catch (error) {
      logger.error({ err: error, partition: partitionLabel(partition) }, 'partition failed to open');
      const held = await keepAlive.stop();
      await leases.release(held.lease).catch(() => undefined);
      return;
    }
    const held = await keepAlive.stop();
    if (held.lost) {
      logger.warn({ partition: partitionLabel(partition) }, 'partition lease lost while opening');
      await host.close(partition, 'lost');
      return;
    }
    this.held.set(partition, { lease: held.lease, renewedAt: held.renewedAt });
    logger.info({ partition: partitionLabel(partition) }, 'partition taken');
  }

  /** Renews `lease` every round until stopped; answers the lease as last renewed, or that it was lost. */
  private keepAlive(
    lease: Lease,
    renewedAt: number,
  ): { stop: () => Promise<{ lease: Lease; renewedAt: number; lost: boolean }> } {
    const { leases } = this.options;
    const state = { lease, renewedAt, lost: false };
    let renewing: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      if (state.lost) return;
      const sentAt = Date.now();
      renewing = renewing.then(async () => {
        try {
          const renewed = await leases.renew(state.lease);
          if (renewed === null) state.lost = true;
          else Object.assign(state, { lease: renewed, renewedAt: sentAt });
        } catch {
          // Unreachable: the lease lives from its last renewal; the rounds after opening judge it.
        }
      });
    }, this.roundMs);
    return {
      stop: async () => {
        clearInterval(timer);
        await renewing;
        return state;
      },
    };
  }

  private async giveBack(partition: number, reason: PartitionCloseReason): Promise<void> {
    const held = this.held.get(partition);
    if (held === undefined) return;
    this.held.delete(partition);
    await this.options.host.close(partition, reason);
    await this.options.leases
      .release(held.lease)
      .catch((error: unknown) =>
        this.options.logger.warn({ err: error, partition: partitionLabel(partition) }, 'lease not released'),
      );
    this.options.logger.info({ partition: partitionLabel(partition), reason }, 'partition given back');
  }
}

function keyOf(partition: number): string {
  return `${PARTITION_PREFIX}${partitionLabel(partition)}`;
}
