import type { Logger } from 'pino';
import { ArtifactsStores } from '../store/artifacts.stores';
import { SagaRunner } from './saga.runner';
import { backoffMs } from './saga.states';

export interface SagaWorkerLimits {
  intervalMs: number;
  /** A saga a request may still be driving is left alone this long after its last step. */
  graceMs: number;
  batchMax: number;
  attemptsMax: number;
  backoffMs: number;
  backoffMaxMs: number;
}

/**
 * Finishes or undoes purchases left unfinished: at start (a crash, the ledger down) and then
 * periodically, a bounded batch per round, with exponential back-off per saga. A saga is never given
 * up: one past attemptsMax failures is reported stuck (logged, counted in artifacts_sagas_stuck) and still
 * tried every backoffMaxMs, so it settles on its own once the ledger is back (its hold may have expired
 * by then, and the sale is reverted).
 */
export class SagaWorker {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private readonly bootAt = Date.now();

  constructor(
    private readonly stores: ArtifactsStores,
    private readonly runner: SagaRunner,
    private readonly limits: SagaWorkerLimits,
    private readonly logger: Logger,
  ) {}

  start(): void {
    const reset = this.stores.write(() => this.stores.sagas.resetAttempts());
    if (reset > 0) this.logger.info({ sagas: reset }, 'unfinished purchases found at start; recovering them');
    this.tick();
    this.timer = setInterval(() => this.tick(), this.limits.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
  }

  /** One round: drive every due saga of one batch; returns how many were tried. */
  async sweep(): Promise<number> {
    const now = Date.now();
    const due = this.stores.sagas.due({
      now,
      bootAt: this.bootAt,
      idleBefore: now - this.limits.graceMs,
      limit: this.limits.batchMax,
    });
    for (const saga of due) {
      try {
        await this.runner.recover(saga);
      } catch (error) {
        const attempts = this.stores.write(() =>
          this.stores.sagas.retryLater(
            saga,
            Date.now() + backoffMs(saga.attempts + 1, this.limits.backoffMs, this.limits.backoffMaxMs),
          ),
        );
        const context = { err: error, requestId: saga.requestId, communityId: saga.communityId, attempts };
        if (attempts >= this.limits.attemptsMax) {
          this.logger.error(
            { ...context, state: saga.state },
            'purchase stuck: still retrying at the longest back-off; check the ledger and artifacts_sagas_stuck',
          );
        } else {
          this.logger.warn(context, 'purchase recovery failed; retrying later');
        }
      }
    }
    return due.length;
  }

  private tick(): void {
    if (this.sweeping !== null) return;
    this.sweeping = this.sweep()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error({ err: error }, 'purchase recovery round failed'))
      .finally(() => (this.sweeping = null));
  }
}
