import {
  ACTIVITY_EXCLUDED_CODES,
  EARNING_CODES,
  type AccountSnapshot,
  type Transfer,
} from '@ticketonomics/contracts';

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
