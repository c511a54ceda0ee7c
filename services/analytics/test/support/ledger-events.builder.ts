import {
  LedgerEvents,
  type AccountKind,
  type TransferCode,
  type TransferEventData,
  type TransferKind,
} from '@ticketonomics/contracts';

/** One side of a transfer: the account and its balance right after it. */
export type Side = [id: string, balance: number];

function kindOf(accountId: string): AccountKind {
  return accountId.split(':')[0] as AccountKind;
}

function ownerOf(accountId: string): string | null {
  return accountId.split(':')[2] ?? null;
}

/**
 * The event a transfer of this kind is published as, and its data: a pending transfer's, a voided one's
 * (which also says why), or a posted one's (a post of a pending transfer included).
 */
export function transferEventOf(kind: TransferKind, data: TransferEventData) {
  if (kind === 'pending') return { spec: LedgerEvents.transferPending, data };
  if (kind === 'void_pending')
    return { spec: LedgerEvents.transferVoided, data: { ...data, reason: 'voided' } };
  return { spec: LedgerEvents.transferPosted, data };
}

/** The data of a ledger transfer event as the ledger writes it, for a hand-made event sequence. */
export function transferData(input: {
  seq: number;
  /** The transfer id; t-<seq> unless given (the schedule's and rewards' ids mean something). */
  id?: string;
  kind?: TransferKind;
  code: TransferCode;
  at: string;
  amount: number;
  debit: Side;
  credit: Side;
  communityId?: string;
}): TransferEventData {
  const communityId = input.communityId ?? input.debit[0].split(':')[1];
  const kind = input.kind ?? 'posted';
  const snapshot = ([id, balance]: Side) => ({
    id,
    kind: kindOf(id),
    ownerId: ownerOf(id),
    balance,
    pendingDebits: 0,
    pendingCredits: 0,
  });
  return {
    transfer: {
      seq: input.seq,
      id: input.id ?? `t-${input.seq}`,
      kind,
      communityId,
      debitAccountId: input.debit[0],
      creditAccountId: input.credit[0],
      amount: input.amount,
      code: input.code,
      memo: '',
      pendingId: kind === 'post_pending' || kind === 'void_pending' ? `t-${input.seq - 1}` : null,
      pendingState: kind === 'pending' ? 'open' : null,
      expiresAt: null,
      reversesId: null,
      linkedTo: null,
      debitBalanceAfter: input.debit[1],
      creditBalanceAfter: input.credit[1],
      createdAt: input.at,
      hash: 'ab'.repeat(32),
    },
    debit: snapshot(input.debit),
    credit: snapshot(input.credit),
  };
}

export function accountData(id: string, at: string) {
  return {
    id,
    communityId: id.split(':')[1],
    kind: kindOf(id),
    ownerId: ownerOf(id),
    frozen: false,
    balance: 0,
    pendingDebits: 0,
    pendingCredits: 0,
    available: 0,
    createdAt: at,
  };
}
