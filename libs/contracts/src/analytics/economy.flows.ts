import { scheduledRowKind } from '../ledger/emission.schedule';
import type { AccountKind, Transfer } from '../ledger/ledger.schemas';
import { movesMoney } from './economy.figures';

/**
 * Where a community's money comes from and goes to, per UTC day (analytics `flows.get`), as code. Every
 * journal row that moved money is looked at once:
 *
 * - **emitted**: a mint of the emission schedule (its id `emission/...`, libs/contracts emission.schedule.ts),
 *   whether the distribution gave it to members or to the treasury.
 * - **rewarded**: rewards members got: a mint of an `activity.rewarded` reward (counted in `rewardsMinted`
 *   too: new tickets), and every transfer of the codes `reward` or `bonus` that is not a mint (treasury
 *   grants and bounties, prizes paid from the treasury; moved, not made).
 * - **minted**: every other row out of the issuance account: admins' `supply.mint`, and a reversal that
 *   undoes a burn.
 * - **taxed**: `tax` and `fee` paid into the treasury (payment tax and fees, and the holding fee when it
 *   goes to the treasury).
 * - **burned**: every row into the issuance account: `supply.burn`, a holding fee or tax burned, and a
 *   reversal that undoes a mint.
 *
 * So a day's supply change is exactly emitted + rewardsMinted + minted - burned.
 */
export const FLOW_FIELDS = ['emitted', 'rewarded', 'rewardsMinted', 'minted', 'taxed', 'burned'] as const;
export type FlowField = (typeof FLOW_FIELDS)[number];
export type Flows = Record<FlowField, number>;

export const NO_FLOWS: Readonly<Flows> = Object.freeze({
  emitted: 0,
  rewarded: 0,
  rewardsMinted: 0,
  minted: 0,
  taxed: 0,
  burned: 0,
});

const REWARD_CODES: readonly Transfer['code'][] = ['reward', 'bonus'];
const TREASURY_INCOME_CODES: readonly Transfer['code'][] = ['tax', 'fee'];

/**
 * What one journal row adds to its day's flows (nothing for a hold or a void). `rewardMint` says the row
 * is the mint of a reward accounts decided (its id was an `activity.rewarded` event's mintId).
 */
export function flowsOf(
  transfer: Pick<Transfer, 'id' | 'kind' | 'code' | 'amount'>,
  sides: { debit: AccountKind; credit: AccountKind },
  rewardMint: boolean,
): Partial<Flows> {
  if (!movesMoney(transfer)) return {};
  const { amount } = transfer;
  if (sides.debit === 'issuance') {
    if (scheduledRowKind(transfer.id) === 'emission') return { emitted: amount };
    if (rewardMint) return { rewarded: amount, rewardsMinted: amount };
    return { minted: amount };
  }
  if (sides.credit === 'issuance') return { burned: amount };
  if (sides.credit === 'treasury' && TREASURY_INCOME_CODES.includes(transfer.code)) return { taxed: amount };
  if (REWARD_CODES.includes(transfer.code)) return { rewarded: amount };
  return {};
}
