import { DomainError, type Policy, type TransferRequest } from '@ticketonomics/contracts';
import { availableOf, type AccountRow } from '../accounts/account.mapper';
import type { JournalRow } from '../journal/journal.store';

/** Codes an admin or the system may still take from a frozen account. */
const FROZEN_DEBIT_ALLOWED = new Set(['fine', 'burn', 'reversal']);

export function assertCanSend(debit: AccountRow, code: string): void {
  if (debit.frozen === 1 && !FROZEN_DEBIT_ALLOWED.has(code)) {
    throw new DomainError(
      'ACCOUNT_FROZEN',
      `debitAccountId: ${debit.id} is frozen and cannot send; an admin can unfreeze it`,
      {
        field: 'debitAccountId',
        accountId: debit.id,
      },
    );
  }
}

export function assertFunds(debit: AccountRow, required: number, what: string): void {
  if (debit.kind === 'issuance') return;
  const available = availableOf(debit);
  if (available < required) {
    throw new DomainError(
      'INSUFFICIENT_FUNDS',
      `${debit.id} has ${available} available and ${what} needs ${required}; lower the amount or add funds first`,
      { accountId: debit.id, available, required },
    );
  }
}

export function assertSameCommunity(debit: AccountRow, credit: AccountRow): void {
  if (debit.communityId !== credit.communityId) {
    throw new DomainError(
      'COMMUNITY_MISMATCH',
      `creditAccountId: ${credit.id} is in community ${credit.communityId}, the debit account in ${debit.communityId}; tickets never cross communities`,
      { field: 'creditAccountId' },
    );
  }
}

export function isMemberPayment(code: string, debit: AccountRow, credit: AccountRow): boolean {
  return code === 'payment' && debit.kind === 'user' && credit.kind === 'user';
}

/** The policy's bounds on a member payment. */
export function assertPaymentLimits(amount: number, policy: Policy): void {
  if (amount < policy.transferMin || amount > policy.transferMax) {
    throw new DomainError(
      'LIMIT_EXCEEDED',
      `amount: this community allows payments from ${policy.transferMin} to ${policy.transferMax}; got ${amount}`,
      { field: 'amount', min: policy.transferMin, max: policy.transferMax },
    );
  }
}

/** Tax on a member payment, rounded down so a payer is never charged more than the rate. */
export function taxOf(amount: number, taxBps: number): number {
  return Math.floor((amount * taxBps) / 10_000);
}

/**
 * The first field in which a repeated request differs from the transfer stored under its id, in the
 * order of the request's fields; null when it is the same request.
 */
export function firstDifference(existing: JournalRow, request: TransferRequest): string | null {
  const expectedKind = request.pending === undefined ? 'posted' : 'pending';
  const checks: [string, unknown, unknown][] = [
    ['debitAccountId', existing.debitAccountId, request.debitAccountId],
    ['creditAccountId', existing.creditAccountId, request.creditAccountId],
    ['amount', existing.amount, request.amount],
    ['code', existing.code, request.code],
    ['memo', existing.memo, request.memo],
    ['pending', existing.kind, expectedKind],
    ['pending.timeoutMs', existing.timeoutMs, request.pending?.timeoutMs ?? null],
  ];
  for (const [field, stored, requested] of checks) {
    if (stored !== requested) return field;
  }
  return null;
}

export function idempotencyConflict(
  id: string,
  field: string,
  extra: Record<string, unknown> = {},
): DomainError {
  return new DomainError(
    'IDEMPOTENCY_CONFLICT',
    `id: ${id} was already used for a different transfer (${field} differs); use a new id for a new transfer`,
    { field, id, ...extra },
  );
}

const DAY_MS = 86_400_000;

/** The UTC day of a time, 'YYYY-MM-DD': the key daily payment totals are kept under. */
export function utcDayOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** When the UTC day of a time ends and daily caps start over. */
export function nextUtcMidnightOf(time: number): string {
  return new Date((Math.floor(time / DAY_MS) + 1) * DAY_MS).toISOString();
}

export interface DailyCapCheck {
  policy: Pick<Policy, 'dailySendMax' | 'dailyReceiveMax'>;
  payerId: string;
  payeeId: string;
  /** What the payment takes from the payer: its amount plus the tax. */
  cost: number;
  /** What it gives the payee: its amount. */
  amount: number;
  /** Member payments today, before this one: what the payer sent (tax included) and the payee received. */
  sentToday: number;
  receivedToday: number;
  now: number;
}

/** The policy's daily caps on member payments: a payment may bring a total up to its cap, not past it. */
export function assertDailyCaps(check: DailyCapCheck): void {
  const { policy, now } = check;
  const resetsAt = nextUtcMidnightOf(now);
  const refuse = (
    cap: 'dailySendMax' | 'dailyReceiveMax',
    limit: number,
    usedToday: number,
    what: string,
  ): DomainError => {
    const remaining = Math.max(0, limit - usedToday);
    return new DomainError(
      'LIMIT_EXCEEDED',
      `amount: ${what}; ${remaining} left today, the cap resets at ${resetsAt} (midnight UTC)`,
      { field: 'amount', cap, limit, usedToday, remaining },
    );
  };
  if (policy.dailySendMax !== null && check.sentToday + check.cost > policy.dailySendMax) {
    throw refuse(
      'dailySendMax',
      policy.dailySendMax,
      check.sentToday,
      `${check.payerId} may pay at most ${policy.dailySendMax} per day, tax included, has paid ${check.sentToday} today and this payment takes ${check.cost}`,
    );
  }
  if (policy.dailyReceiveMax !== null && check.receivedToday + check.amount > policy.dailyReceiveMax) {
    throw refuse(
      'dailyReceiveMax',
      policy.dailyReceiveMax,
      check.receivedToday,
      `${check.payeeId} may receive at most ${policy.dailyReceiveMax} in payments per day, has received ${check.receivedToday} today and this payment brings ${check.amount}`,
    );
  }
}
