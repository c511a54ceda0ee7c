import { parseLedgerAccountId } from '../ledger/ledger.account-ids';
import type { AccountKind, AccountSnapshot, Transfer } from '../ledger/ledger.schemas';
import {
  ACTIVITY_EXCLUDED_CODES,
  ANALYTICS_RATIO_DECIMALS,
  EARNING_CODES,
  TRANSFER_KINDS_MOVING_MONEY,
  VELOCITY_EXCLUDED_CODES,
} from './analytics.schemas';

/**
 * The economy's figures as code: the definitions written out in analytics.schemas.ts, once. The analytics
 * service builds its read models with them, and a reader that has to answer without analytics (the
 * dashboard's ledger fallback) uses them too, so a figure means the same wherever it is shown. Pure
 * functions over contract types: no I/O, no clock.
 */

const RATIO_SCALE = 10 ** ANALYTICS_RATIO_DECIMALS;
const HOUR_MS = 60 * 60 * 1000;

/** Rounded so that two replicas, whatever their float noise, print the same number. */
export function roundRatio(value: number): number {
  return Math.round(value * RATIO_SCALE) / RATIO_SCALE;
}

/**
 * The Gini coefficient of user balances, in any order: sorted ascending x_1..x_n (i from 1),
 * G = (2 * Σ i*x_i) / (n * Σ x) - (n + 1) / n; 0 when there is at most one balance or they sum to 0.
 */
export function gini(balances: readonly number[]): number {
  const ascending = [...balances].sort((a, b) => a - b);
  const n = ascending.length;
  if (n > 0 && !(ascending[0]! >= 0)) {
    throw new RangeError(`Gini is over user balances, which are never negative; got ${ascending[0]}`);
  }
  let sum = 0;
  let weighted = 0;
  ascending.forEach((x, i) => {
    sum += x;
    weighted += (i + 1) * x;
  });
  if (n <= 1 || sum === 0) return 0;
  return roundRatio((2 * weighted) / (n * sum) - (n + 1) / n);
}

/** Velocity volume of a window over circulating supply; 0 when nothing circulates. */
export function velocity(velocityVolume: number, circulating: number): number {
  return circulating <= 0 ? 0 : roundRatio(velocityVolume / circulating);
}

/** A posted transfer or a settled hold moved money; a hold or its void did not. */
export function movesMoney(transfer: Pick<Transfer, 'kind'>): boolean {
  return TRANSFER_KINDS_MOVING_MONEY.includes(transfer.kind);
}

/**
 * What a money-moving transfer adds to the velocity volume: nothing for mints, burns and reversals, nor
 * for payouts out of escrow (the buyer's payment into escrow already counted that money once).
 */
export function velocityAmount(transfer: Pick<Transfer, 'code' | 'amount'>, debitKind: AccountKind): number {
  if (VELOCITY_EXCLUDED_CODES.includes(transfer.code)) return 0;
  if (debitKind === 'escrow') return 0;
  return transfer.amount;
}

/**
 * The user accounts a money-moving transfer makes active: either side, unless the transfer is something
 * done to a member (a fine, a burn, a reversal) rather than by them.
 */
export function activeAccounts(
  transfer: Pick<Transfer, 'code'>,
  debit: Pick<AccountSnapshot, 'id' | 'kind'>,
  credit: Pick<AccountSnapshot, 'id' | 'kind'>,
): string[] {
  if (ACTIVITY_EXCLUDED_CODES.includes(transfer.code)) return [];
  const ids = [debit, credit].filter((side) => side.kind === 'user').map((side) => side.id);
  return [...new Set(ids)];
}

/** What a money-moving transfer adds to the credited member's earnings of the week. */
export function earnedAmount(
  transfer: Pick<Transfer, 'code' | 'amount'>,
  credit: Pick<AccountSnapshot, 'kind'>,
): number {
  return credit.kind === 'user' && EARNING_CODES.includes(transfer.code) ? transfer.amount : 0;
}

/** One place on the holders' board. */
export interface HolderRank<A> {
  rank: number;
  account: A;
}

/**
 * The holders' board: accounts by balance, highest first, ties by account id (as the analytics
 * leaderboard ranks them), at most `limit`; an account holding nothing is not on it.
 */
