import type { Lease, LeaseHolder, LeaseTable } from '@ticketonomics/partitions';
import type { Logger } from 'pino';

/** The one lease key: whoever holds it long-polls Telegram. */
export const POLLER_LEASE_KEY = 'poller';

export interface PollerLeadershipOptions {
  leases: LeaseTable;
  /**
   * The replica (distinct for two processes on one host) and this run of it: a replica restarted after a crash
   * takes the lease of its earlier run back at once instead of waiting for it to expire.
   */
  holder: LeaseHolder;
  /** The lease's time to live (the bucket's max age). */
  ttlMs: number;
  logger: Logger;
  /** Starts long polling; resolves once polling has ended (stopped, or failed). */
  poll: () => Promise<void>;
  /** Asks polling to end: poll()'s promise then resolves. */
  stopPolling: () => void;
}

/**
 * Telegram serves getUpdates to one poller: a second one ends the first one's poll with 409 Conflict. So
 * replicas in long-polling mode elect one poller by a KV lease, and the others stay ready and idle.
 *
 * Every replica tries the lease every quarter of its time to live: the holder renews it, the others try to
 * take it, which succeeds once the holder released it (a clean stop) or its lease expired (a dead holder):
 * another replica polls within ttl × 1.25 of the holder's last renewal. A holder that cannot renew stops
 * polling half a time to live after it sent its last successful renewal, and the server keeps that
 * renewal at least a whole one, so it has stopped (its held poll aborted, its last offset confirmed) before the
 * lease can pass to another replica, as far as the clocks of the two machines run alike.
 */
export class PollerLeadership {
  private lease: Lease | null = null;
  private polling: Promise<void> | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private deadlineTimer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly options: PollerLeadershipOptions) {}

  /** Whether this replica polls Telegram now. */
  get leading(): boolean {
    return this.polling !== null;
  }

  /** Tries the lease at once (a lone replica polls as soon as this resolves), then every ttl / 4. */
  async start(): Promise<void> {
    await this.tick();
    this.tickTimer = setInterval(
      () => {
        this.ticking ??= this.tick().finally(() => {
          this.ticking = null;
        });
      },
      Math.floor(this.options.ttlMs / 4),
    );
    this.tickTimer.unref();
  }

  /** Stops polling (its last offset confirmed), then frees the lease so another replica polls at once. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.tickTimer !== null) clearInterval(this.tickTimer);
    this.disarmDeadline();
    await this.ticking;
    await this.stopPolling();
    const lease = this.lease;
    this.lease = null;
    if (lease !== null) {
      await this.options.leases.release(lease).catch((error: unknown) => {
        this.options.logger.warn({ err: error }, 'cannot release the poller lease; it frees when it expires');
      });
    }
  }

  private async tick(): Promise<void> {
    if (this.closed) return;
    const { leases, holder, logger } = this.options;
    const sentAtMs = Date.now();
    try {
      const lease =
        this.lease === null ? await leases.acquire(POLLER_LEASE_KEY, holder) : await leases.renew(this.lease);
      if (lease === null) {
        if (this.lease !== null) {
          logger.warn('lost the poller lease; another replica polls Telegram now');
          this.lease = null;
          this.disarmDeadline();
          await this.stopPolling();
        }
        return;
      }
      this.lease = lease;
      if (this.closed) return;
      this.armDeadline(sentAtMs);
      // Polling that ended on its own (an error) while the lease is still held starts again here.
      if (this.polling === null) this.startPolling();
    } catch (error) {
      // NATS unreachable or slow: the next tick tries again; the deadline stops polling meanwhile.
      logger.warn({ err: error }, 'cannot reach the poller lease; retrying');
    }
  }

  private startPolling(): void {
    const { logger } = this.options;
    logger.info('this replica polls Telegram');
    const polling = this.options.poll().finally(() => {
      if (this.polling === polling) this.polling = null;
    });
    this.polling = polling;
  }

  private async stopPolling(): Promise<void> {
    const polling = this.polling;
    if (polling === null) return;
    this.options.stopPolling();
    await polling;
  }

  /** Half a time to live after the renewal was sent: the lease is surely still ours until then. */
  private armDeadline(sentAtMs: number): void {
    this.disarmDeadline();
    const waitMs = Math.max(0, sentAtMs + this.options.ttlMs / 2 - Date.now());
    this.deadlineTimer = setTimeout(() => {
      this.deadlineTimer = null;
      if (this.polling === null) return;
      this.options.logger.warn(
        'cannot renew the poller lease in time; stopping polling before it can expire',
      );
      void this.stopPolling();
    }, waitMs);
    this.deadlineTimer.unref();
  }

  private disarmDeadline(): void {
    if (this.deadlineTimer !== null) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = null;
  }
}
