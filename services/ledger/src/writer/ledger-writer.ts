import { DomainError } from '@ticketonomics/contracts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { CommitStats } from '../commit/commit-queue';
import type {
  FromWriter,
  Outcome,
  ToWriter,
  WorkItem,
  WriteArgs,
  WriteOp,
  WriteResult,
  WriterInit,
  WriterStats,
} from './ledger-writer.protocol';

/**
 * The writer's young generation. Its garbage is short-lived (rows, events, outcomes of one group), and V8's
 * default (up to 48 MB per thread) would add that much resident memory to the process for a second heap.
 */
const WRITER_YOUNG_GENERATION_MB = 12;
/** How long start() waits for the thread to open the store. */
const WRITER_START_TIMEOUT_MS = 30_000;
/** How long close() waits for queued work to commit before it terminates the thread. */
export const WRITER_CLOSE_TIMEOUT_MS = 10_000;

/**
 * Runs the worker file through a module given in workerData: in dist/ that is register-aliases.js, which
 * maps @ticketonomics/* to the compiled libs; from TypeScript sources (jest) it is infra/scripts/register-ts.cjs,
 * which compiles .ts files with @swc/core the way jest does.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
for (const file of workerData.preload) require(file);
require(workerData.entry);
`;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export type WriterOptions = Omit<WriterInit, 'preload' | 'entry'>;

/**
 * The main thread's side of the writer thread. Callers get a promise per write; the calls made during one
 * event-loop turn go over in a single message, so the structured-clone and wake-up cost is paid per turn,
 * not per request, and the thread can commit them as one group.
 */
export class LedgerWriter {
  private readonly pending = new Map<number, Pending>();
  private outgoing: WorkItem[] = [];
  private flushScheduled = false;
  private nextId = 1;
  private closing = false;
  private failure: Error | null = null;
  private readonly exited: Promise<number>;
  private readonly committedListeners: (() => void)[] = [];
  private readonly failureListeners: ((error: Error) => void)[] = [];
  private latest: WriterStats = {
    groups: 0,
    items: 0,
    lastGroupSize: 0,
    abortedGroups: 0,
    queueLength: 0,
  };

  private constructor(
    private readonly worker: Worker,
    private readonly logger: Logger,
  ) {
    this.exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.on('message', (message: FromWriter) => this.onMessage(message));
    worker.on('error', (error) => this.fail(error));
    worker.once('exit', (code) => {
      if (!this.closing || code !== 0)
        this.fail(new Error(`the ledger writer thread exited with code ${code}`));
    });
  }

  /** Start the thread and wait until it has opened the store (the file must exist, migrated). */
  static async start(options: WriterOptions, logger: Logger): Promise<LedgerWriter> {
    const init: WriterInit = { ...options, ...workerFiles() };
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: init,
      name: 'ledger-writer',
      resourceLimits: { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB },
    });
    const writer = new LedgerWriter(worker, logger);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the ledger writer thread did not start in ${WRITER_START_TIMEOUT_MS} ms`)),
        WRITER_START_TIMEOUT_MS,
      );
      const onReady = (message: FromWriter) => {
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        worker.off('message', onReady);
        resolve();
      };
      worker.on('message', onReady);
      writer.onFailure((error) => {
        clearTimeout(timer);
        reject(error);
      });
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return writer;
  }

  call<K extends WriteOp>(op: K, ...args: WriteArgs<K>): Promise<WriteResult<K>> {
    if (this.failure !== null) return Promise.reject(unavailable('the ledger writer stopped'));
    if (this.closing) {
      return Promise.reject(unavailable('the ledger is shutting down; retry on another instance'));
    }
    const id = this.nextId++;
    this.outgoing.push({ id, op, args });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /** Called after each durable group commit in the thread (at most once per message from it). */
  onCommitted(listener: () => void): void {
    this.committedListeners.push(listener);
  }

  /** Called once if the thread dies; what was in flight is answered UNAVAILABLE (retry with the same id). */
  onFailure(listener: (error: Error) => void): void {
    this.failureListeners.push(listener);
  }

  get alive(): boolean {
    return this.failure === null && !this.closing;
  }

  /** The thread's commit-queue figures, as of its last message. */
  get stats(): CommitStats {
    return this.latest;
  }

  get length(): number {
    return this.latest.queueLength;
  }

  /** Refuse new work, let the thread commit and answer what it has, then wait for it to end. */
  async close(timeoutMs = WRITER_CLOSE_TIMEOUT_MS): Promise<void> {
    if (this.closing) {
      await this.exited;
      return;
    }
    this.flush();
    this.closing = true;
    if (this.failure !== null) return;
    this.post({ type: 'close' });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.logger.error({ timeoutMs }, 'the ledger writer thread did not finish in time; terminating it');
      await this.worker.terminate();
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.outgoing.length === 0) return;
    const items = this.outgoing;
    this.outgoing = [];
    this.post({ type: 'work', items });
  }

  private post(message: ToWriter): void {
    this.worker.postMessage(message);
  }

  private onMessage(message: FromWriter): void {
    switch (message.type) {
      case 'done':
        this.latest = message.stats;
        for (const outcome of message.outcomes) this.settle(outcome);
        if (message.committed) for (const listener of this.committedListeners) listener();
        return;
      case 'log':
        this.logger[message.level](message.fields, message.message);
        return;
      case 'ready':
      case 'closed':
        return;
    }
  }

  private settle(outcome: Outcome): void {
    const pending = this.pending.get(outcome.id);
    if (pending === undefined) return;
    this.pending.delete(outcome.id);
    if (outcome.ok) pending.resolve(outcome.value);
    else if (outcome.internal) pending.reject(new Error(outcome.error.message));
    else {
      const { code, message, details } = outcome.error;
      pending.reject(new DomainError(code, message, details));
    }
  }

  private fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    this.logger.error({ err: error }, 'the ledger writer thread failed');
    // Replies go out only after a commit, so nothing answered is lost; these may or may not have committed,
    // and a retry with the same id is safe either way.
    for (const pending of this.pending.values()) {
      pending.reject(unavailable('the ledger writer stopped; retry with the same id'));
    }
    this.pending.clear();
    for (const listener of this.failureListeners) listener(error);
  }
}

function unavailable(message: string): DomainError {
  return new DomainError('UNAVAILABLE', message);
}

/**
 * The worker's entry and what it loads first. This file sits at <root>/services/ledger/src/writer/, where
 * <root> is dist/ in the build and the repository when jest runs the sources.
 */
function workerFiles(): Pick<WriterInit, 'preload' | 'entry'> {
  const fromSource = __filename.endsWith('.ts');
  const root = join(__dirname, '..', '..', '..', '..');
  const hook = fromSource
    ? join(root, 'infra', 'scripts', 'register-ts.cjs')
    : join(root, 'register-aliases.js');
  if (!existsSync(hook)) {
    throw new Error(
      `${hook} is missing: the ledger writer thread cannot resolve @ticketonomics/* without it`,
    );
  }
  return { preload: [hook], entry: join(__dirname, `ledger-writer.worker${fromSource ? '.ts' : '.js'}`) };
}