export function rankHolders<A extends { id: string; balance: number }>(
  accounts: readonly A[],
  limit: number,
): HolderRank<A>[] {
  return accounts
    .filter((account) => account.balance > 0)
    .sort((a, b) => b.balance - a.balance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, Math.max(0, limit))
    .map((account, index) => ({ rank: index + 1, account }));
}

/**
 * Where a window of `hours` ending at `endMs` starts: windows of hours are whole UTC hours, the last one
 * being the hour holding `endMs` (the last 24 h are the 24 hourly buckets up to and including it).
 */
export function hoursWindowStartMs(endMs: number, hours: number): number {
  return Math.floor(endMs / HOUR_MS) * HOUR_MS - (hours - 1) * HOUR_MS;
}

/** The journal rows a reader fetched from the ledger (transfer.history), as the window figures use them. */
export type LedgerRow = Pick<
  Transfer,
  'kind' | 'code' | 'amount' | 'debitAccountId' | 'creditAccountId' | 'createdAt'
>;

export interface WindowFigures {
  transfers: number;
  volume: number;
  velocity: number;
  activeMembers: number;
}

/**
 * Transfers, volume, velocity and active members of a window of hours ending at `endMs`, from journal rows
 * read from the ledger (rows outside the window are skipped): what analytics counts for the same window,
 * for a reader that has only the ledger. `circulating` is what velocity divides by.
 */
export function windowFigures(
  rows: readonly LedgerRow[],
  circulating: number,
  window: { endMs: number; hours: number },
): WindowFigures {
  const startMs = hoursWindowStartMs(window.endMs, window.hours);
  const endMs = startMs + window.hours * HOUR_MS;
  let transfers = 0;
  let volume = 0;
  let velocityVolume = 0;
  const active = new Set<string>();
  for (const row of rows) {
    const atMs = Date.parse(row.createdAt);
    if (!movesMoney(row) || !(atMs >= startMs && atMs < endMs)) continue;
    const debit = sideOf(row.debitAccountId);
    const credit = sideOf(row.creditAccountId);
    transfers += 1;
    volume += row.amount;
    if (debit !== null) velocityVolume += velocityAmount(row, debit.kind);
    if (debit !== null && credit !== null) {
      for (const id of activeAccounts(row, debit, credit)) active.add(id);
    }
  }
  return { transfers, volume, velocity: velocity(velocityVolume, circulating), activeMembers: active.size };
}

function sideOf(accountId: string): { id: string; kind: AccountKind } | null {
  const ref = parseLedgerAccountId(accountId);
  return ref === null ? null : { id: accountId, kind: ref.kind };
}

export interface VolumePoint {
  start: string;
  volume: number;
  transfers: number;
}

/**
 * Volume and transfers per hour of a window of hours ending at `endMs`, oldest first, empty hours
 * included (a chart needs its gaps), from journal rows read from the ledger: analytics' hourly series.
 */
export function volumeByHour(
  rows: readonly Pick<Transfer, 'kind' | 'amount' | 'createdAt'>[],
  window: { endMs: number; hours: number },
): VolumePoint[] {
  const startMs = hoursWindowStartMs(window.endMs, window.hours);
  const points: VolumePoint[] = [];
  for (let i = 0; i < window.hours; i += 1) {
    points.push({ start: new Date(startMs + i * HOUR_MS).toISOString(), volume: 0, transfers: 0 });
  }
  for (const row of rows) {
    if (!movesMoney(row)) continue;
    const index = Math.floor((Date.parse(row.createdAt) - startMs) / HOUR_MS);
    const point = points[index];
    if (point === undefined) continue;
    point.volume += row.amount;
    point.transfers += 1;
  }
  return points;
}

/**
 * An analytics hourly series of volume or transfers with the hours it leaves out (no events, so 0) put
 * back, for the window of hours ending at `endMs`, oldest first.
 */
export function hourlySeriesWithGaps(
  points: readonly { start: string; value: number }[],
  window: { endMs: number; hours: number },
): { start: string; value: number }[] {
  const byHour = new Map(points.map((point) => [Math.floor(Date.parse(point.start) / HOUR_MS), point.value]));
  const startMs = hoursWindowStartMs(window.endMs, window.hours);
  const filled: { start: string; value: number }[] = [];
  for (let i = 0; i < window.hours; i += 1) {
    const hourMs = startMs + i * HOUR_MS;
    filled.push({ start: new Date(hourMs).toISOString(), value: byHour.get(hourMs / HOUR_MS) ?? 0 });
  }
  return filled;
}
