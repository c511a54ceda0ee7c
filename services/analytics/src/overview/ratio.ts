import { ANALYTICS_RATIO_DECIMALS } from '@ticketonomics/contracts';

const SCALE = 10 ** ANALYTICS_RATIO_DECIMALS;

/** Rounded so that two replicas, whatever their float noise, print the same number. */
export function roundRatio(value: number): number {
  return Math.round(value * SCALE) / SCALE;
}
