import type { Database, Statement } from 'better-sqlite3';
import type { ErrorBody, PaymentSplit } from '@ticketonomics/contracts';
import { strict as assert } from 'node:assert';
import { nextSagaState, type SagaEvent, type SagaKind, type SagaState } from './saga.states';

/** The ledger hold a purchase places: re-issued identically when its fate is unknown. */
export interface HoldSpec {
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  memo: string;
  timeoutMs: number;
}

/** One transfer out of escrow after the hold is posted. */
export interface Payout {
  creditAccountId: string;
  amount: number;
  code: 'sale' | 'fee' | 'royalty' | 'purchase' | 'trade';
}

export interface SagaRow {
  communityId: string;
  requestId: string;
  kind: SagaKind;
  state: SagaState;
  buyerId: string;
  hold: HoldSpec;
  payouts: Payout[];
  payment: PaymentSplit;
  /** What the item step needs, by kind (the shop item, listing, trade or type to create). */
  plan: Record<string, unknown>;
  /** What the item step did, so it can be undone. */
  moved: Record<string, unknown> | null;
  /** The answer to the request, once the item step is done. */
  result: unknown;
  /** Why it failed, once it has (or will: set before the hold is voided). */
  error: ErrorBody | null;
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  updatedAt: number;
}

type Stored = Omit<SagaRow, 'hold' | 'payouts' | 'payment' | 'plan' | 'moved' | 'result' | 'error'> & {
  holdJson: string;
  payoutsJson: string;
  paymentJson: string;
  planJson: string;
  movedJson: string | null;
  resultJson: string | null;
  errorJson: string | null;
};

const COLUMNS = `community_id AS communityId, request_id AS requestId, kind, state, buyer_id AS buyerId,
  hold_json AS holdJson, payouts_json AS payoutsJson, payment_json AS paymentJson, plan_json AS planJson,
  moved_json AS movedJson, result_json AS resultJson, error_json AS errorJson, attempts,
  next_attempt_at AS nextAttemptAt, created_at AS createdAt, updated_at AS updatedAt`;

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

function fromStored(row: Stored): SagaRow {
  const { holdJson, payoutsJson, paymentJson, planJson, movedJson, resultJson, errorJson, ...rest } = row;
  return {
    ...rest,
    hold: JSON.parse(holdJson) as HoldSpec,
    payouts: JSON.parse(payoutsJson) as Payout[],
    payment: JSON.parse(paymentJson) as PaymentSplit,
    plan: JSON.parse(planJson) as Record<string, unknown>,
    moved: parse(movedJson) as Record<string, unknown> | null,
    result: parse(resultJson),
    error: parse(errorJson) as ErrorBody | null,
  };
}

