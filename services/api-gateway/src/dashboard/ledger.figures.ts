import {
  ACTIVITY_EXCLUDED_CODES,
  ANALYTICS_RATIO_DECIMALS,
  TRANSFER_KINDS_MOVING_MONEY,
  VELOCITY_EXCLUDED_CODES,
  type Transfer,
} from '@ticketonomics/contracts';

/**
 * The dashboard's figures computed from the ledger alone, for when the analytics service does not
 * answer. They follow the analytics definitions (libs/contracts/src/analytics/analytics.schemas.ts) over
 * what one bounded read of the ledger returns: windows are the last N hours ending now (not UTC days).
 */

/** The parts of a ledger account id: `<kind>:<community>` or `<kind>:<community>:<owner>`. */
export function parseAccountId(accountId: string): { kind: string; ownerId: string | null } {
  const parts = accountId.split(':');
  return { kind: parts[0] ?? '', ownerId: parts.length >= 3 ? parts.slice(2).join(':') : null };
}

/** The community a ledger account id (`<kind>:<community>:<owner>`) belongs to; '' when it names none. */
export function communityOfAccount(accountId: string): string {
  return accountId.split(':')[1] ?? '';
}

export function roundRatio(value: number): number {
  const scale = 10 ** ANALYTICS_RATIO_DECIMALS;
  return Math.round(value * scale) / scale;
}

/** Gini over user balances (negatives, which user accounts never have, count as 0). */
export function giniOf(balances: readonly number[]): number {
  const ascending = balances.map((balance) => Math.max(0, balance)).sort((a, b) => a - b);
  const n = ascending.length;
  let sum = 0;
  let weighted = 0;
  ascending.forEach((x, i) => {
    sum += x;
    weighted += (i + 1) * x;
  });
  if (n <= 1 || sum === 0) return 0;
  return roundRatio((2 * weighted) / (n * sum) - (n + 1) / n);
}

export function movesMoney(transfer: Pick<Transfer, 'kind'>): boolean {
  return TRANSFER_KINDS_MOVING_MONEY.includes(transfer.kind);
}

type WindowTransfer = Pick<Transfer, 'kind' | 'code' | 'amount' | 'debitAccountId' | 'creditAccountId'>;

export interface WindowFigures {
  transfers: number;
  volume: number;
  velocity: number;
  activeMembers: number;
}

/** Transfers, volume, velocity and active members of the transfers of one window. */
export function windowFigures(transfers: readonly WindowTransfer[], circulating: number): WindowFigures {
  let count = 0;
  let volume = 0;
  let velocityVolume = 0;
  const active = new Set<string>();
  for (const transfer of transfers) {
    if (!movesMoney(transfer)) continue;
    count += 1;
    volume += transfer.amount;
    const fromEscrow = parseAccountId(transfer.debitAccountId).kind === 'escrow';
    if (!VELOCITY_EXCLUDED_CODES.includes(transfer.code) && !fromEscrow) velocityVolume += transfer.amount;
    if (ACTIVITY_EXCLUDED_CODES.includes(transfer.code)) continue;
    for (const accountId of [transfer.debitAccountId, transfer.creditAccountId]) {
      if (parseAccountId(accountId).kind === 'user') active.add(accountId);
    }
  }
  const velocity = circulating > 0 ? roundRatio(velocityVolume / circulating) : 0;
  return { transfers: count, volume, velocity, activeMembers: active.size };
}

export interface VolumePoint {
  start: string;
  volume: number;
  transfers: number;
}

/**
 * Volume and transfer count per bucket for the `bucketsCount` buckets ending with the one holding
 * `endMs`, oldest first, empty buckets included (a chart needs its gaps).
 */
export function volumeBuckets(
  transfers: readonly Pick<Transfer, 'kind' | 'amount' | 'createdAt'>[],
  endMs: number,
  bucketMs: number,
  bucketsCount: number,
): VolumePoint[] {
  const lastStart = Math.floor(endMs / bucketMs) * bucketMs;
  const firstStart = lastStart - (bucketsCount - 1) * bucketMs;
  const points: VolumePoint[] = [];
  for (let i = 0; i < bucketsCount; i += 1) {
    points.push({ start: new Date(firstStart + i * bucketMs).toISOString(), volume: 0, transfers: 0 });
  }
  for (const transfer of transfers) {
    if (!movesMoney(transfer)) continue;
    const at = Date.parse(transfer.createdAt);
    if (!Number.isFinite(at) || at < firstStart || at >= lastStart + bucketMs) continue;
    const point = points[Math.floor((at - firstStart) / bucketMs)];
    point.volume += transfer.amount;
    point.transfers += 1;
  }
  return points;
}

/** Analytics leaves out buckets without events; the chart wants every bucket of the window. */
export function fillBuckets(
  points: readonly { start: string; value: number }[],
  endMs: number,
  bucketMs: number,
  bucketsCount: number,
): { start: string; value: number }[] {
  const byStart = new Map(
    points.map((point) => [Math.floor(Date.parse(point.start) / bucketMs), point.value]),
  );
  const lastBucket = Math.floor(endMs / bucketMs);
  const filled: { start: string; value: number }[] = [];
  for (let bucket = lastBucket - bucketsCount + 1; bucket <= lastBucket; bucket += 1) {
    filled.push({ start: new Date(bucket * bucketMs).toISOString(), value: byStart.get(bucket) ?? 0 });
  }
  return filled;
}
