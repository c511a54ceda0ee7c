import { EMISSION_PERIOD_MS, type EmissionPeriod } from '@ticketonomics/contracts';

/** Length of each period kind (the contracts', which the dashboard's projection steps by). */
export const PERIOD_MS = EMISSION_PERIOD_MS;
const HOUR_MS = PERIOD_MS.hour;
const DAY_MS = PERIOD_MS.day;

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
