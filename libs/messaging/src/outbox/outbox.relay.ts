import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { JetStreamPublisher } from './jetstream.publisher';
import type { OutboxStore } from './outbox.store';

/** Runs the marking of sent rows; a service with group commit passes its queue so no extra fsync is paid. */
export type MarkSentRunner = (mark: () => void) => Promise<void> | void;

export interface OutboxRelayOptions {
  /** Rows published per round; they are published together and acknowledged together. */
  batchSize: number;
  /** How often the relay looks for rows when nobody calls notify(). */
  pollIntervalMs: number;
  publishTimeoutMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** Sent rows are kept this long (for inspection), then pruned. */
  sentRetentionMs: number;
  pruneBatchSize: number;
  runMarkSent: MarkSentRunner;
  /**
   * Awaited before each read of the outbox: a service whose write transaction stays open while it waits
   * (the ledger's, for its replicated journal) makes the relay wait for it, so that it reads, and
   * publishes, committed rows only.
   */
  beforeRead?: () => Promise<void>;
}

export const OUTBOX_RELAY_DEFAULTS: OutboxRelayOptions = {
  batchSize: 512,
  pollIntervalMs: 1_000,
  publishTimeoutMs: 5_000,
  backoffInitialMs: 100,
  backoffMaxMs: 5_000,
  sentRetentionMs: 60 * 60 * 1000,
  pruneBatchSize: 5_000,
  runMarkSent: (mark) => mark(),
};

/**
 * Publishes outbox rows to JetStream with their event id as Nats-Msg-Id, and marks a row sent only after
 * JetStream acknowledged it. A crash between the ack and the mark republishes the row, and JetStream
 * drops the copy as a duplicate, so every event lands exactly once per id.
 */
export class OutboxRelay {
  private readonly options: OutboxRelayOptions;
  private readonly publisher: JetStreamPublisher;
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private failures = 0;
  private publishedTotal = 0;

  constructor(
    nc: NatsConnection,
    private readonly store: OutboxStore,
    private readonly logger: Logger,
    options: Partial<OutboxRelayOptions> = {},
  ) {
    this.options = { ...OUTBOX_RELAY_DEFAULTS, ...options };
    this.publisher = new JetStreamPublisher(nc, this.options.publishTimeoutMs);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Ask for a round now (after a commit) instead of waiting for the next poll. */
  notify(): void {
    this.wake?.();
  }

  /** Stop after the current round; rows still unsent stay in the outbox for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
  }

  /** Stop and release the ack subscription; flush() is no longer possible afterwards. */
  async close(): Promise<void> {
    await this.stop();
    this.publisher.close();
  }

  get published(): number {
    return this.publishedTotal;
  }

  /**
   * At shutdown: stop the loop, then give the last events up to `timeoutMs` to reach JetStream; whatever
   * is left goes out at the next start. close() still follows.
   */
  async stopAndFlush(timeoutMs: number): Promise<void> {
    await this.stop();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.flush().catch((error: unknown) => this.logger.warn({ err: error }, 'final outbox flush failed')),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  /** Publish until the outbox is empty or a round fails; returns how many rows were sent. */
  async flush(): Promise<number> {
    let sent = 0;
    for (;;) {
      if (this.options.beforeRead !== undefined) await this.options.beforeRead();
      const rows = this.store.unsent(this.options.batchSize);
      if (rows.length === 0) return sent;
      const ackedCount = await this.publisher.publish(rows);
      const seqs = rows.slice(0, ackedCount).map((row) => row.seq);
      await this.options.runMarkSent(() => this.store.markSent(seqs));
      sent += ackedCount;
      this.publishedTotal += ackedCount;
      if (ackedCount < rows.length) {
        throw new Error(`${rows.length - ackedCount} events not acknowledged in time`);
      }
    }
  }

  private async run(): Promise<void> {
    let lastPrune = 0;
    while (this.running) {
      let delayMs = this.options.pollIntervalMs;
      try {
        await this.flush();
        this.failures = 0;
        if (Date.now() - lastPrune > 60_000) {
          lastPrune = Date.now();
          const before = Date.now() - this.options.sentRetentionMs;
          // A write like the marks: with them, through the service's group commit when it has one.
          await this.options.runMarkSent(() => this.store.pruneSent(before, this.options.pruneBatchSize));
        }
      } catch (error) {
        this.failures += 1;
        delayMs = Math.min(
          this.options.backoffMaxMs,
          this.options.backoffInitialMs * 2 ** Math.min(this.failures - 1, 16),
        );
        this.logger.warn(
          { err: error, failures: this.failures, retryInMs: delayMs },
          'outbox publish failed',
        );
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}