export class SagasStore {
  private readonly selectOne: Statement;
  private readonly selectDue: Statement;
  private readonly insertOne: Statement;
  private readonly updateState: Statement;
  private readonly updateError: Statement;
  private readonly updateRetry: Statement;
  private readonly resetRetries: Statement;
  private readonly countByState: Statement;
  private readonly countStuck: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM sagas WHERE community_id = ? AND request_id = ?`);
    this.selectDue = db.prepare(
      `SELECT ${COLUMNS} FROM sagas
       WHERE state NOT IN ('completed', 'failed') AND next_attempt_at <= @now
        AND (created_at < @bootAt OR updated_at <= @idleBefore)
       ORDER BY next_attempt_at LIMIT @limit`,
    );
    this.insertOne = db.prepare(
      `INSERT INTO sagas (community_id, request_id, kind, state, buyer_id, hold_json, payouts_json, payment_json,
        plan_json, moved_json, result_json, error_json, attempts, next_attempt_at, created_at, updated_at)
       VALUES (@communityId, @requestId, @kind, @state, @buyerId, @holdJson, @payoutsJson, @paymentJson,
        @planJson, @movedJson, @resultJson, @errorJson, @attempts, @nextAttemptAt, @createdAt, @updatedAt)`,
    );
    // Compare-and-set on the state: a step applies only to the state it was computed from.
    this.updateState = db.prepare(
      `UPDATE sagas SET state = @to, moved_json = COALESCE(@movedJson, moved_json),
        result_json = COALESCE(@resultJson, result_json), error_json = COALESCE(@errorJson, error_json),
        attempts = 0, next_attempt_at = 0, updated_at = @at
       WHERE community_id = @communityId AND request_id = @requestId AND state = @from`,
    );
    this.updateError = db.prepare(
      `UPDATE sagas SET error_json = ?, updated_at = ? WHERE community_id = ? AND request_id = ?`,
    );
    this.updateRetry = db.prepare(
      `UPDATE sagas SET attempts = attempts + 1, next_attempt_at = ? WHERE community_id = ? AND request_id = ?
       RETURNING attempts`,
    );
    this.resetRetries = db.prepare(
      `UPDATE sagas SET attempts = 0, next_attempt_at = 0 WHERE state NOT IN ('completed', 'failed')`,
    );
    this.countByState = db.prepare(
      `SELECT state, COUNT(*) AS n FROM sagas WHERE state NOT IN ('completed', 'failed') GROUP BY state`,
    );
    this.countStuck = db.prepare(
      `SELECT COUNT(*) AS n FROM sagas WHERE state NOT IN ('completed', 'failed') AND attempts >= ?`,
    );
  }

  find(communityId: string, requestId: string): SagaRow | undefined {
    const row = this.selectOne.get(communityId, requestId) as Stored | undefined;
    return row === undefined ? undefined : fromStored(row);
  }

  require(communityId: string, requestId: string): SagaRow {
    const row = this.find(communityId, requestId);
    assert(row !== undefined, `no saga ${communityId}/${requestId}`);
    return row;
  }

  /** Unfinished sagas the worker may drive now: from before this process started, or idle long enough. */
  due(query: { now: number; bootAt: number; idleBefore: number; limit: number }): SagaRow[] {
    return (this.selectDue.all(query) as Stored[]).map(fromStored);
  }

  insert(row: SagaRow): void {
    this.insertOne.run({
      ...row,
      holdJson: JSON.stringify(row.hold),
      payoutsJson: JSON.stringify(row.payouts),
      paymentJson: JSON.stringify(row.payment),
      planJson: JSON.stringify(row.plan),
      movedJson: row.moved === null ? null : JSON.stringify(row.moved),
      resultJson: row.result === null ? null : JSON.stringify(row.result),
      errorJson: row.error === null ? null : JSON.stringify(row.error),
    });
  }

  /** Inside a write: move the saga on by `event`, with what the step produced. */
  transition(
    saga: SagaRow,
    event: SagaEvent,
    at: number,
    produced: { moved?: Record<string, unknown>; result?: unknown; error?: ErrorBody } = {},
  ): SagaState {
    const to = nextSagaState(saga.state, event);
    const changes = this.updateState.run({
      communityId: saga.communityId,
      requestId: saga.requestId,
      from: saga.state,
      to,
      movedJson: produced.moved === undefined ? null : JSON.stringify(produced.moved),
      resultJson: produced.result === undefined ? null : JSON.stringify(produced.result),
      errorJson: produced.error === undefined ? null : JSON.stringify(produced.error),
      at,
    }).changes;
    assert(changes === 1, `saga ${saga.communityId}/${saga.requestId} was not in state ${saga.state}`);
    return to;
  }

  /** Record why the saga will fail before compensating it, so a crash in between keeps the reason. */
  setError(saga: SagaRow, error: ErrorBody, at: number): void {
    this.updateError.run(JSON.stringify(error), at, saga.communityId, saga.requestId);
  }

  /** Count a failed attempt and schedule the next; returns the attempts so far. */
  retryLater(saga: SagaRow, nextAttemptAt: number): number {
    return (this.updateRetry.get(nextAttemptAt, saga.communityId, saga.requestId) as { attempts: number })
      .attempts;
  }

  /** At start: sagas given up on by the last process get a fresh set of attempts. */
  resetAttempts(): number {
    return this.resetRetries.run().changes;
  }

  unfinishedByState(): Record<string, number> {
    const rows = this.countByState.all() as { state: string; n: number }[];
    return Object.fromEntries(rows.map((row) => [row.state, row.n]));
  }

  stuckCount(attemptsMax: number): number {
    return (this.countStuck.get(attemptsMax) as { n: number }).n;
  }
}
