import { BPS_WHOLE, type Demurrage } from '@ticketonomics/contracts';

/**
 * A period's holding fee on one balance: rateBps of what the posted balance holds above the threshold,
 * rounded down, and never more than the account can spend now (balance less its holds), so the fee never
 * takes a balance below the threshold, below zero, or below what open holds have reserved.
 */
export function demurrageFee(
  demurrage: Pick<Demurrage, 'thresholdAmount' | 'rateBps'>,
  balance: number,
  pendingDebits: number,
): number {
  const above = balance - demurrage.thresholdAmount;
  if (above <= 0) return 0;
  const fee = Number((BigInt(above) * BigInt(demurrage.rateBps)) / BigInt(BPS_WHOLE));
  return Math.max(0, Math.min(fee, above, balance - pendingDebits));
}
