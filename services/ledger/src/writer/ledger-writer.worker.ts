import { isDomainError } from '@ticketonomics/contracts';
import Database from 'better-sqlite3';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { CommitQueue } from '../commit/commit-queue';
import { LedgerEventsEmitter } from '../events/ledger-events.emitter';
import { LedgerStores } from '../store/ledger.stores';
import { HoldExpiryWorker } from '../transfers/hold-expiry.worker';
import { TransferEngine } from '../transfers/transfer.engine';
import { ledgerWriteHandlers } from './ledger-write.handlers';
import type {
  FromWriter,
  LogLevel,
  Outcome,
  ToWriter,
  WorkItem,
  WriteHandlers,
  WriterInit,
} from './ledger-writer.protocol';

/**
 * The ledger's writer thread: it owns the one writable SQLite connection and runs every write through the
 * commit queue, so SQLite's CPU time and the fsync of each COMMIT never block the event loop that serves
 * NATS. Work arrives in batches of items; whatever arrived by the time the queue flushes commits as one
 * group. Outcomes go back in one message per event-loop turn, after the commit that made them durable.
 */
class LedgerWriterThread {
  private readonly db: Database.Database;
  private readonly queue: CommitQueue;
  private readonly handlers: WriteHandlers;
  private readonly expiry: HoldExpiryWorker;
  private outcomes: Outcome[] = [];
  private committed = false;
  private sendScheduled = false;

  constructor(
    private readonly port: MessagePort,
    init: WriterInit,
  ) {
    this.db = new Database(init.dbPath, { fileMustExist: true, timeout: init.busyTimeoutMs });
    for (const pragma of init.pragmas) this.db.pragma(pragma);
    const stores = new LedgerStores(this.db);
    const events = new LedgerEventsEmitter(stores.outbox);
    const engine = new TransferEngine(stores, events);
    this.queue = new CommitQueue(stores, {
      groupSizeMax: init.groupSizeMax,
      queueLengthMax: init.queueLengthMax,
    });
    this.queue.onCommitted(() => {
      this.committed = true;
      this.scheduleSend();
    });
    this.handlers = ledgerWriteHandlers(stores, events, engine, this.queue);
    const logger = {
      info: (fields: object, message: string) => this.log('info', fields, message),
      warn: (fields: object, message: string) => this.log('warn', fields, message),
    };
    this.expiry = new HoldExpiryWorker(engine, this.queue, logger, init.expirySweepMs);
  }

  start(): void {
    this.port.on('message', (message: ToWriter) => {
      if (message.type === 'work') for (const item of message.items) this.run(item);
      else void this.close();
    });
    this.expiry.start();
    this.post({ type: 'ready' });
  }

  private run(item: WorkItem): void {
    let pending: Promise<unknown>;
    try {
      const handler = this.handlers[item.op] as ((...args: unknown[]) => Promise<unknown>) | undefined;
      if (handler === undefined) throw new Error(`unknown writer op ${item.op}`);
      pending = handler(...item.args);
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(
      (value) => this.answer({ id: item.id, ok: true, value }),
      (error: unknown) => this.answer(failure(item.id, error)),
    );
  }

  private answer(outcome: Outcome): void {
    this.outcomes.push(outcome);
    this.scheduleSend();
  }

  /** One message per turn: after the microtasks that resolve a whole group's items have run. */
  private scheduleSend(): void {
    if (this.sendScheduled) return;
    this.sendScheduled = true;
    setImmediate(() => this.send());
  }

  private send(): void {
    this.sendScheduled = false;
    const outcomes = this.outcomes;
    this.outcomes = [];
    const committed = this.committed;
    this.committed = false;
    this.post({
      type: 'done',
      outcomes,
      committed,
      stats: { ...this.queue.stats, queueLength: this.queue.length },
    });
  }

  /** Finish what is queued, answer it, close the store, and let the thread end. */
  private async close(): Promise<void> {
    await this.expiry.stop();
    await this.queue.close();
    // The last group's outcomes are resolved in microtasks and sent on the next turn.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.outcomes.length > 0 || this.committed) this.send();
    this.db.close();
    this.post({ type: 'closed' });
    this.port.close();
  }

  private log(level: LogLevel, fields: object, message: string): void {
    const plain: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      plain[key] = value instanceof Error ? { message: value.message, stack: value.stack } : value;
    }
    this.post({ type: 'log', level, fields: plain, message });
  }

  private post(message: FromWriter): void {
    this.port.postMessage(message);
  }
}

function failure(id: number, error: unknown): Outcome {
  if (isDomainError(error)) return { id, ok: false, error: error.toBody(), internal: false };
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { id, ok: false, error: { code: 'INTERNAL', message }, internal: true };
}

if (parentPort === null) throw new Error('ledger-writer.worker must run in a worker thread');
new LedgerWriterThread(parentPort, workerData as WriterInit).start();
