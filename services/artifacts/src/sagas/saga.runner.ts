import { DomainError, isDomainError, type ErrorBody } from '@ticketonomics/contracts';
import type { Logger } from 'pino';
import { ArtifactsStores } from '../store/artifacts.stores';
import type { RequestPayload } from '../requests/requests.store';
import type { FaultHook } from './fault.hook';
import { accountIdOf, escrowOf, type LedgerGateway } from './ledger.gateway';
import { transferBase } from './saga.draft';
import type { SagaItem } from './saga.item';
import type { SagaKind } from './saga.states';
import type { SagaRow } from './sagas.store';

/** Ledger answers that mean "it did not happen, try later" rather than "refused". */
const TRANSIENT_CODES = new Set(['UNAVAILABLE', 'OVERLOADED', 'INTERNAL']);

export type SagaOutcome = 'completed' | 'refused' | 'compensated' | 'reverted';

/** How a drive treats a saga still in `holding`: a request places the hold; recovery undoes it. */
type DriveMode = 'forward' | 'recover';

/**
 * Drives purchases through hold -> item step -> post -> payout, keeping the state in SQLite so that any
 * step can be repeated after a crash (every ledger call is idempotent by id). One drive per saga at a
 * time in this process; the state changes are compare-and-set besides.
 */
export class SagaRunner {
  private readonly locks = new Map<string, Promise<void>>();

  constructor(
    private readonly stores: ArtifactsStores,
    private readonly ledger: LedgerGateway,
    private readonly items: Record<SagaKind, SagaItem>,
    private readonly faults: FaultHook,
    private readonly logger: Logger,
    private readonly onOutcome: (outcome: SagaOutcome) => void,
  ) {}

  /**
   * Record the request and its saga (or find the same request's), then drive it to its answer. The
   * accounts it pays must be open already.
   */
  async begin(command: string, payload: RequestPayload, saga: SagaRow): Promise<unknown> {
    const answered = this.stores.write(() => {
      const earlier = this.stores.requests.earlier(command, payload);
      if (earlier.kind === 'answered') return earlier;
      if (earlier.kind === 'none') {
        this.stores.requests.record(command, payload, undefined, saga.createdAt);
        this.stores.sagas.insert(saga);
      }
      return null;
    });
    if (answered !== null) return answered.result;
    return this.settle(saga.communityId, saga.requestId);
  }

  /** Drive a request's saga as far as it goes now and answer as the request would. */
  async settle(communityId: string, requestId: string): Promise<unknown> {
    try {
      await this.withLock(communityId, requestId, () => this.drive(communityId, requestId, 'forward'));
    } catch (error) {
      const saga = this.stores.sagas.require(communityId, requestId);
      // The item step refused (say SOLD_OUT) and only the void is left: that is the answer; recovery voids.
      if (saga.state === 'holding' && saga.error !== null) return this.answerOf({ ...saga, state: 'failed' });
      if (saga.state === 'item_moved' && isDomainError(error) && TRANSIENT_CODES.has(error.code)) {
        throw new DomainError(
          'UNAVAILABLE',
          `the ledger did not confirm the payment yet (${error.message}); it will be settled shortly: repeat the request with requestId ${requestId} for its result`,
          { requestId, state: saga.state },
        );
      }
      if (saga.state === 'holding' && isDomainError(error) && TRANSIENT_CODES.has(error.code)) {
        throw new DomainError(
          'UNAVAILABLE',
          `the ledger did not answer (${error.message}); nothing was bought and any hold on your tickets is released shortly; try again`,
          { requestId, state: saga.state },
        );
      }
      throw error;
    }
    return this.answerOf(this.stores.sagas.require(communityId, requestId));
  }

  /** The worker's entry: finish or undo a saga left unfinished. */
  recover(saga: SagaRow): Promise<void> {
    return this.withLock(saga.communityId, saga.requestId, () =>
      this.drive(saga.communityId, saga.requestId, 'recover'),
    );
  }

  private answerOf(saga: SagaRow): unknown {
    if (saga.state === 'failed') {
      const error = saga.error ?? { code: 'INTERNAL', message: 'the purchase failed' };
      throw DomainError.fromBody(error);
    }
    return saga.result;
  }

  private async drive(communityId: string, requestId: string, mode: DriveMode): Promise<void> {
    for (;;) {
      const saga = this.stores.sagas.require(communityId, requestId);
      switch (saga.state) {
        case 'holding':
          if (mode === 'recover' || saga.error !== null) await this.compensate(saga);
          else await this.holdAndMove(saga);
          break;
        case 'item_moved':
          await this.post(saga);
          break;
        case 'posted':
          await this.payout(saga);
          break;
        default:
          return;
      }
    }
  }

