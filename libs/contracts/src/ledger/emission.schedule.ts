import { AMOUNT_MAX } from '../primitives';
import { BPS_WHOLE, type Emission, type EmissionPeriod } from './ledger.economy';

/**
 * The emission schedule as code, once: what one period emits (the ledger applies it, the dashboard
 * projects it), and the transfer ids of a period's rows (the ledger writes them, analytics reads what a
 * row was from them). Pure functions: no I/O, no clock.
 */

const HOUR_MS = 3_600_000;
export const EMISSION_PERIOD_MS: Record<EmissionPeriod, number> = {
  hour: HOUR_MS,
  day: 24 * HOUR_MS,
  week: 7 * 24 * HOUR_MS,
};

/** The most supply the ledger lets a community reach: one more amount always fits a safe integer. */
export const SUPPLY_MAX = Number.MAX_SAFE_INTEGER - AMOUNT_MAX;

/** Most periods projectSupply looks ahead. */
export const SUPPLY_PROJECTION_PERIODS_MAX = 1_000;

/**
 * What one period emits at `supply`: the fixed amount, or rateBps of the supply rounded down; never past
 * the cap (the period that reaches it emits only what is left), nor more than one amount.
 */
export function periodEmission(emission: Emission, supply: number): number {
  let amount = 0;
  if (emission.mode === 'fixed') amount = emission.amount ?? 0;
  if (emission.mode === 'rate') {
    // BigInt: supply * rateBps can pass 2^53 long before the supply does.
    amount = Number((BigInt(supply) * BigInt(emission.rateBps)) / BigInt(BPS_WHOLE));
  }
  const cap = Math.min(emission.supplyCap ?? SUPPLY_MAX, SUPPLY_MAX);
  return Math.max(0, Math.min(amount, AMOUNT_MAX, cap - supply));
}

export type ScheduledRowKind = 'emission' | 'demurrage';

/** A period's n-th row: '/' keeps these ids apart from every client id; at most ~90 characters. */
export function scheduledRowId(
  kind: ScheduledRowKind,
  communityId: string,
  period: EmissionPeriod,
  index: number,
  n: number,
): string {
  return `${kind}/${communityId}/${period[0]}${index}/${n}`;
}

const SCHEDULED_ROW = /^(emission|demurrage)\/[^/]+\/[hdw]\d+\/\d+$/;

/** Whether a transfer id is one of the schedule's rows (an emission mint or a holding fee), and which. */
export function scheduledRowKind(transferId: string): ScheduledRowKind | null {
  const match = SCHEDULED_ROW.exec(transferId);
  return match === null ? null : (match[1] as ScheduledRowKind);
}

export interface SupplyProjectionPoint {
  /** 1 for the next period to be applied, 2 for the one after, ... */
  period: number;
  /** When that period ends (and is applied); null when the schedule has no next due time. */
  endsAt: string | null;
  emitted: number;
  /** Supply once the period is applied. */
  supply: number;
}

export interface SupplyProjection {
  period: EmissionPeriod;
  points: SupplyProjectionPoint[];
  /** The first projected period that stops at the cap (emits what is left, or nothing); null: not reached. */
  capReachedAt: number | null;
}

/**
 * The supply over the next `periods` periods if nothing but the schedule changed it: each period emits
 * periodEmission of the supply before it. Leaves out what depends on members (holding fees, burns, new
 * admin mints), so it is the schedule's own path, which the cap bounds. `nextDueAt` is when the next
 * period ends (emission.status's nextDueAt); later ones follow a period apart.
 */
export function projectSupply(input: {
  emission: Emission;
  supply: number;
  periods: number;
  nextDueAt: string | null;
}): SupplyProjection {
  const { emission, periods } = input;
  if (!Number.isInteger(periods) || periods < 1 || periods > SUPPLY_PROJECTION_PERIODS_MAX) {
    throw new RangeError(`periods must be a whole number from 1 to ${SUPPLY_PROJECTION_PERIODS_MAX}`);
  }
  if (!Number.isSafeInteger(input.supply) || input.supply < 0) {
    throw new RangeError(`supply must be a whole number of tickets, 0 or more; got ${input.supply}`);
  }
  const periodMs = EMISSION_PERIOD_MS[emission.period];
  const firstEndMs = input.nextDueAt === null ? null : Date.parse(input.nextDueAt);
  const cap = Math.min(emission.supplyCap ?? SUPPLY_MAX, SUPPLY_MAX);
  const points: SupplyProjectionPoint[] = [];
  let supply = input.supply;
  let capReachedAt: number | null = null;
  for (let period = 1; period <= periods; period += 1) {
    const emitted = periodEmission(emission, supply);
    supply += emitted;
    if (capReachedAt === null && emission.mode !== 'none' && supply >= cap) capReachedAt = period;
    points.push({
      period,
      endsAt: firstEndMs === null ? null : new Date(firstEndMs + (period - 1) * periodMs).toISOString(),
      emitted,
      supply,
    });
  }
  return { period: emission.period, points, capReachedAt };
}
