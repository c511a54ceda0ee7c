import type { EmissionPeriod } from '@ticketonomics/contracts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Length of each period kind. */
export const PERIOD_MS: Record<EmissionPeriod, number> = { hour: HOUR_MS, day: DAY_MS, week: 7 * DAY_MS };

/** Weeks start on Monday 00:00 UTC: 1970-01-05, four days after the epoch (a Thursday). */
const PERIOD_ORIGIN_MS: Record<EmissionPeriod, number> = { hour: 0, day: 0, week: 4 * DAY_MS };

/** The index of the period holding `time` (ms since the epoch); the same on every replica. */
export function periodIndexAt(period: EmissionPeriod, time: number): number {
  return Math.floor((time - PERIOD_ORIGIN_MS[period]) / PERIOD_MS[period]);
}

export function periodStart(period: EmissionPeriod, index: number): number {
  return PERIOD_ORIGIN_MS[period] + index * PERIOD_MS[period];
}

export function periodEnd(period: EmissionPeriod, index: number): number {
  return periodStart(period, index + 1);
}

/** The first period that starts at or after `time`. */
export function firstPeriodFrom(period: EmissionPeriod, time: number): number {
  const index = periodIndexAt(period, time);
  return periodStart(period, index) === time ? index : index + 1;
}

/** The newest period that has ended by `now`. */
export function lastCompletedPeriod(period: EmissionPeriod, now: number): number {
  return periodIndexAt(period, now) - 1;
}

/** The UTC hour index of a time: rewards are counted per hour, the shortest period. */
export function hourOf(time: number): number {
  return Math.floor(time / HOUR_MS);
}