  private async holdAndMove(saga: SagaRow): Promise<void> {
    let open: boolean;
    try {
      open = (await this.ledger.hold(saga.hold)).transfer.pendingState === 'open';
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return this.fail(saga, error.toBody(), 'refused');
    }
    if (!open) return this.fail(saga, holdClosed(saga), 'compensated');
    this.faults.after('hold');
    const at = Date.now();
    try {
      this.stores.write(() => {
        const { moved, result } = this.items[saga.kind].apply(saga, at);
        this.stores.sagas.transition(saga, 'item_moved', at, { moved, result });
      });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      // Remember why before voiding: if the void does not get through, recovery finishes the job.
      this.stores.write(() => this.stores.sagas.setError(saga, error.toBody(), at));
      return this.compensate({ ...saga, error: error.toBody() });
    }
    this.faults.after('item');
  }

  /** Make sure no hold is left open, then fail the saga. Nothing moved on the artifacts side. */
  private async compensate(saga: SagaRow): Promise<void> {
    if (saga.error === null) {
      // Whether the hold exists is unknown: placing it again either finds it or makes it, and then it
      // is voided, so a hold request still in flight can never take the buyer's tickets later.
      try {
        await this.ledger.hold(saga.hold);
      } catch (error) {
        if (!isRefusal(error)) throw error;
        return this.fail(saga, error.toBody(), 'refused');
      }
    }
    try {
      await this.ledger.void(saga.hold.id);
    } catch (error) {
      // Already voided or expired: the tickets are free, which is what voiding is for.
      if (!(isDomainError(error) && error.code === 'PENDING_NOT_OPEN')) throw error;
    }
    this.fail(saga, saga.error ?? ledgerSilent(saga), 'compensated');
  }

  private fail(saga: SagaRow, error: ErrorBody, outcome: SagaOutcome): void {
    const at = Date.now();
    this.stores.write(() => {
      this.stores.sagas.transition(saga, 'compensated', at, { error });
      this.stores.requests.answer(saga.communityId, saga.requestId, { error });
    });
    this.onOutcome(outcome);
    this.logger.info(
      { requestId: saga.requestId, kind: saga.kind, code: error.code, outcome },
      'purchase failed',
    );
  }

  private async post(saga: SagaRow): Promise<void> {
    try {
      await this.ledger.post(saga.hold.id);
    } catch (error) {
      if (!(isDomainError(error) && error.code === 'PENDING_NOT_OPEN')) throw error;
      const reason = holdClosed(saga);
      const at = Date.now();
      this.stores.write(() => {
        this.items[saga.kind].revert(saga, at);
        this.stores.editions.settle(saga.communityId, saga.requestId);
        this.stores.sagas.transition(saga, 'reverted', at, { error: reason });
        this.stores.requests.answer(saga.communityId, saga.requestId, { error: reason });
      });
      this.onOutcome('reverted');
      this.logger.warn(
        { requestId: saga.requestId, kind: saga.kind },
        'hold closed before posting; purchase reverted',
      );
      return;
    }
    this.stores.write(() => {
      this.stores.editions.settle(saga.communityId, saga.requestId);
      this.stores.sagas.transition(saga, 'posted', Date.now());
      this.stores.requests.answer(saga.communityId, saga.requestId, { result: saga.result });
    });
    this.faults.after('post');
  }

  private async payout(saga: SagaRow): Promise<void> {
    const escrow = accountIdOf(escrowOf(saga.communityId));
    const memo = `artifacts ${saga.kind} ${saga.requestId}`;
    await this.ledger.payout(transferBase(saga.communityId, saga.requestId), escrow, saga.payouts, memo);
    const at = Date.now();
    this.stores.write(() => {
      this.stores.sagas.transition(saga, 'paid_out', at);
      this.items[saga.kind].completed(saga, at);
    });
    this.onOutcome('completed');
  }

  private async withLock(communityId: string, requestId: string, work: () => Promise<void>): Promise<void> {
    const key = `${communityId}\u0000${requestId}`;
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.then(work);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    try {
      await run;
    } finally {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }
}

function isRefusal(error: unknown): error is DomainError {
  return isDomainError(error) && !TRANSIENT_CODES.has(error.code);
}

function holdClosed(saga: SagaRow): ErrorBody {
  return {
    code: 'CONFLICT',
    message: `the hold on your tickets (${saga.hold.id}) expired or was released before the purchase settled; nothing was charged; buy again with a new requestId`,
    details: { reason: 'expired', holdId: saga.hold.id },
  };
}

function ledgerSilent(saga: SagaRow): ErrorBody {
  return {
    code: 'UNAVAILABLE',
    message: `the purchase was interrupted while your tickets were being held (the ledger or this service did not answer); nothing was charged and the hold ${saga.hold.id} was released; buy again with a new requestId`,
    details: { reason: 'ledger_unavailable', holdId: saga.hold.id },
  };
}
