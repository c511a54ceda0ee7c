import {
  activeAccounts,
  earnedAmount,
  flowsOf,
  ledgerAccountId,
  movesMoney,
  NO_FLOWS,
  velocityAmount,
  type AccountSnapshot,
  type TransferEventData,
} from '@ticketonomics/contracts';
import { dayStart, hourStart, isoWeekStart } from '../series/time-buckets';
import type { AnalyticsStores } from '../store/analytics.stores';

/** The oldest hour, day and ISO week still kept; older buckets are neither written nor kept. */
export interface KeptSince {
  hourMs: number;
  dayMs: number;
  weekMs: number;
}

function accountRow(communityId: string, snapshot: AccountSnapshot) {
  return {
    accountId: snapshot.id,
    communityId,
    kind: snapshot.kind,
    ownerId: snapshot.ownerId,
    balance: snapshot.balance,
  };
}

/**
 * Apply one ledger transfer event (posted, pending or voided). Balances come from its snapshots, newest
 * seq wins; the row is counted once per journal seq; only rows that moved money feed volume, activity,
 * earnings and the buckets.
 */
export function projectTransfer(stores: AnalyticsStores, data: TransferEventData, kept: KeptSince): void {
  const { transfer, debit, credit } = data;
  const communityId = transfer.communityId;
  const atMs = Date.parse(transfer.createdAt);
  stores.balances.snapshot(accountRow(communityId, debit), transfer.seq);
  stores.balances.snapshot(accountRow(communityId, credit), transfer.seq);
  stores.totals.touch(communityId, atMs);
  if (!stores.totals.claimJournalRow(communityId, transfer.seq)) return;
  if (!movesMoney(transfer)) return;

  stores.totals.addTransfer(communityId, transfer.code, transfer.amount);
  const change = {
    transfers: 1,
    volume: transfer.amount,
    velocityVolume: velocityAmount(transfer, debit.kind),
    supply: -stores.balances.balanceOf(ledgerAccountId('issuance', communityId)),
  };
  const hourMs = hourStart(atMs);
  const dayMs = dayStart(atMs);
  const keepHour = hourMs >= kept.hourMs;
  if (keepHour) stores.series.add('hour', communityId, hourMs, change);
  stores.series.add('day', communityId, dayMs, change);
  // A reward's mint is told from an admin's by the id accounts announced for it (it came first in the stream).
  const rewardMint = debit.kind === 'issuance' && stores.flows.claimRewardMint(communityId, transfer.id);
  stores.flows.add(
    communityId,
    dayMs,
    { ...NO_FLOWS, ...flowsOf(transfer, { debit: debit.kind, credit: credit.kind }, rewardMint) },
    {
      supply: change.supply,
      treasury: stores.balances.balanceOf(ledgerAccountId('treasury', communityId)),
    },
  );
  for (const accountId of activeAccounts(transfer, debit, credit)) {
    if (keepHour && stores.activity.markActive('hour', communityId, hourMs, accountId)) {
      stores.series.addActive('hour', communityId, hourMs);
    }
    if (dayMs >= kept.dayMs && stores.activity.markActive('day', communityId, dayMs, accountId)) {
      stores.series.addActive('day', communityId, dayMs);
    }
  }
  const earned = earnedAmount(transfer, credit);
  const weekMs = isoWeekStart(atMs);
  if (earned > 0 && weekMs >= kept.weekMs) {
    stores.earnings.addEarning({
      communityId,
      weekMs,
      accountId: credit.id,
      ownerId: credit.ownerId,
      amount: earned,
    });
  }
}
